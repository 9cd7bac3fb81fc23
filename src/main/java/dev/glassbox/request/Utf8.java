package dev.glassbox.request;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strict UTF-8 helpers: Java's String conversions silently replace what these report. */
final class Utf8 {
  private Utf8() {}

  static boolean isValid(byte[] bytes) {
    try {
      decodeStrict(bytes);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** The UTF-8 bytes of a string that has no lone surrogates (checked by the reader). */
  static byte[] encode(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * UTF-8, except that a lone surrogate becomes its 3-byte generalized encoding, which strict
   * decoders reject: the result is invalid UTF-8 exactly when {@code s} is not valid Unicode, so a
   * bad name or value is reported rather than silently turned into '?'.
   */
  static byte[] encodeLossless(String s) {
    if (loneSurrogate(s) < 0) {
      return encode(s);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if (Character.isSurrogate(s.charAt(i)) && n == 1) {
        out.write(0xe0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3f));
        out.write(0x80 | (cp & 0x3f));
      } else {
        out.writeBytes(s.substring(i, i + n).getBytes(StandardCharsets.UTF_8));
      }
      i += n;
    }
    return out.toByteArray();
  }

  /** Index of the first lone surrogate, or -1 when {@code s} encodes to UTF-8 without loss. */
  static int loneSurrogate(String s) {
    try {
      StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      return -1;
    } catch (CharacterCodingException e) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return i;
        }
      }
      return 0;
    }
  }

  /** Unsigned byte order of the UTF-8 encodings (not UTF-16 order, which differs above U+FFFF). */
  static int compare(String a, String b) {
    return Arrays.compareUnsigned(encode(a), encode(b));
  }

  /** Text for messages: the string if the bytes are UTF-8, else with {@code \xNN} escapes. */
  static String display(byte[] bytes) {
    try {
      return decodeStrict(bytes);
    } catch (CharacterCodingException e) {
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
  }

  static boolean containsNul(String s) {
    return s.indexOf('\0') >= 0;
  }

  static boolean containsNul(byte[] b) {
    for (byte x : b) {
      if (x == 0) {
        return true;
      }
    }
    return false;
  }
}
