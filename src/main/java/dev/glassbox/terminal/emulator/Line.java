package dev.glassbox.terminal.emulator;

import java.util.Arrays;

/** One row of cells: code points (0 for never written, {@link #WIDE_TAIL} after a wide char). */
final class Line {
  /** Marks the second cell of a double-width character; it draws nothing itself. */
  static final int WIDE_TAIL = -1;

  int[] chars;
  long[] styles;

  /** The row continues on the next one because the text wrapped there (copy joins them). */
  boolean wrapped;

  Line(int cols, long fill) {
    chars = new int[cols];
    styles = new long[cols];
    if (fill != CellStyle.PLAIN) {
      Arrays.fill(styles, fill);
    }
  }

  int width() {
    return chars.length;
  }

  void clear(int from, int to, long fill) {
    from = Math.max(0, from);
    to = Math.min(chars.length, to);
    if (from >= to) {
      return;
    }
    Arrays.fill(chars, from, to, 0);
    Arrays.fill(styles, from, to, fill);
  }

  void resize(int cols) {
    if (cols != chars.length) {
      chars = Arrays.copyOf(chars, cols);
      styles = Arrays.copyOf(styles, cols);
      if (cols > 0 && chars[cols - 1] > 0 && CharWidth.of(chars[cols - 1]) == 2) {
        chars[cols - 1] = 0; // half a wide character cannot be shown
      }
    }
  }

  /** The text of the row, trailing blanks dropped. */
  String text(int from, int to) {
    StringBuilder sb = new StringBuilder();
    to = Math.min(to, chars.length);
    int end = to;
    while (end > from && chars[end - 1] <= 0) {
      end--;
    }
    for (int i = Math.max(0, from); i < end; i++) {
      int c = chars[i];
      if (c == WIDE_TAIL) {
        continue;
      }
      sb.appendCodePoint(c == 0 ? ' ' : c);
    }
    return sb.toString();
  }

  Line copy() {
    Line l = new Line(0, CellStyle.PLAIN);
    l.chars = chars.clone();
    l.styles = styles.clone();
    l.wrapped = wrapped;
    return l;
  }
}
