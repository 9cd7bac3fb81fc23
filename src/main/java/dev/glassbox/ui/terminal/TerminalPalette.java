package dev.glassbox.ui.terminal;

import dev.glassbox.terminal.emulator.CellStyle;
import dev.glassbox.ui.fx.AnsiColours;
import javafx.scene.paint.Color;

/**
 * The colours of the terminal for the light and the dark theme: the 16 basic colours tuned per
 * theme (the log view's, so a build's output looks the same in both places), the xterm 256-colour
 * cube and grey ramp, and the default text, background, cursor and selection.
 */
final class TerminalPalette {
  static final TerminalPalette LIGHT =
      new TerminalPalette(
          false,
          "#1f2328",
          "#ffffff",
          "#1f2328",
          "#b6d7ff");
  static final TerminalPalette DARK =
      new TerminalPalette(
          true,
          "#e6edf3",
          "#0d1117",
          "#e6edf3",
          "#264f78");

  private final Color[] colours;
  final Color foreground;
  final Color background;
  final Color cursor;
  final Color selection;

  private TerminalPalette(boolean dark, String fg, String bg, String cursor, String selection) {
    this.colours = AnsiColours.of(dark);
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
