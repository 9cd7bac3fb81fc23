package dev.glassbox.castore.diff;

import java.util.List;
import java.util.Objects;

/**
 * One row of a side-by-side text diff.
 *
 * @param kind how the two sides relate
 * @param leftLine 1-based line number on the left, 0 when the row has no left line
 * @param left the left line's text ("" when none)
 * @param leftSpans the changed parts of the left line (whole line for a deletion)
 * @param rightLine 1-based line number on the right, 0 when none
 * @param right the right line's text
 * @param rightSpans the changed parts of the right line
 */
public record DiffRow(
    Kind kind,
    int leftLine,
    String left,
    List<Span> leftSpans,
    int rightLine,
    String right,
    List<Span> rightSpans) {
  /** How a row's two sides relate. */
  public enum Kind {
    EQUAL,
    CHANGED,
    DELETED,
    INSERTED
  }

  public DiffRow {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    leftSpans = List.copyOf(leftSpans);
    rightSpans = List.copyOf(rightSpans);
  }

  public boolean hasLeft() {
    return leftLine > 0;
  }

  public boolean hasRight() {
    return rightLine > 0;
  }
}
