package dev.glassbox.sandbox;

import dev.glassbox.sandbox.access.InputAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a finished build leaves: its outcome, phase timings, the kept sandbox if any, and
 * what it did with its inputs when they were mounted with tracing on.
 */
public record BuildResult(
    String buildId,
    BuildOutcome outcome,
    List<PhaseTiming> phases,
    Optional<Path> keptBundle,
    RuntimeMode mode,
    Optional<InputAccess> inputAccess) {
  public BuildResult {
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(outcome, "outcome");
    phases = List.copyOf(phases);
    Objects.requireNonNull(keptBundle, "keptBundle");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(inputAccess, "inputAccess");
  }

  /** A result without an input trace (the inputs were never mounted, or tracing was off). */
  public BuildResult(
      String buildId,
      BuildOutcome outcome,
      List<PhaseTiming> phases,
      Optional<Path> keptBundle,
      RuntimeMode mode) {
    this(buildId, outcome, phases, keptBundle, mode, Optional.empty());
  }
}
