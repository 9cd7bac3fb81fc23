package dev.glassbox.sandbox;

import java.time.Duration;
import java.util.Objects;

/** Per-build choices: keep the sandbox, and the time limit of the command. */
public record BuildOptions(KeepSandbox keep, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

  public BuildOptions {
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the time limit must be positive, got " + timeout);
    }
  }

  public static BuildOptions defaults() {
    return new BuildOptions(KeepSandbox.NEVER, DEFAULT_TIMEOUT);
  }
}
