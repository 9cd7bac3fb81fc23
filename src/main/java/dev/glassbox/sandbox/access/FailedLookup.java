package dev.glassbox.sandbox.access;

import java.util.Objects;

/**
 * A name the build looked for in its inputs that was not there.
 *
 * @param path mount-relative, starting with '/' ({@code /gcc/lib/libfoo.so})
 * @param attempts how many lookups failed for it
 * @param firstEpochMillis when the first one failed
 * @param logSeq the sequence number of the last log line the build had printed by then, or -1 when
 *     it had printed none; the lines around it show what the build was doing
 */
public record FailedLookup(String path, long attempts, long firstEpochMillis, long logSeq) {
  public FailedLookup {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException("a failed lookup path starts with '/': " + path);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("a failed lookup was attempted at least once: " + path);
    }
    if (logSeq < -1) {
      throw new IllegalArgumentException("logSeq is -1 or a line's sequence number: " + logSeq);
    }
  }

  /** The input name it was looked for in: its first component. */
  public String input() {
    return AccessPaths.inputOf(path);
  }

  /** The path inside that input ("" when the input itself is missing). */
  public String inside() {
    return AccessPaths.insideOf(path);
  }
}
