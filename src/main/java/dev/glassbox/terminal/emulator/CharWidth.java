package dev.glassbox.terminal.emulator;

/**
 * How many cells a code point takes, as terminals and {@code wcwidth} agree for the common cases: 0
 * for combining marks and zero-width characters, 2 for East Asian wide and fullwidth forms and
 * emoji, 1 otherwise. Programs lay out their screens by the same rule, so the cursor stays where
 * they expect.
 */
final class CharWidth {
  private CharWidth() {}

  static int of(int cp) {
    if (cp < 0x300) {
      return 1;
    }
    if (isZeroWidth(cp)) {
      return 0;
    }
    return isWide(cp) ? 2 : 1;
  }

  private static boolean isZeroWidth(int cp) {
    return (cp >= 0x0300 && cp <= 0x036F)
        || (cp >= 0x0483 && cp <= 0x0489)
        || (cp >= 0x0591 && cp <= 0x05BD)
        || (cp >= 0x0610 && cp <= 0x061A)
        || (cp >= 0x064B && cp <= 0x065F)
        || (cp >= 0x0E31 && cp <= 0x0E3A && cp != 0x0E32 && cp != 0x0E33)
        || (cp >= 0x1AB0 && cp <= 0x1AFF)
        || (cp >= 0x1DC0 && cp <= 0x1DFF)
        || (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x2028 && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x2064)
        || (cp >= 0x20D0 && cp <= 0x20FF)
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0xFE20 && cp <= 0xFE2F)
        || cp == 0xFEFF
        || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x231A && cp <= 0x231B)
        || (cp >= 0x2329 && cp <= 0x232A)
        || (cp >= 0x23E9 && cp <= 0x23EC)
        || (cp >= 0x25FD && cp <= 0x25FE)
        || (cp >= 0x2614 && cp <= 0x2615)
        || (cp >= 0x2648 && cp <= 0x2653)
        || (cp >= 0x26AA && cp <= 0x26AB)
        || (cp >= 0x26BD && cp <= 0x26BE)
        || (cp >= 0x26C4 && cp <= 0x26C5)
        || (cp >= 0x2705 && cp <= 0x2705)
        || (cp >= 0x270A && cp <= 0x270B)
        || (cp >= 0x274C && cp <= 0x274C)
        || (cp >= 0x2753 && cp <= 0x2755)
        || (cp >= 0x2795 && cp <= 0x2797)
        || (cp >= 0x2E80 && cp <= 0x303E)
        || (cp >= 0x3041 && cp <= 0x33FF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xA000 && cp <= 0xA4CF)
        || (cp >= 0xA960 && cp <= 0xA97F)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE10 && cp <= 0xFE19)
        || (cp >= 0xFE30 && cp <= 0xFE6F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1F64F)
        || (cp >= 0x1F900 && cp <= 0x1F9FF)
        || (cp >= 0x1FA70 && cp <= 0x1FAFF)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }
}
