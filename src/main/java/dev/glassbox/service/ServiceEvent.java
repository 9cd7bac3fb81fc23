package dev.glassbox.service;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the build service reports about a build. Every event of a build has an {@code index}, from
 * 0 ({@link Queued}) to its {@link Finished} event, without gaps; a subscriber can resume or replay
 * from any index.
 */
public sealed interface ServiceEvent
    permits ServiceEvent.Queued,
        ServiceEvent.Started,
        ServiceEvent.PhaseStarted,
        ServiceEvent.PhaseFinished,
        ServiceEvent.Log,
        ServiceEvent.LogsSkipped,
        ServiceEvent.Finished {

  /** The build this event is about. */
  String buildId();

  /** The event's position among its build's events (the first skipped one for {@link LogsSkipped}). */
  long index();

  /** The build entered the queue. */
  record Queued(String buildId, long index, Instant at, Optional<String> rebuildOf) implements ServiceEvent {
    public Queued {
      Objects.requireNonNull(buildId, "buildId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(rebuildOf, "rebuildOf");
    }
  }

  /** The build left the queue and started. */
  record Started(String buildId, long index, Instant at) implements ServiceEvent {
    public Started {
      Objects.requireNonNull(buildId, "buildId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A phase began. */
  record PhaseStarted(String buildId, long index, Phase phase, Instant at) implements ServiceEvent {
    public PhaseStarted {
      Objects.requireNonNull(buildId, "buildId");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A phase ended. */
  record PhaseFinished(String buildId, long index, PhaseTiming timing) implements ServiceEvent {
    public PhaseFinished {
      Objects.requireNonNull(buildId, "buildId");
      Objects.requireNonNull(timing, "timing");
    }
  }

  /** A line the build printed. */
  record Log(String buildId, long index, LogLine line) implements ServiceEvent {
    public Log {
      Objects.requireNonNull(buildId, "buildId");
      Objects.requireNonNull(line, "line");
    }
  }

  /**
   * Only in the service-wide stream: log lines {@code index..lastIndex} were not delivered because
   * the listener fell behind. They are in the build's own stream ({@link
   * BuildService#subscribe(String, long, ServiceListener)} from {@code index}).
   */
  record LogsSkipped(String buildId, long index, long lastIndex) implements ServiceEvent {
    public LogsSkipped {
      Objects.requireNonNull(buildId, "buildId");
      if (lastIndex < index) {
        throw new IllegalArgumentException("an empty skip: " + index + ".." + lastIndex);
      }
    }

    /** How many lines were skipped. */
    public long lines() {
      return lastIndex - index + 1;
    }
  }

  /** The build ended and is recorded; always its last event. */
  record Finished(String buildId, long index, BuildRecord record) implements ServiceEvent {
    public Finished {
      Objects.requireNonNull(buildId, "buildId");
      Objects.requireNonNull(record, "record");
      if (!record.status().isFinal()) {
        throw new IllegalArgumentException("a finished build has a final status, not " + record.status().label());
      }
    }
  }
}
