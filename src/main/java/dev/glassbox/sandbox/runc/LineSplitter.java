package dev.glassbox.sandbox.runc;

import dev.glassbox.sandbox.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Cuts the bytes of one stream into lines and publishes them; see {@link
 * dev.glassbox.sandbox.LogLine} for the rules. Not thread-safe: one instance per stream and pump.
 */
final class LineSplitter {
  /** A UTF-8 character is at most 4 bytes; a piece must hold at least one whole character. */
  static final int MIN_MAX_LINE_BYTES = 8;

  private final LogStream stream;
  private final int maxLineBytes;
  private final LogPublisher publisher;
  // Bytes of the current line that arrived in earlier reads; never more than maxLineBytes.
  private final byte[] pending;
  private int pendingLength;

  LineSplitter(LogStream stream, int maxLineBytes, LogPublisher publisher) {
    if (maxLineBytes < MIN_MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          "maxLineBytes must be at least " + MIN_MAX_LINE_BYTES + ", got " + maxLineBytes);
    }
    this.stream = Objects.requireNonNull(stream, "stream");
    this.maxLineBytes = maxLineBytes;
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.pending = new byte[maxLineBytes];
  }

  /** Splits {@code buf[0, length)}; the buffer may be reused by the caller afterwards. */
  void accept(byte[] buf, int length, long epochMillis) {
    int start = 0;
    while (start < length) {
      int newline = indexOfNewline(buf, start, length);
      if (newline < 0) {
        segment(buf, start, length, false, epochMillis);
        return;
      }
      segment(buf, start, newline, true, epochMillis);
      start = newline + 1;
    }
  }

  /** Publishes what is left of an unterminated last line; call once, at end of stream. */
  void finish(long epochMillis) {
    if (pendingLength > 0) {
      emit(pending, 0, pendingLength, true, epochMillis);
      pendingLength = 0;
    }
  }

  private static int indexOfNewline(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Handles the bytes {@code b[from, to)} of the current line; {@code terminated} if '\n' follows. */
  private void segment(byte[] b, int from, int to, boolean terminated, long epochMillis) {
    while (pendingLength + (to - from) > maxLineBytes) {
      if (pendingLength == 0) {
        // Common case for long lines: cut straight out of the read buffer, no copy.
        int cut = utf8Cut(b, from, from + maxLineBytes);
        emit(b, from, cut - from, true, epochMillis);
        from = cut;
      } else {
        int take = maxLineBytes - pendingLength;
        System.arraycopy(b, from, pending, pendingLength, take);
        from += take;
        int cut = utf8Cut(pending, 0, maxLineBytes);
        emit(pending, 0, cut, true, epochMillis);
        int rest = maxLineBytes - cut;
        System.arraycopy(pending, cut, pending, 0, rest);
        pendingLength = rest;
      }
    }
    if (terminated) {
      if (pendingLength == 0) {
        emit(b, from, to - from, false, epochMillis);
      } else {
        System.arraycopy(b, from, pending, pendingLength, to - from);
        emit(pending, 0, pendingLength + (to - from), false, epochMillis);
        pendingLength = 0;
      }
    } else {
      System.arraycopy(b, from, pending, pendingLength, to - from);
      pendingLength += to - from;
    }
  }

  /**
   * Where to end a piece that would fill {@code b[start, end)}: at {@code end}, or earlier if the
   * last character would be cut in two, so that every piece decodes on its own.
   */
  static int utf8Cut(byte[] b, int start, int end) {
    for (int i = end - 1; i >= start && i >= end - 4; i--) {
      int c = b[i] & 0xFF;
      if ((c & 0xC0) != 0x80) { // an ASCII byte or the lead byte of a multi-byte character
        int size = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        return i + size > end && i > start ? i : end;
      }
    }
    // Only continuation bytes at the end: malformed anyway, so any cut decodes the same way.
    return end;
  }

  private void emit(byte[] b, int from, int length, boolean partial, long epochMillis) {
    publisher.publish(
        stream, epochMillis, new String(b, from, length, StandardCharsets.UTF_8), partial);
  }
}
