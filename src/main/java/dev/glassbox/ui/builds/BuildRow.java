package dev.glassbox.ui.builds;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One build in the list; its properties change live while the build runs. FX thread only. */
public final class BuildRow {
  private final String id;
  private final ObjectProperty<BuildStatus> status = new SimpleObjectProperty<>();
  private final StringProperty command = new SimpleStringProperty("");
  private final ObjectProperty<Instant> submitted = new SimpleObjectProperty<>();
  private final ObjectProperty<Instant> started = new SimpleObjectProperty<>();
  private final ObjectProperty<Instant> finished = new SimpleObjectProperty<>();
  private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>();
  private final StringProperty exit = new SimpleStringProperty("");
  private final ObjectProperty<BuildRecord> record = new SimpleObjectProperty<>();

  public BuildRow(String id, Instant submittedAt) {
    this.id = id;
    this.status.set(BuildStatus.QUEUED);
    this.submitted.set(submittedAt);
  }

  public static BuildRow of(BuildRecord r) {
    BuildRow row = new BuildRow(r.id(), r.submittedAt());
    row.update(r);
    return row;
  }

  /** Takes everything from a (newer) record. */
  public void update(BuildRecord r) {
    record.set(r);
    // A record read from the history can lag the live events by a commit interval; never let it
    // move a build back from running to queued.
    if (r.status().isFinal() || rank(r.status()) >= rank(status.get())) {
      status.set(r.status());
    }
    command.set(r.command());
    started.set(r.startedAt().orElse(null));
    finished.set(r.finishedAt().orElse(null));
    if (r.status().isFinal()) {
      phase.set(null);
    }
    exit.set(exitText(r.outcome()));
  }

  private static int rank(BuildStatus s) {
    if (s == null || s == BuildStatus.QUEUED) {
      return 0;
    }
    return s == BuildStatus.RUNNING ? 1 : 2;
  }

  static String exitText(Optional<BuildOutcome> o) {
    if (o.isEmpty()) {
      return "";
    }
    if (o.get() instanceof BuildOutcome.Failed f) {
      if (f.signal() != null) {
        return "signal " + f.signal();
      }
      return f.exitCode() == null ? "" : "exit " + f.exitCode();
    }
    if (o.get() instanceof BuildOutcome.Succeeded) {
      return "exit 0";
    }
    if (o.get() instanceof BuildOutcome.SetupFailed s) {
      return "setup: " + s.step().label();
    }
    return "";
  }

  public String id() {
    return id;
  }

  public ObjectProperty<BuildStatus> statusProperty() {
    return status;
  }

  public StringProperty commandProperty() {
    return command;
  }

  public ObjectProperty<Instant> submittedProperty() {
    return submitted;
  }

  public ObjectProperty<Instant> startedProperty() {
    return started;
  }

  public ObjectProperty<Instant> finishedProperty() {
    return finished;
  }

  public ObjectProperty<Phase> phaseProperty() {
    return phase;
  }

  public StringProperty exitProperty() {
    return exit;
  }

  public ObjectProperty<BuildRecord> recordProperty() {
    return record;
  }

  /** Wall time so far (running) or in total (finished); empty while queued. */
  public Optional<Duration> duration(Instant now) {
    Instant s = started.get();
    if (s == null) {
      return Optional.empty();
    }
    Instant e = finished.get() != null ? finished.get() : now;
    return Optional.of(Duration.between(s, e));
  }
}
