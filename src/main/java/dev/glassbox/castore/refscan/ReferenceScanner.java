package dev.glassbox.castore.refscan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Collects which needles of a {@link ReferencePattern} occur in one build output; every scan ORs
 * into one found-flag per needle.
 *
 * <p>Thread-safe: the files of an output are ingested concurrently, and all of them report into
 * the same scanner, as in tvix.
 */
public final class ReferenceScanner {
  private final ReferencePattern pattern;
  private final AtomicIntegerArray flags;
  private final AtomicInteger foundCount = new AtomicInteger();

  public ReferenceScanner(ReferencePattern pattern) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.flags = new AtomicIntegerArray(pattern.size());
  }

  public ReferencePattern pattern() {
    return pattern;
  }

  /** Scans a whole buffer, e.g. a symlink target. */
  public void scan(byte[] haystack) {
    scan(haystack, 0, haystack.length);
  }

  /**
   * Scans {@code haystack[off, off+len)} on its own: matches do not continue into other calls.
   *
   * <p>NOTE: like tvix, a haystack shorter than the longest needle is not scanned at all, so a
   * short symlink target never matches even a short needle when a longer needle exists.
   */
  public void scan(byte[] haystack, int off, int len) {
    Objects.checkFromIndexSize(off, len, haystack.length);
    if (len < pattern.longest() || allFound()) {
      return;
    }
    pattern.findMatches(haystack, off, len, this::record);
  }

  /**
   * Scans everything {@code in} delivers up to its end with the window rule of engine-spec §4.7,
   * and closes nothing. Use {@link #wrap} instead when the bytes are needed as well.
   */
  public void scanStream(InputStream in) throws IOException {
    try (InputStream s = new ScanningInputStream(this, new NonClosing(in))) {
      s.transferTo(OutputStreamSink.INSTANCE);
    }
  }

  /** A stream that returns exactly the bytes of {@code in} and scans them as they are read. */
  public ScanningInputStream wrap(InputStream in) {
    return new ScanningInputStream(this, in);
  }

  /** Whether needle {@code i} was found. */
  public boolean found(int i) {
    return flags.get(i) != 0;
  }

  /** The indices of the found needles, ascending (tvix's {@code OutputNeedles.needles}). */
  public int[] found() {
    // Counted from the flags, not foundCount, so a scan still running elsewhere cannot make the
    // two disagree.
    int[] out = new int[flags.length()];
    int k = 0;
    for (int i = 0; i < flags.length(); i++) {
      if (flags.get(i) != 0) {
        out[k++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  private boolean record(int needle, int start) {
    if (flags.get(needle) == 0 && flags.compareAndSet(needle, 0, 1)) {
      foundCount.incrementAndGet();
    }
    // Once every findable needle is found, further matching cannot change the result.
    return !allFound();
  }

  private boolean allFound() {
    return pattern.size() > 0 && foundCount.get() >= pattern.distinct();
  }

  /** Lets {@link #scanStream} close its wrapper without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }

  /** Discards bytes; scanning happens while they are read. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
