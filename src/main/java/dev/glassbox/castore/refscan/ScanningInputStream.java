package dev.glassbox.castore.refscan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Passes the bytes of another stream through unchanged while feeding them to a {@link
 * ReferenceScanner} in tvix's windows (engine-spec §4.7, {@code ReferenceReader}).
 *
 * <p>The buffer holds {@code max(capacity, longest)} bytes. Each refill first keeps the last
 * {@code longest-1} bytes of the previous window in front, then reads until the buffer holds more
 * than {@code longest-1} bytes or the stream ends, and scans the whole buffer. So a needle that
 * spans two reads is still found, and "non-overlapping" is decided per window, exactly as
 * upstream. Window boundaries follow the sizes the underlying {@code read} calls return, as they
 * do upstream.
 */
public final class ScanningInputStream extends InputStream {
  /** tvix's {@code DEFAULT_BUF_SIZE}. */
  public static final int DEFAULT_CAPACITY = 8 * 1024;

  private final ReferenceScanner scanner;
  private final InputStream in;
  private final byte[] buffer;
  private final int overlap;
  private int length;
  private int consumed;
  private boolean eof;

  public ScanningInputStream(ReferenceScanner scanner, InputStream in) {
    this(scanner, in, DEFAULT_CAPACITY);
  }

  /** A stream with a smaller or larger window (raised to the longest needle, as upstream). */
  public ScanningInputStream(ReferenceScanner scanner, InputStream in, int capacity) {
    this.scanner = Objects.requireNonNull(scanner, "scanner");
    this.in = Objects.requireNonNull(in, "in");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    int longest = scanner.pattern().longest();
    this.buffer = new byte[Math.max(capacity, longest)];
    // Without needles there is nothing to carry over between windows.
    this.overlap = Math.max(longest - 1, 0);
  }

  @Override
  public int read() throws IOException {
    if (consumed == length && !fill()) {
      return -1;
    }
    return buffer[consumed++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (consumed == length && !fill()) {
      return -1;
    }
    int n = Math.min(len, length - consumed);
    System.arraycopy(buffer, consumed, b, off, n);
    consumed += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return length - consumed;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Refills and scans one window; false when no new bytes came (end of stream). */
  private boolean fill() throws IOException {
    if (consumed > overlap) {
      System.arraycopy(buffer, length - overlap, buffer, 0, overlap);
      length = overlap;
      consumed = overlap;
    }
    int before = length;
    while (!eof) {
      int r = in.read(buffer, length, buffer.length - length);
      if (r < 0) {
        eof = true;
        break;
      }
      length += r;
      if (length > overlap) {
        break;
      }
    }
    if (length == before) {
      // NOTE: upstream scans here too, but the buffer is then at most longest-1 bytes (or was
      // scanned already), which the short-haystack rule skips; skipping it changes nothing.
      return false;
    }
    scanner.scan(buffer, 0, length);
    return true;
  }
}
