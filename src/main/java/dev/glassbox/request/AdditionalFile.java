package dev.glassbox.request;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file Glassbox writes into the sandbox before the build starts, at {@code path} relative to the
 * sandbox root (it must lie inside a scratch path; {@link BuildRequest} checks that).
 */
public record AdditionalFile(String path, byte[] contents) {
  public AdditionalFile {
    Objects.requireNonNull(path, "path");
    contents = contents.clone();
  }

  /** A copy of the contents. */
  @Override
  public byte[] contents() {
    return contents.clone();
  }

  public int size() {
    return contents.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdditionalFile f && path.equals(f.path) && Arrays.equals(contents, f.contents);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Arrays.hashCode(contents);
  }

  @Override
  public String toString() {
    return "AdditionalFile[" + path + ", " + contents.length + " bytes]";
  }
}
