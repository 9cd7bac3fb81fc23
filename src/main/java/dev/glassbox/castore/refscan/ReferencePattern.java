package dev.glassbox.castore.refscan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of needles compiled once into a two-byte Wu-Manber matcher, shared by the
 * scanners of all outputs of a build.
 *
 * <p>Matching reproduces tvix's {@code TwoByteWM} semantics (engine-spec §4.7): scan left to right;
 * at the leftmost start where any needle matches, take the shortest matching needle (the lowest
 * index among identical ones), then continue at the end of that match.
 *
 * <p>How it is fast: let {@code m} be the length of the shortest needle. The matcher looks at the
 * two bytes that end an {@code m}-byte window. A 65536-entry shift table says how far the window
 * can move before any needle could start inside it; for random data and 32-byte needles that is
 * usually {@code m-1} bytes, so most bytes are never looked at. Only when the shift is 0 are the
 * needles whose {@code m}-prefix ends in those two bytes verified, cheapest first.
 */
public final class ReferencePattern {
  /** tvix's TwoByteWM refuses more needles than this (its needle ids are 16 bits). */
  public static final int MAX_NEEDLES = 65_535;

  /** A needle must have at least one two-byte block. */
  public static final int MIN_NEEDLE_LENGTH = 2;

  private static final int BLOCKS = 1 << 16;
  private static final ReferencePattern EMPTY = new ReferencePattern(new byte[0][]);

  private final byte[][] needles;
  private final int longest;
  private final int shortest;
  /** Number of needles that are not a copy of a lower-indexed needle; only those can be found. */
  private final int distinct;
  /** Per two-byte block: how far the window may move; 0 means "verify the bucket". */
  private final char[] shift;
  /** Bucket of block b is bucketNeedles[bucketStart[b] .. bucketStart[b+1]). */
  private final int[] bucketStart;
  /** Needle indices of all buckets, each bucket ordered by (length, index). */
  private final int[] bucketNeedles;
  /** The first two bytes of bucketNeedles[k] as one int, so most misses need no needle access. */
  private final int[] bucketPrefix;

