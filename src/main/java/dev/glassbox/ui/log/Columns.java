package dev.glassbox.ui.log;

import java.util.Arrays;

/**
 * Growable primitive columns in pages, so that millions of index entries cost a few bytes each and
 * growing never copies the whole column.
 */
final class Columns {
  private Columns() {}

  static final int PAGE_BITS = 14;
  static final int PAGE = 1 << PAGE_BITS;
  static final int MASK = PAGE - 1;

  /** A column of longs. */
  static final class Longs {
    private long[][] pages = new long[4][];
    private int size;

    int size() {
      return size;
    }

    void add(long v) {
      int page = size >>> PAGE_BITS;
      if (page == pages.length) {
        pages = Arrays.copyOf(pages, pages.length * 2);
      }
      if (pages[page] == null) {
        pages[page] = new long[PAGE];
      }
      pages[page][size & MASK] = v;
      size++;
    }

    long get(int i) {
      return pages[i >>> PAGE_BITS][i & MASK];
    }

    void set(int i, long v) {
      pages[i >>> PAGE_BITS][i & MASK] = v;
    }
  }

  /** A column of ints. */
  static final class Ints {
    private int[][] pages = new int[4][];
    private int size;

    int size() {
      return size;
    }

    void add(int v) {
      int page = size >>> PAGE_BITS;
      if (page == pages.length) {
        pages = Arrays.copyOf(pages, pages.length * 2);
      }
      if (pages[page] == null) {
        pages[page] = new int[PAGE];
      }
      pages[page][size & MASK] = v;
      size++;
    }

    int get(int i) {
      return pages[i >>> PAGE_BITS][i & MASK];
    }

    void set(int i, int v) {
      pages[i >>> PAGE_BITS][i & MASK] = v;
    }

    /** Index of the first element {@code >= key} in a column sorted ascending, within [0, size). */
    int lowerBound(int key, int size) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (get(mid) < key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** A column of bytes. */
  static final class Bytes {
    private byte[][] pages = new byte[4][];
    private int size;

    void add(byte v) {
      int page = size >>> PAGE_BITS;
      if (page == pages.length) {
        pages = Arrays.copyOf(pages, pages.length * 2);
      }
      if (pages[page] == null) {
        pages[page] = new byte[PAGE];
      }
      pages[page][size & MASK] = v;
      size++;
    }

    byte get(int i) {
      return pages[i >>> PAGE_BITS][i & MASK];
    }

    void set(int i, byte v) {
      pages[i >>> PAGE_BITS][i & MASK] = v;
    }
  }
}
