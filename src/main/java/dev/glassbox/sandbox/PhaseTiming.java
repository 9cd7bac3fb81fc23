package dev.glassbox.sandbox;

import java.time.Instant;
import java.util.Objects;

/** When a phase started and how long it took. */
public record PhaseTiming(Phase phase, Instant start, long durationMillis) {
  public PhaseTiming {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(start, "start");
    if (durationMillis < 0) {
      throw new IllegalArgumentException("a phase cannot take negative time");
    }
  }
}
