package dev.glassbox.ui.log;

import java.util.Arrays;

/** Collects plain characters and the style runs for them while escape sequences are parsed. */
final class StyledBuilder {
  final StringBuilder text = new StringBuilder();
  int[] runs = new int[16];
  int runInts;

  void reset() {
    text.setLength(0);
    runInts = 0;
  }

  /** Appends one visible character in the given style. */
  void append(char c, int fg, int bg, int attributes) {
    int at = text.length();
    if (runInts == 0) {
      if (fg != AnsiStyle.DEFAULT || bg != AnsiStyle.DEFAULT || attributes != 0) {
        addRun(at, fg, bg, attributes);
      }
    } else if (runs[runInts - 3] != fg
        || runs[runInts - 2] != bg
        || runs[runInts - 1] != attributes) {
      if (runs[runInts - 4] == at) {
        runInts -= 4; // the previous style never got a character: replace it
        append(c, fg, bg, attributes);
        return;
      }
      addRun(at, fg, bg, attributes);
    }
    text.append(c);
  }

  private void addRun(int start, int fg, int bg, int attributes) {
    if (runInts + 4 > runs.length) {
      runs = Arrays.copyOf(runs, runs.length * 2);
    }
    runs[runInts++] = start;
    runs[runInts++] = fg;
    runs[runInts++] = bg;
    runs[runInts++] = attributes;
  }

  /** The runs clipped to {@code [from, to)} of the text and shifted to start at 0; may be empty. */
  int[] runsBetween(int from, int to) {
    if (runInts == 0 || from >= to) {
      return new int[0];
    }
    int first = -1; // the last run starting at or before 'from'
    int end = runInts;
    for (int i = 0; i < runInts; i += 4) {
      if (runs[i] <= from) {
        first = i;
      } else if (runs[i] >= to) {
        end = i;
        break;
      }
    }
    int begin = first < 0 ? 0 : first;
    int[] out = new int[end - begin];
    int n = 0;
    for (int i = begin; i < end; i += 4) {
      if (n == 0
          && runs[i + 1] == AnsiStyle.DEFAULT
          && runs[i + 2] == AnsiStyle.DEFAULT
          && runs[i + 3] == 0
          && runs[i] <= from) {
        continue; // a plain run at the start is the same as no run
      }
      out[n++] = Math.max(0, runs[i] - from);
      out[n++] = runs[i + 1];
      out[n++] = runs[i + 2];
      out[n++] = runs[i + 3];
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
