package dev.glassbox.sandbox;

import java.util.Objects;

/**
 * One line of a sandboxed build's output, as it arrived.
 *
 * <p>{@code seq} numbers the lines of both streams of one build together, from 0, in the order the
 * lines were read; a sink sees them in that order. Within one stream the order is exact. Across
 * the two streams it is the order in which the reader saw the data, so writes to stdout and stderr
 * that follow each other more closely than the reader wakes up (about a millisecond) can be
 * reordered: two pipes carry no common clock.
 *
 * <p>{@code text} is the line decoded as UTF-8, malformed bytes replaced by U+FFFD, without its
 * terminating {@code '\n'}. A {@code '\r'} is kept wherever it occurs, so a view can collapse
 * progress lines that redraw themselves with carriage returns.
 *
 * <p>{@code partial} is true when the bytes of this line were <em>not</em> followed by a
 * {@code '\n'} in the output: either the line was longer than the reader's maximum line length and
 * was cut into pieces (every piece but the last is partial, and the pieces follow each other in the
 * same stream), or the stream ended without a final newline. So one original line is a run of
 * partial lines of a stream plus the next non-partial line of that stream, if there is one.
 * Pieces are cut only between UTF-8 characters, so for valid UTF-8 joining their texts gives the
 * original text.
 *
 * @param seq position of this line among all lines of the build, from 0
 * @param stream the stream the line was written to
 * @param epochMillis when the reader received the bytes that completed this line
 * @param text the decoded line without its newline
 * @param partial whether the line was not terminated by a newline (see above)
 */
public record LogLine(long seq, LogStream stream, long epochMillis, String text, boolean partial) {
  public LogLine {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
  }
}
