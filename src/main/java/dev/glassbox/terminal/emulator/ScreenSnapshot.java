package dev.glassbox.terminal.emulator;

/**
 * What a terminal shows at one moment, copied out of the model so the view can draw it without
 * holding the model's lock (the reader thread keeps feeding output meanwhile).
 *
 * <p>Rows may come from the scrollback when the view is scrolled back; {@link #firstLine} is the
 * absolute number of the top row (the same numbering {@link TerminalModel#text} takes).
 */
public final class ScreenSnapshot {
  private final int columns;
  private final int[][] chars;
  private final long[][] styles;
  private final int cursorRow;
  private final int cursorColumn;
  private final boolean cursorShown;
  private final long firstLine;
  private final int scrollOffset;
  private final int historySize;
  private final boolean reverseVideo;

  ScreenSnapshot(
      int columns,
      int[][] chars,
      long[][] styles,
      int cursorRow,
      int cursorColumn,
      boolean cursorShown,
      long firstLine,
      int scrollOffset,
      int historySize,
      boolean reverseVideo) {
    this.columns = columns;
    this.chars = chars;
    this.styles = styles;
    this.cursorRow = cursorRow;
    this.cursorColumn = cursorColumn;
    this.cursorShown = cursorShown;
    this.firstLine = firstLine;
    this.scrollOffset = scrollOffset;
    this.historySize = historySize;
    this.reverseVideo = reverseVideo;
  }

  public int columns() {
    return columns;
  }

  public int rows() {
    return chars.length;
  }

  /** The code point at a cell: 0 for blank, {@link #isWideTail} cells draw nothing. */
  public int codePoint(int row, int col) {
    return chars[row][col];
  }

  public boolean isWideTail(int row, int col) {
    return chars[row][col] == Line.WIDE_TAIL;
  }

  /** Whether the character at a cell takes two cells. */
  public boolean isWide(int row, int col) {
    return col + 1 < columns && chars[row][col + 1] == Line.WIDE_TAIL;
  }

  public long style(int row, int col) {
    return styles[row][col];
  }

  public int cursorRow() {
    return cursorRow;
  }

  public int cursorColumn() {
    return cursorColumn;
  }

  /** False when the program hid the cursor or the view is scrolled back. */
  public boolean cursorShown() {
    return cursorShown;
  }

  public long firstLine() {
    return firstLine;
  }

  public int scrollOffset() {
    return scrollOffset;
  }

  public int historySize() {
    return historySize;
  }

  /** DECSCNM: the program asked for the whole screen in reverse video. */
  public boolean reverseVideo() {
    return reverseVideo;
  }

  /** The text of a row, trailing blanks dropped (for tests and accessibility). */
  public String rowText(int row) {
    StringBuilder sb = new StringBuilder();
    int end = columns;
    while (end > 0 && chars[row][end - 1] <= 0) {
      end--;
    }
    for (int c = 0; c < end; c++) {
      int cp = chars[row][c];
      if (cp != Line.WIDE_TAIL) {
        sb.appendCodePoint(cp == 0 ? ' ' : cp);
      }
    }
    return sb.toString();
  }
}
