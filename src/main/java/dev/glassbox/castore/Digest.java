package dev.glassbox.castore;

import dev.glassbox.castore.blake3.Blake3;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A 32-byte BLAKE3 digest, printed as {@code b3:} + padded standard base64 like tvix does. */
public final class Digest implements Comparable<Digest> {
  public static final int LENGTH = 32;
  private static final String PREFIX = "b3:";

  private final byte[] bytes;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps exactly 32 bytes (copied). */
  public static Digest of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a BLAKE3 digest has 32 bytes, got " + bytes.length);
    }
    return new Digest(bytes.clone());
  }

  /** The BLAKE3 digest of {@code data}. */
  public static Digest ofContents(byte[] data) {
    return new Digest(Blake3.hash(data));
  }

  /**
   * Parses {@code b3:<base64>} (tvix's display form) or 64 hex digits.
   *
   * @throws IllegalArgumentException with a sentence saying which forms are accepted
   */
  public static Digest parse(String text) {
    String s = text.strip();
    byte[] raw = null;
    try {
      if (s.startsWith(PREFIX)) {
        raw = Base64.getDecoder().decode(s.substring(PREFIX.length()));
      } else if (s.length() == 2 * LENGTH) {
        raw = HexFormat.of().parseHex(s.toLowerCase(java.util.Locale.ROOT));
      }
    } catch (IllegalArgumentException e) {
      raw = null;
    }
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a digest: write it as b3:<base64 of 32 bytes> (44 characters after"
              + " 'b3:') or as 64 hex digits");
    }
    return new Digest(raw);
  }

  /** A copy of the raw 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The byte at {@code i}, without copying. */
  public byte byteAt(int i) {
    return bytes[i];
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes are already uniformly distributed.
    return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | bytes[3] << 24;
  }

  @Override
  public int compareTo(Digest o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  /** Writes the raw bytes into {@code out} (used by the encoder, avoids a copy). */
  void copyTo(java.io.ByteArrayOutputStream out) {
    out.write(bytes, 0, LENGTH);
  }
}
