package dev.glassbox.ui.log;

import javafx.scene.paint.Color;

/** The colours a theme gives the 256 ANSI colour numbers, the default text, and search matches. */
final class AnsiPalette {
  // The 16 basic colours are tuned per theme for contrast; 16-255 are the standard xterm cube and
  // grey ramp, the same everywhere.
  static final AnsiPalette LIGHT =
      new AnsiPalette(
          new String[] {
            "#24292f", "#cf222e", "#116329", "#9a6700", "#0550ae", "#8250df", "#1b7c83", "#6e7781",
            "#57606a", "#a40e26", "#1a7f37", "#7d4e00", "#0969da", "#a475f9", "#3192aa", "#8c959f"
          },
          "#1f2328",
          "#ffffff",
          "#fff0a6",
          "#ffb35c",
          "#1f2328",
          new String[] {"#8c959f", "#eef1f4", "#57606a", "#ffe4e1", "#b42318", "#8c959f"});
  static final AnsiPalette DARK =
      new AnsiPalette(
          new String[] {
            "#6e7681", "#ff7b72", "#3fb950", "#d29922", "#58a6ff", "#bc8cff", "#39c5cf", "#b1bac4",
            "#8b949e", "#ffa198", "#56d364", "#e3b341", "#79c0ff", "#d2a8ff", "#56d4dd", "#f0f6fc"
          },
          "#e6edf3",
          "#0d1117",
          "#5a4a00",
          "#b36200",
          "#f0f6fc",
          new String[] {"#6e7681", "#21262d", "#8b949e", "#3d1714", "#ff8f86", "#6e7681"});

  private final Color[] colours = new Color[256];
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
      String[] basic,
      String fg,
      String bg,
      String match,
      String current,
      String matchText,
      String[] chrome) {
    for (int i = 0; i < 16; i++) {
      colours[i] = Color.web(basic[i]);
    }
    int[] levels = {0, 95, 135, 175, 215, 255};
    for (int i = 16; i < 232; i++) {
      int n = i - 16;
      colours[i] = Color.rgb(levels[n / 36], levels[(n / 6) % 6], levels[n % 6]);
    }
    for (int i = 232; i < 256; i++) {
      int v = 8 + (i - 232) * 10;
      colours[i] = Color.rgb(v, v, v);
    }
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
