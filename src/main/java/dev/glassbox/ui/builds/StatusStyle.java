package dev.glassbox.ui.builds;

import dev.glassbox.history.BuildStatus;

/** How each status looks: a glyph, a word and a style class, so kinds differ at a glance. */
public final class StatusStyle {
  private StatusStyle() {}

  public static String glyph(BuildStatus s) {
    return switch (s) {
      case QUEUED -> "\u2026"; // …
      case RUNNING -> "\u25B6"; // ▶
      case SUCCEEDED -> "\u2714"; // ✔
      case FAILED -> "\u2716"; // ✖
      case SETUP_FAILED -> "\u26A0"; // ⚠ (not the command's fault)
      case CANCELLED -> "\u2298"; // ⊘
      case TIMED_OUT -> "\u23F1"; // ⏱
      case INTERRUPTED -> "\u21AF"; // ↯
    };
  }

  public static String styleClass(BuildStatus s) {
    return "status-" + s.label();
  }

  /** A word for people: "setup failed" rather than "setup-failed". */
  public static String word(BuildStatus s) {
    return s.label().replace('-', ' ');
  }
}
