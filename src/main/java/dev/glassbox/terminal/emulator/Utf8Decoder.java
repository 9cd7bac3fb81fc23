package dev.glassbox.terminal.emulator;

import java.util.function.IntConsumer;

/**
 * Decodes UTF-8 into code points, keeping a partial sequence between calls: a pty read can end in
 * the middle of a character, and the rest arrives with the next chunk. Malformed input becomes
 * U+FFFD, one per bad sequence, and decoding resynchronises at the next lead byte.
 */
final class Utf8Decoder {
  static final int REPLACEMENT = 0xFFFD;

  private int codePoint;
  private int needed;
  private int seen;
  private int min;

  /** Feeds one byte; calls {@code out} for each code point it completes. */
  void feed(int b, IntConsumer out) {
    b &= 0xFF;
    if (needed > 0) {
      if ((b & 0xC0) == 0x80) {
        codePoint = (codePoint << 6) | (b & 0x3F);
        seen++;
        if (seen == needed) {
          int cp = codePoint;
          boolean bad = cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF);
          needed = 0;
          out.accept(bad ? REPLACEMENT : cp);
        }
        return;
      }
      // A lead or ASCII byte where a continuation was due: the sequence was cut short.
      needed = 0;
      out.accept(REPLACEMENT);
    }
    if (b < 0x80) {
      out.accept(b);
    } else if ((b & 0xE0) == 0xC0) {
      start(b & 0x1F, 1, 0x80);
    } else if ((b & 0xF0) == 0xE0) {
      start(b & 0x0F, 2, 0x800);
    } else if ((b & 0xF8) == 0xF0) {
      start(b & 0x07, 3, 0x10000);
    } else {
      out.accept(REPLACEMENT);
    }
  }

  /** True while a multi-byte character is incomplete. */
  boolean inSequence() {
    return needed > 0;
  }

  private void start(int bits, int continuationBytes, int minimum) {
    codePoint = bits;
    needed = continuationBytes;
    seen = 0;
    min = minimum;
  }
}
