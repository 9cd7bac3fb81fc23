package dev.glassbox.history;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.RuntimeMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the history knows about one build.
 *
 * @param id the build id
 * @param status where it stands
 * @param requestJson the resolved request (digests only); empty when it was submitted as a file
 *     and never got past importing its inputs
 * @param requestFile the request file it was read from, if any
 * @param command a one-line summary of the command
 * @param submittedAt when it was queued
 * @param startedAt when it left the queue
 * @param finishedAt when it ended
 * @param phases the phases it went through, in order, with durations
 * @param outcome how it ended; empty while queued or running and for interrupted builds
 * @param message why it failed, was cancelled or interrupted, in one sentence; empty otherwise
 * @param rebuildOf the build it repeats
 * @param keep the keep-sandbox policy it ran with
 * @param timeout its time limit
 * @param keptSandbox where its sandbox was kept, if it was
 * @param sandboxDeletedAt when the kept sandbox was deleted, if it was
 * @param runtimeMode how the sandbox mapped users; empty if it never got that far
 * @param owner the process that queued and ran it
 * @param cancelRequested whether a cancel was asked for (possibly by another process)
 */
public record BuildRecord(
    String id,
    BuildStatus status,
    Optional<String> requestJson,
    Optional<Path> requestFile,
    String command,
    Instant submittedAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    List<PhaseTiming> phases,
    Optional<BuildOutcome> outcome,
    String message,
    Optional<String> rebuildOf,
    KeepSandbox keep,
    Duration timeout,
    Optional<Path> keptSandbox,
    Optional<Instant> sandboxDeletedAt,
    Optional<RuntimeMode> runtimeMode,
    ProcessOwner owner,
    boolean cancelRequested) {
  public BuildRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(requestFile, "requestFile");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    phases = List.copyOf(phases);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(rebuildOf, "rebuildOf");
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(keptSandbox, "keptSandbox");
    Objects.requireNonNull(sandboxDeletedAt, "sandboxDeletedAt");
    Objects.requireNonNull(runtimeMode, "runtimeMode");
    Objects.requireNonNull(owner, "owner");
    if (outcome.isPresent() && BuildStatus.of(outcome.get()) != status) {
      throw new IllegalArgumentException(
          "build " + id + " has status " + status.label() + " but outcome " + outcome.get().status());
    }
  }

  /** The exit code: 0 for a success, the command's code for a failure by exit code. */
  public Optional<Integer> exitCode() {
    if (outcome.isPresent() && outcome.get() instanceof BuildOutcome.Succeeded) {
      return Optional.of(0);
    }
    if (outcome.isPresent() && outcome.get() instanceof BuildOutcome.Failed f) {
      return Optional.ofNullable(f.exitCode());
    }
    return Optional.empty();
  }

  /** The signal that killed the command, if one did. */
  public Optional<Integer> signal() {
    if (outcome.isPresent() && outcome.get() instanceof BuildOutcome.Failed f) {
      return Optional.ofNullable(f.signal());
    }
    return Optional.empty();
  }

  /** The outputs of a successful build (empty otherwise). */
  public List<NamedNode> outputs() {
    if (outcome.isPresent() && outcome.get() instanceof BuildOutcome.Succeeded s) {
      return s.outputs();
    }
    return List.of();
  }

  /** Per output, the indices of the refscan needles found in it. */
  public List<List<Integer>> outputsNeedles() {
    if (outcome.isPresent() && outcome.get() instanceof BuildOutcome.Succeeded s) {
      return s.outputsNeedles();
    }
    return List.of();
  }

  /** From start to end, or to now while running; empty while queued. */
  public Optional<Duration> duration(Instant now) {
    return startedAt.map(s -> Duration.between(s, finishedAt.orElse(now)));
  }

  /** The kept sandbox, if it is still there to look at. */
  public Optional<Path> liveSandbox() {
    return sandboxDeletedAt.isPresent() ? Optional.empty() : keptSandbox;
  }
}
