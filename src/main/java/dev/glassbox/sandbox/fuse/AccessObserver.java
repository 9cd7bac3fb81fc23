package dev.glassbox.sandbox.fuse;

/**
 * Sees every access the sandboxed build makes to its inputs, for input-access tracing.
 *
 * <p>Calls arrive on the FUSE server threads, concurrently, while the kernel waits for the answer:
 * implementations must be thread-safe, must not block and should not allocate much. Paths are
 * mount-relative and start with '/'. Whatever an implementation throws is caught and logged; it
 * never changes the answer given to the build.
 */
public interface AccessObserver {
  /** The kernel's {@code __FMODE_EXEC}, set in the open flags of a file opened for execve. */
  int FMODE_EXEC = 0x20;

  /** Does nothing; the default for mounts that are not traced. */
  AccessObserver NONE = new AccessObserver() {};

  /** A path was looked up (stat'ed or resolved); {@code found} is false for a missing name. */
  default void lookup(String path, boolean found) {}

  /** A regular file was opened for reading. */
  default void open(String path) {}

  /**
   * A regular file was opened; {@code flags} are the open flags the kernel passed on. They carry
   * the kernel's {@code __FMODE_EXEC} bit ({@link #FMODE_EXEC}) when the file is opened by {@code
   * execve} (a program, a script run directly, or the interpreter its #! line names), and not for
   * a plain read. The default
   * forwards to {@link #open(String)}.
   */
  default void open(String path, int flags) {
    open(path);
  }

  /** {@code bytes} bytes were read at {@code offset} (0 at or after the end of the file). */
  default void read(String path, long offset, int bytes) {}

  /** A symlink's target was read. */
  default void readlink(String path) {}

  /** A directory listing was started. */
  default void readdir(String path) {}
}
