package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import java.util.Objects;

/**
 * Part of one logical log line as read back from a {@link LogDocument}: its text without escape
 * sequences, the style runs, and where the part sits in the whole line.
 *
 * @param line the line's index in the document, from 0
 * @param stream the stream the line was written to
 * @param epochMillis when the line's first piece arrived
 * @param totalChars the length of the whole line (after {@code \r} collapsing)
 * @param from where {@code text} starts in the whole line
 * @param text the requested part
 * @param open whether more pieces of this line may still arrive
 */
public record LineSlice(
    int line,
    LogStream stream,
    long epochMillis,
    int totalChars,
    int from,
    StyledText text,
    boolean open) {
  public LineSlice {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
  }

  /** Characters of the line after this part. */
  public int charsAfter() {
    return totalChars - from - text.text().length();
  }
}
