package dev.glassbox.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-build choices: keep the sandbox, the time limit of the command, and whether a failing
 * command pauses the build (container alive, inputs mounted) for debugging instead of ending it.
 */
public record BuildOptions(KeepSandbox keep, Duration timeout, boolean pauseOnFailure) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

  public BuildOptions {
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the time limit must be positive, got " + timeout);
    }
  }

  /** Without pausing on failure. */
  public BuildOptions(KeepSandbox keep, Duration timeout) {
    this(keep, timeout, false);
  }

  public static BuildOptions defaults() {
    return new BuildOptions(KeepSandbox.NEVER, DEFAULT_TIMEOUT);
  }

  /** The same options, pausing on failure or not. */
  public BuildOptions withPauseOnFailure(boolean on) {
    return new BuildOptions(keep, timeout, on);
  }
}
