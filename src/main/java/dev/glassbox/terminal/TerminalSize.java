package dev.glassbox.terminal;

/**
 * A terminal's size in character cells.
 *
 * @param columns cells per row, 1 to 1000
 * @param rows rows, 1 to 1000
 */
public record TerminalSize(int columns, int rows) {
  public static final TerminalSize DEFAULT = new TerminalSize(100, 30);

  public TerminalSize {
    if (columns < 1 || columns > 1000 || rows < 1 || rows > 1000) {
      throw new IllegalArgumentException(
          "a terminal size must be 1..1000 columns and rows, not " + columns + "x" + rows);
    }
  }

  @Override
  public String toString() {
    return columns + "x" + rows;
  }
}
