package dev.glassbox.ui.fx;

import javafx.scene.paint.Color;

/**
 * The 256 ANSI colour numbers per theme, shared by the log view and the terminal so a build's
 * output looks the same in both: the 16 basic colours are tuned per theme for contrast, 16-255 are
 * the standard xterm cube and grey ramp.
 */
public final class AnsiColours {
  private static final Color[] LIGHT =
      table(
          "#24292f", "#cf222e", "#116329", "#9a6700", "#0550ae", "#8250df", "#1b7c83", "#6e7781",
          "#57606a", "#a40e26", "#1a7f37", "#7d4e00", "#0969da", "#a475f9", "#3192aa", "#8c959f");
  private static final Color[] DARK =
      table(
          "#6e7681", "#ff7b72", "#3fb950", "#d29922", "#58a6ff", "#bc8cff", "#39c5cf", "#b1bac4",
          "#8b949e", "#ffa198", "#56d364", "#e3b341", "#79c0ff", "#d2a8ff", "#56d4dd", "#f0f6fc");

  private AnsiColours() {}

  /** A fresh copy of the 256 colours of the light or the dark theme. */
  public static Color[] of(boolean dark) {
    return (dark ? DARK : LIGHT).clone();
  }

  private static Color[] table(String... basic) {
    Color[] colours = new Color[256];
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
    return colours;
  }
}
