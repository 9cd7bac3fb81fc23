package dev.glassbox.ui.terminal;

import dev.glassbox.terminal.emulator.CellStyle;
import javafx.scene.paint.Color;

/**
 * The colours of the terminal for the light and the dark theme: the 16 basic colours tuned per
 * theme (the log view's, so a build's output looks the same in both places), the xterm 256-colour
 * cube and grey ramp, and the default text, background, cursor and selection.
 */
final class TerminalPalette {
  static final TerminalPalette LIGHT =
      new TerminalPalette(
          new String[] {
            "#24292f", "#cf222e", "#116329", "#9a6700", "#0550ae", "#8250df", "#1b7c83", "#6e7781",
            "#57606a", "#a40e26", "#1a7f37", "#7d4e00", "#0969da", "#a475f9", "#3192aa", "#8c959f"
          },
          "#1f2328",
          "#ffffff",
          "#1f2328",
          "#b6d7ff");
  static final TerminalPalette DARK =
      new TerminalPalette(
          new String[] {
            "#6e7681", "#ff7b72", "#3fb950", "#d29922", "#58a6ff", "#bc8cff", "#39c5cf", "#b1bac4",
            "#8b949e", "#ffa198", "#56d364", "#e3b341", "#79c0ff", "#d2a8ff", "#56d4dd", "#f0f6fc"
          },
          "#e6edf3",
          "#0d1117",
          "#e6edf3",
          "#264f78");

  private final Color[] colours = new Color[256];
  final Color foreground;
  final Color background;
  final Color cursor;
  final Color selection;

  private TerminalPalette(String[] basic, String fg, String bg, String cursor, String selection) {
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
    this.cursor = Color.web(cursor);
    this.selection = Color.web(selection);
  }

  /** The colour for a {@link CellStyle} colour value, {@code fallback} for the default. */
  Color colour(int value, Color fallback) {
    if (CellStyle.isRgb(value)) {
      int rgb = CellStyle.rgbValue(value);
      return Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }
    if (CellStyle.isIndexed(value)) {
      return colours[CellStyle.index(value)];
    }
    return fallback;
  }

  /** Bold text in one of the 8 normal colours is shown in its bright variant, as xterm does. */
  Color boldColour(int value, Color fallback) {
    if (CellStyle.isIndexed(value) && CellStyle.index(value) < 8) {
      return colours[CellStyle.index(value) + 8];
    }
    return colour(value, fallback);
  }
}
