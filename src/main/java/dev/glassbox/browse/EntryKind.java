package dev.glassbox.browse;

/** What a tree entry is. */
public enum EntryKind {
  DIRECTORY("directory"),
  FILE("file"),
  SYMLINK("symlink"),
  /** A device, socket or pipe found on disk (never in the store). */
  OTHER("other");

  private final String label;

  EntryKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
