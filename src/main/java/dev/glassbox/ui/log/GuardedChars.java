package dev.glassbox.ui.log;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A string for {@link java.util.regex.Matcher} that can stop a runaway regex: every few thousand
 * character reads it asks {@code stop} and throws {@link CancellationException} if it says so. A
 * pattern like {@code (a+)+b} backtracks for minutes on a short line, and neither a search thread
 * nor the FX thread may hang on it.
 */
final class GuardedChars implements CharSequence {
  private final String text;
  private final BooleanSupplier stop;
  private int reads;

  GuardedChars(String text, BooleanSupplier stop) {
    this.text = text;
    this.stop = stop;
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0xFFF) == 0 && stop.getAsBoolean()) {
      throw new CancellationException("regex stopped");
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
