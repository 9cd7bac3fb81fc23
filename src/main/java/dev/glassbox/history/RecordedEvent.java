package dev.glassbox.history;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of a build as the history keeps it. Every event of a build has an {@code index}, from 0
 * (queued) up, without gaps; replaying a build means reading its events in index order.
 */
public sealed interface RecordedEvent
    permits RecordedEvent.Queued,
        RecordedEvent.Started,
        RecordedEvent.PhaseStarted,
        RecordedEvent.PhaseFinished,
        RecordedEvent.Log,
        RecordedEvent.Finished {

  /** The position of the event among its build's events. */
  long index();

  /** The build was queued. */
  record Queued(long index, Instant at) implements RecordedEvent {
    public Queued {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The build left the queue and began. */
  record Started(long index, Instant at) implements RecordedEvent {
    public Started {
      Objects.requireNonNull(at, "at");
    }
  }

  /** A phase began. */
  record PhaseStarted(long index, Phase phase, Instant at) implements RecordedEvent {
    public PhaseStarted {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A phase ended, with its timing. */
  record PhaseFinished(long index, PhaseTiming timing) implements RecordedEvent {
    public PhaseFinished {
      Objects.requireNonNull(timing, "timing");
    }
  }

  /** A line of the build's output. */
  record Log(long index, LogLine line) implements RecordedEvent {
    public Log {
      Objects.requireNonNull(line, "line");
    }
  }

  /** The build ended (its record holds how); always the last event. */
  record Finished(long index, Instant at) implements RecordedEvent {
    public Finished {
      Objects.requireNonNull(at, "at");
    }
  }
}
