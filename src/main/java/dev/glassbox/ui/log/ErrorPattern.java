package dev.glassbox.ui.log;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides which log lines report an error, for "jump to first error" and for marking error lines.
 *
 * <p>The {@link #DEFAULT} pattern matches, in either stream:
 *
 * <ul>
 *   <li>{@code error:}, {@code Error:}, {@code ERROR:}, also as {@code [ERROR]}, {@code error!},
 *       rustc's {@code error[E0308]:}, and make's {@code ... Error 2} at the end of a line;
 *   <li>{@code fatal:}, {@code fatal error:}, {@code FATAL:}, {@code [FATAL]};
 *   <li>the words {@code FAILED} and {@code FAILURE} (test runners, Gradle, Bazel) and npm's {@code
 *       ERR!};
 *   <li>a line starting {@code Traceback (most recent call last)}, {@code Exception in thread "} or
 *       {@code panic: }.
 * </ul>
 *
 * <p>The words must stand alone: {@code -Werror}, {@code 0 errors}, {@code error.c} and {@code
 * --fatal-warnings} do not match. Matching is done on the text without escape sequences. Stderr
 * alone is no sign of an error, since many tools write progress and warnings there.
 */
public final class ErrorPattern {
  /** The built-in pattern; see the class comment. */
  public static final ErrorPattern DEFAULT =
      new ErrorPattern(
          Pattern.compile(
              "(?<![\\w-])(?:error|Error|ERROR)(?:\\[[\\w-]+\\])?(?::|!|\\]| \\d+\\s*$)"
                  + "|(?<![\\w-])(?:fatal|Fatal|FATAL)(?: error)?(?::|!|\\])"
                  + "|\\bFAILED\\b|\\bFAILURE\\b|\\bERR!"
                  + "|^Traceback \\(most recent call last\\)|^Exception in thread \"|^panic: "),
          true);

  // Substrings of which every match of the default pattern contains at least one. Checking them
  // first with indexOf is several times cheaper than running the regex on every line of a build.
  private static final String[] DEFAULT_HINTS = {
    "rror", "RROR", "atal", "ATAL", "FAIL", "ERR!", "Traceback", "Exception in thread", "panic: "
  };

  private final Pattern pattern;
  private final boolean useHints;

  private ErrorPattern(Pattern pattern, boolean useHints) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.useHints = useHints;
  }

  /** A custom pattern, searched for anywhere in a line (use {@code ^} to anchor at its start). */
  public static ErrorPattern of(Pattern pattern) {
    return new ErrorPattern(pattern, false);
  }

  public Pattern pattern() {
    return pattern;
  }

  /** Whether the line (text without escape sequences) reports an error. */
  public boolean matches(String line) {
    if (useHints) {
      boolean hinted = false;
      for (String hint : DEFAULT_HINTS) {
        if (line.contains(hint)) {
          hinted = true;
          break;
        }
      }
      if (!hinted) {
        return false;
      }
    }
    return pattern.matcher(line).find();
  }
}
