package dev.glassbox.ui.log;

/**
 * One row of the list: a whole logical line, or one slice of a long line the user expanded.
 *
 * @param line the line's index in the document
 * @param slice which slice of an expanded line, from 0; 0 for an unexpanded line
 * @param slices how many rows the expanded line has; 0 if the line is not expanded
 * @param wrap characters per slice of an expanded line; 0 if not expanded
 */
record Row(int line, int slice, int slices, int wrap) {
  boolean expanded() {
    return slices > 0;
  }

  boolean lastSlice() {
    return slice == slices - 1;
  }
}
