package dev.glassbox.history;

import dev.glassbox.sandbox.BuildOutcome;
import java.util.Locale;

/** Where a recorded build stands: waiting, running, or one of the ways a build ends. */
public enum BuildStatus {
  QUEUED("queued"),
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  SETUP_FAILED("setup-failed"),
  CANCELLED("cancelled"),
  TIMED_OUT("timed-out"),
  /** The process that ran (or queued) the build died; the record ends where the process did. */
  INTERRUPTED("interrupted");

  private final String label;

  BuildStatus(String label) {
    this.label = label;
  }

  /** The lower-case word used in the database, JSON and the CLI. */
  public String label() {
    return label;
  }

  /** Whether the build has ended (it will never change again). */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }

  /** The status an engine outcome is recorded as. */
  public static BuildStatus of(BuildOutcome outcome) {
    if (outcome instanceof BuildOutcome.Succeeded) {
      return SUCCEEDED;
    }
    if (outcome instanceof BuildOutcome.Failed) {
      return FAILED;
    }
    if (outcome instanceof BuildOutcome.SetupFailed) {
      return SETUP_FAILED;
    }
    if (outcome instanceof BuildOutcome.Cancelled) {
      return CANCELLED;
    }
    return TIMED_OUT;
  }

  /** The status with this label. */
  public static BuildStatus parse(String label) {
    for (BuildStatus s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "'" + label + "' is not a build status; expected one of "
            + java.util.Arrays.stream(values()).map(BuildStatus::label).toList()
            + " (was history.db written by a newer Glassbox?)");
  }

  @Override
  public String toString() {
    return label.toUpperCase(Locale.ROOT);
  }
}
