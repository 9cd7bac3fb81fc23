package dev.glassbox.sandbox;

import dev.glassbox.castore.NamedNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How a build ended; the kinds are never confused with each other. */
public sealed interface BuildOutcome
    permits BuildOutcome.Succeeded,
        BuildOutcome.Failed,
        BuildOutcome.SetupFailed,
        BuildOutcome.Cancelled,
        BuildOutcome.TimedOut {

  /** A short lower-case word: succeeded, failed, setup-failed, cancelled, timed-out. */
  String status();

  /** The command exited 0 and every declared output was ingested. */
  record Succeeded(List<NamedNode> outputs, List<List<Integer>> outputsNeedles)
      implements BuildOutcome {
    public Succeeded {
      outputs = List.copyOf(outputs);
      outputsNeedles = outputsNeedles.stream().map(List::copyOf).toList();
      if (outputs.size() != outputsNeedles.size()) {
        throw new IllegalArgumentException("one needle list per output");
      }
    }

    @Override
    public String status() {
      return "succeeded";
    }
  }

  /**
   * The command ran and failed: a non-zero exit code, a signal, or (with exit 0) a declared output
   * it did not produce.
   */
  record Failed(Integer exitCode, Integer signal, String reason) implements BuildOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      if (exitCode != null && signal != null) {
        throw new IllegalArgumentException("a process ends by an exit code or a signal, not both");
      }
    }

    public static Failed exit(int code) {
      return new Failed(code, null, "the command exited with code " + code);
    }

    public static Failed signal(int signal) {
      return new Failed(null, signal, "the command was killed by signal " + signal);
    }

    @Override
    public String status() {
      return "failed";
    }
  }

  /** Glassbox could not get as far as running the command; {@code step} says where it stopped. */
  record SetupFailed(SetupStep step, String message) implements BuildOutcome {
    public SetupFailed {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String status() {
      return "setup-failed";
    }
  }

  /**
   * Somebody cancelled the build.
   *
   * @param during the phase it was in; {@code null} when it was cancelled while still waiting in
   *     the build service's queue, before any phase
   */
  record Cancelled(Phase during) implements BuildOutcome {
    @Override
    public String status() {
      return "cancelled";
    }
  }

  /** The build ran longer than its time limit and was killed. */
  record TimedOut(Duration limit) implements BuildOutcome {
    @Override
    public String status() {
      return "timed-out";
    }
  }

  /** Where a setup failure happened. */
  enum SetupStep {
    VALIDATION("validation"),
    STORE("store"),
    BUNDLE("bundle"),
    MOUNT("mount"),
    RUNTIME_NOT_FOUND("runtime not found"),
    RUNTIME("runtime"),
    INGEST("ingest");

    private final String label;

    SetupStep(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
