package dev.glassbox.ui.log;

import dev.glassbox.ui.fx.AnsiColours;
import javafx.scene.paint.Color;

/** The colours a theme gives the 256 ANSI colour numbers, the default text, and search matches. */
final class AnsiPalette {
  // The 256 colours come from AnsiColours, shared with the terminal; the rest is the log's own.
  static final AnsiPalette LIGHT =
      new AnsiPalette(
          false,
          "#1f2328",
          "#ffffff",
          "#fff0a6",
          "#ffb35c",
          "#1f2328",
          new String[] {"#8c959f", "#eef1f4", "#57606a", "#ffe4e1", "#b42318", "#8c959f"});
  static final AnsiPalette DARK =
      new AnsiPalette(
          true,
          "#e6edf3",
          "#0d1117",
          "#5a4a00",
          "#b36200",
          "#f0f6fc",
          new String[] {"#6e7681", "#21262d", "#8b949e", "#3d1714", "#ff8f86", "#6e7681"});

  private final Color[] colours;
  final Color foreground;
  final Color background;
  final Color match;
  final Color currentMatch;
  final Color matchText;
  // The row's furniture, drawn in code like the text (no CSS per node: rows are redrawn each
  // frame).
  final Color lineNumber;
  final Color outBadge;
  final Color outBadgeText;
  final Color errBadge;
  final Color errBadgeText;
  final Color time;

  private AnsiPalette(
      boolean dark,
      String fg,
      String bg,
      String match,
      String current,
      String matchText,
      String[] chrome) {
    this.colours = AnsiColours.of(dark);
    this.foreground = Color.web(fg);
    this.background = Color.web(bg);
    this.match = Color.web(match);
    this.currentMatch = Color.web(current);
    this.matchText = Color.web(matchText);
    this.lineNumber = Color.web(chrome[0]);
    this.outBadge = Color.web(chrome[1]);
    this.outBadgeText = Color.web(chrome[2]);
    this.errBadge = Color.web(chrome[3]);
    this.errBadgeText = Color.web(chrome[4]);
    this.time = Color.web(chrome[5]);
  }

  /** The colour for an {@link AnsiStyle} colour value, or {@code fallback} for the default. */
  Color colour(int value, Color fallback) {
    if (value == AnsiStyle.DEFAULT) {
      return fallback;
    }
    if (AnsiStyle.isRgb(value)) {
      return Color.rgb((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF);
    }
    return colours[value & 0xFF];
  }
}
