package dev.glassbox.castore.diff;

/** A changed stretch of characters inside one line, {@code [start, end)}. */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }
}
