package dev.glassbox.castore.diff;

/** How one path differs between the left (older) and the right (newer) tree. */
public enum ChangeKind {
  /** Only on the right; a directory stands for its whole subtree (one entry, with counts). */
  ADDED("added", "A"),
  /** Only on the left; a directory stands for its whole subtree. */
  REMOVED("removed", "D"),
  /** A file whose contents differ, or a directory with differences somewhere below it. */
  CHANGED("changed", "M"),
  /** File, directory and symlink swapped places (e.g. a file became a directory). */
  TYPE_CHANGED("type changed", "T"),
  /** The same contents; only the executable bit differs. */
  EXECUTABLE_CHANGED("exec bit changed", "X"),
  /** A symlink pointing somewhere else. */
  TARGET_CHANGED("symlink target changed", "L"),
  /** Identical on both sides; a directory is collapsed and never read. */
  UNCHANGED("unchanged", " ");

  private final String label;
  private final String mark;

  ChangeKind(String label, String mark) {
    this.label = label;
    this.mark = mark;
  }

  /** Lower-case words for messages and JSON ({@code "exec bit changed"}). */
  public String label() {
    return label;
  }

  /** One letter for listings, like {@code git diff --name-status} (A, D, M, T; X exec bit, L link). */
  public String mark() {
    return mark;
  }

  /** The JSON form: {@code added}, {@code type-changed}, … */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public boolean isDifference() {
    return this != UNCHANGED;
  }
}
