package dev.glassbox.bench;

import java.util.Objects;

/**
 * One line of the benchmark table: what Glassbox took and what its reference took, measured in the
 * same run, in the same unit, and the target the project sets for them.
 *
 * @param benchmark the suite entry that measured it ({@code ingest}, {@code engine}, …)
 * @param metric what was measured, e.g. "import vs b3sum"
 * @param unit the unit of {@code ours} and {@code reference}, e.g. "s" or "ms"
 * @param ours Glassbox's value (lower is better)
 * @param referenceName the tool or floor compared against, or "" when there is none
 * @param reference the reference's value, {@code NaN} when there is none
 * @param target what counts as good enough
 */
public record Measurement(
    String benchmark,
    String metric,
    String unit,
    double ours,
    String referenceName,
    double reference,
    Target target) {
  public Measurement {
    Objects.requireNonNull(benchmark, "benchmark");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(referenceName, "referenceName");
    Objects.requireNonNull(target, "target");
    if (!(ours >= 0)) {
      throw new IllegalArgumentException(metric + ": our value must be a number >= 0, got " + ours);
    }
    if (referenceName.isEmpty() != Double.isNaN(reference)) {
      throw new IllegalArgumentException(metric + ": a reference needs both a name and a value");
    }
    if (target instanceof Target.MaxRatio && referenceName.isEmpty()) {
      throw new IllegalArgumentException(metric + ": a ratio target needs a reference");
    }
  }

  /** A measurement against a reference tool. */
  public static Measurement vs(
      String benchmark,
      String metric,
      String unit,
      double ours,
      String referenceName,
      double reference,
      Target target) {
    return new Measurement(benchmark, metric, unit, ours, referenceName, reference, target);
  }

  /** A measurement with no reference tool, only an absolute target. */
  public static Measurement absolute(
      String benchmark, String metric, String unit, double ours, Target target) {
    return new Measurement(benchmark, metric, unit, ours, "", Double.NaN, target);
  }

  /** ours / reference, {@code NaN} without a reference. */
  public double ratio() {
    return referenceName.isEmpty() || reference == 0 ? Double.NaN : ours / reference;
  }

  /** Whether the target is met; always true for {@link Target.None}. */
  public boolean met() {
    if (target instanceof Target.MaxRatio r) {
      return ratio() <= r.max();
    }
    if (target instanceof Target.MaxValue v) {
      return ours <= v.max();
    }
    return true;
  }

  /** What good enough means for a measurement. */
  public sealed interface Target {
    /** ours / reference must be at most {@code max}. */
    record MaxRatio(double max) implements Target {
      public MaxRatio {
        if (!(max > 0)) {
          throw new IllegalArgumentException("a ratio target must be > 0, got " + max);
        }
      }
    }

    /** ours must be at most {@code max}, in the measurement's unit. */
    record MaxValue(double max) implements Target {
      public MaxValue {
        if (!(max > 0)) {
          throw new IllegalArgumentException("a value target must be > 0, got " + max);
        }
      }
    }

    /** Shown for context; the project sets no target. */
    record None() implements Target {}

    static Target ratioAtMost(double max) {
      return new MaxRatio(max);
    }

    static Target atMost(double max) {
      return new MaxValue(max);
    }

    static Target none() {
      return new None();
    }
  }
}
