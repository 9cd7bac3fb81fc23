package dev.glassbox.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Everything a finished build leaves: its outcome, phase timings and the kept sandbox, if any. */
public record BuildResult(
    String buildId,
    BuildOutcome outcome,
    List<PhaseTiming> phases,
    Optional<Path> keptBundle,
    RuntimeMode mode) {
  public BuildResult {
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(outcome, "outcome");
    phases = List.copyOf(phases);
    Objects.requireNonNull(keptBundle, "keptBundle");
    Objects.requireNonNull(mode, "mode");
  }
}