  private ReferencePattern(byte[][] needles) {
    this.needles = needles;
    int lo = Integer.MAX_VALUE;
    int hi = 0;
    for (byte[] n : needles) {
      lo = Math.min(lo, n.length);
      hi = Math.max(hi, n.length);
    }
    this.longest = hi;
    this.shortest = needles.length == 0 ? 0 : lo;
    this.distinct = countDistinct(needles);
    if (needles.length == 0) {
      shift = null;
      bucketStart = null;
      bucketNeedles = null;
      bucketPrefix = null;
      return;
    }
    int m = shortest;
    // A shift larger than m-1 is never safe; capping at the char range only makes it smaller.
    char defaultShift = (char) Math.min(m - 1, Character.MAX_VALUE);
    shift = new char[BLOCKS];
    Arrays.fill(shift, defaultShift);
    int[] bucketSize = new int[BLOCKS];
    for (byte[] n : needles) {
      // j is the index of the second byte of a block inside the needle's m-prefix.
      for (int j = 1; j < m; j++) {
        int block = block(n, j - 1);
        int s = m - 1 - j;
        if (s < shift[block]) {
          shift[block] = (char) s;
        }
      }
      bucketSize[block(n, m - 2)]++;
    }
    bucketStart = new int[BLOCKS + 1];
    for (int b = 0; b < BLOCKS; b++) {
      bucketStart[b + 1] = bucketStart[b] + bucketSize[b];
    }
    Integer[] order = new Integer[needles.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Shortest first, then lowest index: the first verified candidate is the one tvix reports.
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> needles[i].length).thenComparingInt(i -> i));
    bucketNeedles = new int[needles.length];
    bucketPrefix = new int[needles.length];
    int[] fill = Arrays.copyOf(bucketStart, BLOCKS);
    for (int i : order) {
      int k = fill[block(needles[i], m - 2)]++;
      bucketNeedles[k] = i;
      bucketPrefix[k] = block(needles[i], 0);
    }
  }

  /**
   * Compiles {@code needles} (the byte arrays are copied).
   *
   * @throws IllegalArgumentException if a needle is shorter than 2 bytes or there are more than
   *     65535 needles; request validation rejects both before a build gets here
   */
  public static ReferencePattern of(List<byte[]> needles) {
    if (needles.size() > MAX_NEEDLES) {
      throw new IllegalArgumentException(
          "a reference pattern takes at most "
              + MAX_NEEDLES
              + " needles, got "
              + needles.size()
              + "; split the request or drop needles that cannot occur");
    }
    if (needles.isEmpty()) {
      return EMPTY;
    }
    byte[][] copy = new byte[needles.size()][];
    for (int i = 0; i < copy.length; i++) {
      byte[] n = needles.get(i);
      if (n.length < MIN_NEEDLE_LENGTH) {
        throw new IllegalArgumentException(
            "refscan needle "
                + i
                + " has "
                + n.length
                + " byte(s); needles need at least "
                + MIN_NEEDLE_LENGTH
                + " bytes (tvix's matcher would crash on it)");
      }
      copy[i] = n.clone();
    }
    return new ReferencePattern(copy);
  }

  /** Compiles the UTF-8 bytes of {@code needles}, as tvix does with {@code refscan_needles}. */
  public static ReferencePattern ofStrings(List<String> needles) {
    List<byte[]> bytes = new ArrayList<>(needles.size());
    for (String s : needles) {
      bytes.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return of(bytes);
  }

  /** The pattern without needles: nothing is ever found. */
  public static ReferencePattern empty() {
    return EMPTY;
  }

  /** Number of needles, including duplicates. */
  public int size() {
    return needles.length;
  }

  /** A copy of needle {@code i}. */
  public byte[] needle(int i) {
    return needles[i].clone();
  }

  /** Length of the longest needle, 0 without needles; scans of shorter haystacks are skipped. */
  public int longest() {
    return longest;
  }

  /** Needles that can be reported at all: duplicates of a lower-indexed needle never are. */
  int distinct() {
    return distinct;
  }

  /** Receives matches; return false to stop the search early. */
  @FunctionalInterface
  public interface MatchListener {
    /** {@code start} counts from the {@code off} given to {@link #findMatches}. */
    boolean match(int needle, int start);
  }

  /**
   * Reports the non-overlapping matches in {@code haystack[off, off+len)} in order. This is the
   * raw matcher: unlike {@link ReferenceScanner#scan}, it does not skip short haystacks.
   */
  public void findMatches(byte[] haystack, int off, int len, MatchListener listener) {
    java.util.Objects.checkFromIndexSize(off, len, haystack.length);
    if (needles.length == 0) {
      return;
    }
    final byte[] h = haystack;
    final int m = shortest;
    final int end = off + len;
    final int lastStart = end - m;
    final char[] shiftTable = shift;
    int s = off;
    while (s <= lastStart) {
      int i = s + m - 2;
      int block = ((h[i] & 0xff) << 8) | (h[i + 1] & 0xff);
      int sh = shiftTable[block];
      if (sh != 0) {
        s += sh;
        continue;
      }
      int found = verify(h, s, end, block);
      if (found < 0) {
        s++;
      } else {
        if (!listener.match(found, s - off)) {
          return;
        }
        s += needles[found].length;
      }
    }
  }

  /** The needle tvix reports at {@code s}, or -1: the first full match in the bucket's order. */
  private int verify(byte[] h, int s, int end, int block) {
    int prefix = ((h[s] & 0xff) << 8) | (h[s + 1] & 0xff);
    int limit = end - s;
    for (int k = bucketStart[block], e = bucketStart[block + 1]; k < e; k++) {
      if (bucketPrefix[k] != prefix) {
        continue;
      }
      int n = bucketNeedles[k];
      byte[] needle = needles[n];
      if (needle.length > limit) {
        // Buckets are ordered by length, so every later candidate is too long as well.
        return -1;
      }
      if (Arrays.equals(needle, 2, needle.length, h, s + 2, s + needle.length)) {
        return n;
      }
    }
    return -1;
  }

  private static int block(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static int countDistinct(byte[][] needles) {
    List<byte[]> sorted = new ArrayList<>(needles.length);
    Collections.addAll(sorted, needles);
    sorted.sort(Arrays::compareUnsigned);
    int count = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (i == 0 || !Arrays.equals(sorted.get(i), sorted.get(i - 1))) {
        count++;
      }
    }
    return count;
  }
}
