package dev.glassbox.castore.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A paged hex comparison of two stored files: only the requested rows are read, so a diff of two
 * multi-gigabyte blobs costs one page.
 */
public final class HexDiff {
  public static final int ROW_BYTES = 16;
  private static final int SCAN_CHUNK = 1 << 16;

  private HexDiff() {}

  /**
   * One row of 16 bytes at {@code offset}; a side is shorter (or empty) past its end.
   *
   * @param differs per byte position, whether the two sides differ (a byte on one side only counts)
   */
  public record Row(long offset, byte[] left, byte[] right, boolean[] differs) {
    public Row {
      left = left.clone();
      right = right.clone();
      differs = differs.clone();
    }

    public boolean anyDifference() {
      for (boolean d : differs) {
        if (d) {
          return true;
        }
      }
      return false;
    }

    /** {@code 00000010  48 65 6c …} for one side, padded to a full row. */
    public String hex(boolean leftSide) {
      byte[] b = leftSide ? left : right;
      StringBuilder s = new StringBuilder();
      HexFormat hex = HexFormat.of();
      for (int i = 0; i < ROW_BYTES; i++) {
        s.append(i < b.length ? hex.toHexDigits(b[i]) : "  ");
        s.append(i == 7 ? "  " : " ");
      }
      return s.toString();
    }

    /** The printable ASCII of one side, other bytes as dots. */
    public String ascii(boolean leftSide) {
      byte[] b = leftSide ? left : right;
      StringBuilder s = new StringBuilder();
      for (byte x : b) {
        s.append(x >= 0x20 && x < 0x7f ? (char) x : '.');
      }
      return s.toString();
    }
  }

  /** {@code rows} rows starting at the row holding {@code offset}. */
  public static List<Row> page(Castore store, FileNode left, FileNode right, long offset, int rows)
      throws StoreException {
    long start = offset - Math.floorMod(offset, ROW_BYTES);
    int length = Math.max(0, rows) * ROW_BYTES;
    byte[] a = new byte[(int) Math.max(0, Math.min(length, left.size() - start))];
    byte[] b = new byte[(int) Math.max(0, Math.min(length, right.size() - start))];
    int na = a.length == 0 ? 0 : Contents.readAt(store, left, start, a);
    int nb = b.length == 0 ? 0 : Contents.readAt(store, right, start, b);
    List<Row> out = new ArrayList<>();
    for (int at = 0; at < Math.max(na, nb); at += ROW_BYTES) {
      byte[] ra = Arrays.copyOfRange(a, Math.min(at, na), Math.min(at + ROW_BYTES, na));
      byte[] rb = Arrays.copyOfRange(b, Math.min(at, nb), Math.min(at + ROW_BYTES, nb));
      boolean[] d = new boolean[Math.max(ra.length, rb.length)];
      for (int i = 0; i < d.length; i++) {
        d[i] = i >= ra.length || i >= rb.length || ra[i] != rb[i];
      }
      out.add(new Row(start + at, ra, rb, d));
    }
    return out;
  }

  /**
   * The offset of the first differing byte, streaming both blobs in 64 KiB chunks; -1 when the
   * contents are equal. A shorter file differs at its end.
   */
  public static long firstDifference(Castore store, FileNode left, FileNode right)
      throws StoreException, InterruptedException {
    if (left.digest().equals(right.digest())) {
      return -1;
    }
    if (left.size() == 0 || right.size() == 0) {
      // An empty side (e.g. a file that only exists on the other side) needs no blob to read.
      return left.size() == right.size() ? -1 : 0;
    }
    try (SeekableByteChannel a = Contents.open(store, left);
        SeekableByteChannel b = Contents.open(store, right)) {
      ByteBuffer ba = ByteBuffer.allocate(SCAN_CHUNK);
      ByteBuffer bb = ByteBuffer.allocate(SCAN_CHUNK);
      long pos = 0;
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException("the comparison was cancelled");
        }
        int na = fill(a, ba.clear());
        int nb = fill(b, bb.clear());
        int mismatch = Arrays.mismatch(ba.array(), 0, na, bb.array(), 0, nb);
        if (mismatch >= 0) {
          return pos + mismatch;
        }
        if (na < SCAN_CHUNK) {
          return -1;
        }
        pos += na;
      }
    } catch (IOException e) {
      throw new StoreException("cannot read the blobs to compare: " + e.getMessage(), e);
    }
  }

  private static int fill(SeekableByteChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        break;
      }
    }
    return buf.position();
  }
}
