package dev.glassbox.ui.access;

import dev.glassbox.sandbox.access.AccessMark;

/** How marks look: a glyph and a style class (see glassbox.css), shared with tree views. */
public final class AccessMarks {
  private AccessMarks() {}

  public static String glyph(AccessMark m) {
    return switch (m) {
      case READ -> "\u25CF"; // filled circle
      case LOOKED_UP_ONLY -> "\u25D0"; // half circle
      case NOT_READ -> "\u25CB"; // empty circle
      case MISSING -> "\u2717"; // cross
      case NOT_TRACED -> "";
    };
  }

  public static String styleClass(AccessMark m) {
    return "access-" + m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** A tooltip-length explanation. */
  public static String explain(AccessMark m) {
    return switch (m) {
      case READ -> "read by the build";
      case LOOKED_UP_ONLY -> "looked up (stat'ed or checked) but never read";
      case NOT_READ -> "never touched by the build";
      case MISSING -> "the build looked for it, but it is not in the input";
      case NOT_TRACED -> "not an input path";
    };
  }
}
