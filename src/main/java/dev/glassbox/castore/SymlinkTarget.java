package dev.glassbox.castore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A validated symlink target: raw bytes, 1..4095 long, without NUL; anything else is allowed. */
public final class SymlinkTarget {
  public static final int MAX_LENGTH = 4095;

  private final byte[] bytes;

  private SymlinkTarget(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The reasons a target is rejected, in the order they are checked (engine-spec §1.5.3). */
  public enum Problem {
    EMPTY("is empty"),
    TOO_LONG("is longer than 4095 bytes"),
    NULL("contains a NUL byte");

    private final String sentence;

    Problem(String sentence) {
      this.sentence = sentence;
    }

    public String sentence() {
      return sentence;
    }
  }

  public static SymlinkTarget of(byte[] bytes) throws InvalidSymlinkTargetException {
    Problem p = check(bytes);
    if (p != null) {
      throw new InvalidSymlinkTargetException(bytes, p);
    }
    return new SymlinkTarget(bytes.clone());
  }

  public static SymlinkTarget of(String target) throws InvalidSymlinkTargetException {
    return of(target.getBytes(StandardCharsets.UTF_8));
  }

  public static Problem check(byte[] bytes) {
    if (bytes.length == 0) {
      return Problem.EMPTY;
    }
    if (bytes.length > MAX_LENGTH) {
      return Problem.TOO_LONG;
    }
    if (ByteString.contains(bytes, (byte) 0)) {
      return Problem.NULL;
    }
    return null;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  byte[] rawBytes() {
    return bytes;
  }

  public String asUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return ByteString.display(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SymlinkTarget t && Arrays.equals(bytes, t.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
