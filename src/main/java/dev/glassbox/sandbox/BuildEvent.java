package dev.glassbox.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** What a build reports while it runs, in order. Listeners must be quick and must not block. */
public sealed interface BuildEvent
    permits BuildEvent.PhaseStarted,
        BuildEvent.PhaseFinished,
        BuildEvent.BundleWritten,
        BuildEvent.Log,
        BuildEvent.Finished {

  /** The build's id. */
  String buildId();

  record PhaseStarted(String buildId, Phase phase, Instant at) implements BuildEvent {}

  record PhaseFinished(String buildId, PhaseTiming timing) implements BuildEvent {}

  /**
   * The bundle is on disk: {@code configJson} is the {@code config.json} exactly as written, kept
   * so the sandbox can be explained after the bundle is gone.
   */
  record BundleWritten(String buildId, Path bundle, String configJson) implements BuildEvent {
    public BundleWritten {
      Objects.requireNonNull(bundle, "bundle");
      Objects.requireNonNull(configJson, "configJson");
    }
  }

  record Log(String buildId, LogLine line) implements BuildEvent {}

  record Finished(String buildId, BuildResult result) implements BuildEvent {}
}
