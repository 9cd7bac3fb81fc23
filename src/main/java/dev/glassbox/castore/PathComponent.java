package dev.glassbox.castore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One validated name inside a directory: raw bytes, 1..255 long, no NUL, no '/', not '.' or '..'. */
public final class PathComponent implements Comparable<PathComponent> {
  public static final int MAX_LENGTH = 255;

  private final byte[] bytes;

  private PathComponent(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The reasons a name is rejected, checked in this order (engine-spec §1.5.1). */
  public enum Problem {
    EMPTY("is empty"),
    PARENT("is '..'"),
    CUR_DIR("is '.'"),
    TOO_LONG("is longer than 255 bytes"),
    NULL("contains a NUL byte"),
    SLASHES("contains '/'");

    private final String sentence;

    Problem(String sentence) {
      this.sentence = sentence;
    }

    public String sentence() {
      return sentence;
    }
  }

  /** Validates raw bytes (copied). */
  public static PathComponent of(byte[] bytes) throws InvalidNameException {
    Problem p = check(bytes);
    if (p != null) {
      throw new InvalidNameException(bytes, p);
    }
    return new PathComponent(bytes.clone());
  }

  /** Validates the UTF-8 bytes of {@code name}. */
  public static PathComponent of(String name) throws InvalidNameException {
    return of(name.getBytes(StandardCharsets.UTF_8));
  }

  /** The first rule {@code bytes} breaks, or null when it is a valid name. */
  public static Problem check(byte[] bytes) {
    if (bytes.length == 0) {
      return Problem.EMPTY;
    }
    if (bytes.length == 2 && bytes[0] == '.' && bytes[1] == '.') {
      return Problem.PARENT;
    }
    if (bytes.length == 1 && bytes[0] == '.') {
      return Problem.CUR_DIR;
    }
    if (bytes.length > MAX_LENGTH) {
      return Problem.TOO_LONG;
    }
    if (ByteString.contains(bytes, (byte) 0)) {
      return Problem.NULL;
    }
    if (ByteString.contains(bytes, (byte) '/')) {
      return Problem.SLASHES;
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

  /** The name as text; invalid UTF-8 bytes are shown as {@code \xNN}. */
  @Override
  public String toString() {
    return ByteString.display(bytes);
  }

  /** The name decoded as UTF-8 for host file APIs (lossy only for names that are not UTF-8). */
  public String asUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathComponent p && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(PathComponent o) {
    return ByteString.compare(bytes, o.bytes);
  }
}
