package dev.glassbox.ui.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * Text without escape sequences plus the style runs that colour it.
 *
 * <p>{@code runs} holds groups of four ints, {@code (start, fg, bg, attributes)}, sorted by start:
 * each run styles the text from its start to the next run's start (or the end). Text before the
 * first run is plain; no runs at all means the whole text is plain.
 */
public final class StyledText {
  static final int RUN_INTS = 4;
  private static final int[] NO_RUNS = new int[0];

  private final String text;
  private final int[] runs;

  StyledText(String text, int[] runs) {
    this.text = Objects.requireNonNull(text, "text");
    this.runs = runs == null || runs.length == 0 ? NO_RUNS : runs;
  }

  public static StyledText plain(String text) {
    return new StyledText(text, NO_RUNS);
  }

  public String text() {
    return text;
  }

  /** Number of style runs. */
  public int runCount() {
    return runs.length / RUN_INTS;
  }

  public int runStart(int run) {
    return runs[run * RUN_INTS];
  }

  public AnsiStyle runStyle(int run) {
    int i = run * RUN_INTS;
    return new AnsiStyle(runs[i + 1], runs[i + 2], runs[i + 3]);
  }

  /** The style at {@code index} in the text. */
  public AnsiStyle styleAt(int index) {
    AnsiStyle style = AnsiStyle.PLAIN;
    for (int r = 0; r < runCount() && runStart(r) <= index; r++) {
      style = runStyle(r);
    }
    return style;
  }

  int[] rawRuns() {
    return runs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StyledText s && s.text.equals(text) && Arrays.equals(s.runs, runs);
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + Arrays.hashCode(runs);
  }

  @Override
  public String toString() {
    return "StyledText[" + text + ", runs=" + Arrays.toString(runs) + "]";
  }
}
