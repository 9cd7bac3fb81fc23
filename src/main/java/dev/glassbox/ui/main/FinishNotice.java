package dev.glassbox.ui.main;

import dev.glassbox.history.BuildRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The message for a build that finished while nobody was looking: a desktop notification when the
 * build ran at least the threshold (a setting) and the window did not have the focus.
 */
public record FinishNotice(String title, String body) {
  public FinishNotice {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
  }

  /**
   * Whether (and what) to tell about {@code build}.
   *
   * @param threshold builds shorter than this are not worth a notification; zero or negative turns
   *     notifications off
   * @param windowFocused the user is looking at the window, which already shows the outcome
   */
  public static Optional<FinishNotice> decide(
      BuildRecord build, Duration threshold, boolean windowFocused) {
    if (windowFocused
        || threshold.isZero()
        || threshold.isNegative()
        || !build.status().isFinal()) {
      return Optional.empty();
    }
    Optional<Instant> end = build.finishedAt();
    if (end.isEmpty()) {
      return Optional.empty();
    }
    // Waiting in the queue counts: the user waited for the result from the moment they asked.
    Duration took = Duration.between(build.submittedAt(), end.get());
    if (took.compareTo(threshold) < 0) {
      return Optional.empty();
    }
    String outcome = build.status().label();
    if (build.exitCode().isPresent() && build.exitCode().get() != 0) {
      outcome += " (exit " + build.exitCode().get() + ")";
    } else if (build.signal().isPresent()) {
      outcome += " (signal " + build.signal().get() + ")";
    }
    String title = "Build " + outcome;
    String command =
        build.command().length() > 80 ? build.command().substring(0, 79) + "…" : build.command();
    String body =
        String.format(
            Locale.ROOT,
            "%s after %s — %s",
            build.id().substring(0, Math.min(12, build.id().length())),
            human(took),
            command.isEmpty() ? "(no command)" : command);
    return Optional.of(new FinishNotice(title, body));
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
