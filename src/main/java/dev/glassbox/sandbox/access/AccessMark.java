package dev.glassbox.sandbox.access;

/** How a build used one path of its sandbox's inputs, for read / not-read marks on a tree. */
public enum AccessMark {
  /** Its content (or, for a directory, something inside it) was opened, read, run or listed. */
  READ("read"),
  /** It was only looked up (stat'ed, checked for existence, walked through); nothing was read. */
  LOOKED_UP_ONLY("looked up only"),
  /** The build never touched it. */
  NOT_READ("not read"),
  /** The build looked for it and it is not in the input. */
  MISSING("missing"),
  /** The path is not inside the inputs directory, so tracing says nothing about it. */
  NOT_TRACED("not traced");

  private final String label;

  AccessMark(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
