package dev.glassbox.terminal.emulator;

/**
 * A cell's look packed in one {@code long}: foreground and background colour and attribute bits.
 * Screens hold one per cell, so a packed value (not an object) keeps a 10,000-line scrollback small
 * and a snapshot a plain array copy.
 *
 * <p>A colour is {@link #DEFAULT_COLOUR}, an index into the 256-colour palette ({@link #isIndexed},
 * 0-15 are the theme's basic colours) or a 24-bit RGB value ({@link #isRgb}).
 */
public final class CellStyle {
  public static final long PLAIN = 0L;
  public static final int DEFAULT_COLOUR = 0;

  public static final int BOLD = 1;
  public static final int DIM = 1 << 1;
  public static final int ITALIC = 1 << 2;
  public static final int UNDERLINE = 1 << 3;
  public static final int BLINK = 1 << 4;
  public static final int INVERSE = 1 << 5;
  public static final int HIDDEN = 1 << 6;
  public static final int STRIKETHROUGH = 1 << 7;

  private static final int INDEXED_TAG = 1 << 24;
  private static final int RGB_TAG = 1 << 25;
  private static final long COLOUR_MASK = (1L << 26) - 1;
  private static final int BG_SHIFT = 26;
  private static final int ATTR_SHIFT = 52;

  private CellStyle() {}

  public static int foreground(long style) {
    return (int) (style & COLOUR_MASK);
  }

  public static int background(long style) {
    return (int) ((style >>> BG_SHIFT) & COLOUR_MASK);
  }

  public static int attributes(long style) {
    return (int) (style >>> ATTR_SHIFT);
  }

  public static boolean has(long style, int attribute) {
    return (attributes(style) & attribute) != 0;
  }

  public static long withForeground(long style, int colour) {
    return (style & ~COLOUR_MASK) | (colour & COLOUR_MASK);
  }

  public static long withBackground(long style, int colour) {
    return (style & ~(COLOUR_MASK << BG_SHIFT)) | ((colour & COLOUR_MASK) << BG_SHIFT);
  }

  public static long withAttribute(long style, int attribute, boolean on) {
    long bit = ((long) attribute) << ATTR_SHIFT;
    return on ? style | bit : style & ~bit;
  }

  /** The colour value for palette entry {@code index} (0-255). */
  public static int indexed(int index) {
    return INDEXED_TAG | (index & 0xFF);
  }

  /** The colour value for an RGB triple, each channel clamped to 0-255. */
  public static int rgb(int r, int g, int b) {
    return RGB_TAG | (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  public static boolean isIndexed(int colour) {
    return (colour & INDEXED_TAG) != 0;
  }

  public static boolean isRgb(int colour) {
    return (colour & RGB_TAG) != 0;
  }

  /** The palette index of an indexed colour. */
  public static int index(int colour) {
    return colour & 0xFF;
  }

  /** The 0xRRGGBB value of an RGB colour. */
  public static int rgbValue(int colour) {
    return colour & 0xFFFFFF;
  }

  /** The style with only the background kept: what erased cells get ("background colour erase"). */
  static long erased(long style) {
    return withBackground(PLAIN, background(style));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
