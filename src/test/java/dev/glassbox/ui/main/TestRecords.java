package dev.glassbox.ui.main;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.ProcessOwner;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Build records as the history holds them, for the UI's decision logic. */
final class TestRecords {
  private static final String ID = "0123456789abcdef01234567";

  private TestRecords() {}

  static BuildRecord finished(BuildStatus status, Instant submitted, Instant finished) {
    Optional<BuildOutcome> outcome =
        status == BuildStatus.SUCCEEDED ? Optional.of(new BuildOutcome.Succeeded(List.of(), List.of())) : Optional.empty();
    return record(status, submitted, Optional.of(finished), outcome);
  }

  static BuildRecord failed(int exitCode, Instant submitted, Instant finished) {
    return record(BuildStatus.FAILED, submitted, Optional.of(finished), Optional.of(BuildOutcome.Failed.exit(exitCode)));
  }

  static BuildRecord running(Instant submitted) {
    return record(BuildStatus.RUNNING, submitted, Optional.empty(), Optional.empty());
  }

  private static BuildRecord record(
      BuildStatus status, Instant submitted, Optional<Instant> finished, Optional<BuildOutcome> outcome) {
    return new BuildRecord(ID, status, Optional.empty(), Optional.empty(), "/bin/sh build.sh", submitted,
        Optional.of(submitted.plusSeconds(1)), finished, List.of(), outcome, "", Optional.empty(), KeepSandbox.NEVER,
        Duration.ofHours(1), Optional.empty(), Optional.empty(), Optional.empty(), ProcessOwner.current(), false);
  }
}
