package dev.glassbox.ui.log;

/**
 * The look of a run of log text as set by ANSI SGR sequences: colours and attributes.
 *
 * <p>A colour is {@link #DEFAULT} (-1), an index into the 256-colour palette (0-15 are the theme's
 * 16 basic colours), or a 24-bit RGB value tagged with {@link #RGB_TAG}.
 *
 * @param fg foreground colour
 * @param bg background colour
 * @param attributes a bit set of {@link #BOLD}, {@link #DIM}, {@link #ITALIC}, {@link #UNDERLINE},
 *     {@link #INVERSE}, {@link #STRIKETHROUGH}
 */
public record AnsiStyle(int fg, int bg, int attributes) {
  public static final int DEFAULT = -1;
  public static final int RGB_TAG = 1 << 24;

  public static final int BOLD = 1;
  public static final int DIM = 2;
  public static final int ITALIC = 4;
  public static final int UNDERLINE = 8;
  public static final int INVERSE = 16;
  public static final int STRIKETHROUGH = 32;

  public static final AnsiStyle PLAIN = new AnsiStyle(DEFAULT, DEFAULT, 0);

  /** A truecolor value. */
  public static int rgb(int r, int g, int b) {
    return RGB_TAG | (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  public static boolean isRgb(int colour) {
    return colour >= RGB_TAG;
  }

  public boolean isPlain() {
    return fg == DEFAULT && bg == DEFAULT && attributes == 0;
  }

  public boolean has(int attribute) {
    return (attributes & attribute) != 0;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
