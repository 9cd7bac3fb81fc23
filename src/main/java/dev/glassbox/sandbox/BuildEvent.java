package dev.glassbox.sandbox;

import java.time.Instant;

/** What a build reports while it runs, in order. Listeners must be quick and must not block. */
public sealed interface BuildEvent
    permits BuildEvent.PhaseStarted, BuildEvent.PhaseFinished, BuildEvent.Log, BuildEvent.Finished {

  /** The build's id. */
  String buildId();

  record PhaseStarted(String buildId, Phase phase, Instant at) implements BuildEvent {}

  record PhaseFinished(String buildId, PhaseTiming timing) implements BuildEvent {}

  record Log(String buildId, LogLine line) implements BuildEvent {}

  record Finished(String buildId, BuildResult result) implements BuildEvent {}
}
