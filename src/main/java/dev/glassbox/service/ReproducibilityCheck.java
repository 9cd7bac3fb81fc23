package dev.glassbox.service;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of "rebuild & compare": the original, its rebuild and, when the rebuild succeeded,
 * the comparison of their outputs.
 */
public record ReproducibilityCheck(
    BuildRecord original, BuildRecord rebuild, Optional<BuildComparison> comparison) {
  public ReproducibilityCheck {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(rebuild, "rebuild");
    Objects.requireNonNull(comparison, "comparison");
  }

  /** Only when the rebuild succeeded and every output is bit for bit the same. */
  public boolean reproducible() {
    return comparison.map(BuildComparison::identical).orElse(false);
  }

  /** One sentence for a banner or the terminal. */
  public String verdict() {
    if (comparison.isPresent()) {
      return comparison.get().verdict();
    }
    return "cannot tell: the rebuild "
        + rebuild.id()
        + " ended "
        + rebuild.status().label()
        + (rebuild.message().isEmpty() ? "" : " (" + rebuild.message() + ")")
        + (rebuild.status() == BuildStatus.FAILED ? ", so it has no outputs to compare" : "");
  }
}
