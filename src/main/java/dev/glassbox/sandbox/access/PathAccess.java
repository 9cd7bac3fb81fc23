package dev.glassbox.sandbox.access;

import java.util.Objects;

/**
 * What a build did to one existing path of its inputs.
 *
 * @param path mount-relative, starting with '/', the input's name first ({@code /gcc/bin/gcc})
 * @param flags a combination of the {@code LOOKED_UP} ... {@code LISTED} bits
 * @param opens how many times it was opened
 * @param reads how many read calls reached the filesystem (the kernel's page cache may serve more)
 * @param bytesRead the bytes those calls returned
 */
public record PathAccess(String path, int flags, long opens, long reads, long bytesRead) {
  /** The path was resolved (stat'ed, or walked through); found. */
  public static final int LOOKED_UP = 1;

  /** The file was opened. */
  public static final int OPENED = 1 << 1;

  /** Bytes of the file were read (at least one read call, possibly at the end of the file). */
  public static final int READ = 1 << 2;

  /** The file was opened by execve: run as a program, or as a script's interpreter. */
  public static final int EXECUTED = 1 << 3;

  /** The symlink's target was read. */
  public static final int READLINK = 1 << 4;

  /** The directory was listed. */
  public static final int LISTED = 1 << 5;

  /** Any of the bits that mean the content was used, not just its name. */
  public static final int CONTENT = OPENED | READ | EXECUTED | READLINK | LISTED;

  public PathAccess {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException(
          "an access path starts with '/' and names an input: " + path);
    }
    if (opens < 0 || reads < 0 || bytesRead < 0) {
      throw new IllegalArgumentException("access counters cannot be negative (" + path + ")");
    }
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Whether the build used the content (opened, read, executed, listed, read the link). */
  public boolean contentUsed() {
    return (flags & CONTENT) != 0;
  }

  /** The input this path belongs to: its first component. */
  public String input() {
    return AccessPaths.inputOf(path);
  }
}
