package dev.glassbox.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-build choices: keep the sandbox, the time limit of the command, whether a failing command
 * pauses the build (container alive, inputs mounted) for debugging instead of ending it, and
 * whether to trace which inputs it reads (on by default: it is cheap, see {@code glassbox bench
 * tracing}).
 */
public record BuildOptions(
    KeepSandbox keep, Duration timeout, boolean pauseOnFailure, boolean traceInputs) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

  public BuildOptions {
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the time limit must be positive, got " + timeout);
    }
  }

  /** Without pausing on failure, with input tracing on. */
  public BuildOptions(KeepSandbox keep, Duration timeout) {
    this(keep, timeout, false, true);
  }

  public static BuildOptions defaults() {
    return new BuildOptions(KeepSandbox.NEVER, DEFAULT_TIMEOUT);
  }

  /** The same options, pausing on failure or not. */
  public BuildOptions withPauseOnFailure(boolean on) {
    return new BuildOptions(keep, timeout, on, traceInputs);
  }

  /** The same options with input tracing on or off. */
  public BuildOptions withTraceInputs(boolean on) {
    return new BuildOptions(keep, timeout, pauseOnFailure, on);
  }
}
