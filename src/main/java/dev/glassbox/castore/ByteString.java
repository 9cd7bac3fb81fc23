package dev.glassbox.castore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Helpers for names and targets, which are raw bytes compared as unsigned (memcmp) order. */
final class ByteString {
  private ByteString() {}

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  static boolean contains(byte[] a, byte b) {
    for (byte x : a) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }

  /** Rust {@code Debug}-style text: printable ASCII as is, every other byte as {@code \xNN}. */
  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v >= 0x20 && v < 0x7f) {
        sb.append((char) v);
      } else {
        sb.append(String.format("\\x%02x", v));
      }
    }
    return sb.toString();
  }

  /** UTF-8 where the bytes are valid UTF-8, else Rust-style {@code \xNN} escapes for the bad bytes. */
  static String display(byte[] bytes) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return escape(bytes);
    }
  }
}
