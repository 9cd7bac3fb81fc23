package dev.glassbox.ui.sandbox;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A build's phases as a Gantt-style bar chart: one row per phase (queued first), each bar placed
 * at its start and as long as it took on a shared time axis, with its duration written out and
 * the share of the whole; the summary names where most of the time went.
 */
final class PhaseTimeline extends VBox {
  /** Colours per phase, stable across builds (and matching the Details tab's palette). */
  private static final String[] COLOURS = {
    "#9aa0a6", "#8ab4f8", "#81c995", "#fdd663", "#f6aea9", "#78d9ec", "#2d6cdf", "#c58af9",
    "#fcad70"
  };

  /** One bar: a phase, or the time in the queue. */
  record Row(String name, Instant start, long millis, int colour) {}

  private final Label summary = new Label();
  private final GridPane grid = new GridPane();
  private final Map<String, Node> rowsByName = new LinkedHashMap<>();

  PhaseTimeline() {
    getStyleClass().add("timeline");
    setId("phase-timeline");
    summary.getStyleClass().add("timeline-summary");
    summary.setWrapText(true);
    grid.getStyleClass().add("timeline");
    ColumnConstraints name = new ColumnConstraints(130);
    ColumnConstraints bar = new ColumnConstraints();
    bar.setHgrow(Priority.ALWAYS);
    bar.setMinWidth(200);
    ColumnConstraints time = new ColumnConstraints(130);
    grid.getColumnConstraints().addAll(name, bar, time);
    getChildren().addAll(summary, grid);
    setSpacing(4);
  }

  /** The rows for {@code r}: the queue wait, then each recorded phase. */
  static List<Row> rows(BuildRecord r) {
    List<Row> rows = new ArrayList<>();
    Instant started = r.startedAt().orElse(null);
    if (started != null) {
      rows.add(
          new Row(
              "queued",
              r.submittedAt(),
              Math.max(0, Duration.between(r.submittedAt(), started).toMillis()),
              0));
    }
    for (PhaseTiming t : r.phases()) {
      rows.add(new Row(label(t.phase()), t.start(), t.durationMillis(), t.phase().ordinal() + 1));
    }
    return rows;
  }

  /** The words the timeline uses for a phase: short, as on the list. */
  static String label(Phase p) {
    return switch (p) {
      case VALIDATE -> "validate";
      case IMPORT_INPUTS -> "import";
      case WRITE_BUNDLE -> "bundle";
      case MOUNT_INPUTS -> "mount";
      case START_CONTAINER -> "container start";
      case RUN -> "run";
      case PAUSED -> "paused";
      case INGEST_OUTPUTS -> "ingest";
      case CLEAN_UP -> "clean up";
    };
  }

  void show(BuildRecord r) {
    grid.getChildren().clear();
    rowsByName.clear();
    if (r == null) {
      summary.setText("");
      return;
    }
    List<Row> rows = rows(r);
    if (rows.isEmpty()) {
      summary.setText("This build has not started yet: it is waiting in the queue.");
      return;
    }
    Instant t0 = rows.get(0).start();
    Instant end = t0;
    for (Row row : rows) {
      Instant e = row.start().plusMillis(row.millis());
      if (e.isAfter(end)) {
        end = e;
      }
    }
    long total = Math.max(1, Duration.between(t0, end).toMillis());
    Row longest = rows.stream().max((a, b) -> Long.compare(a.millis(), b.millis())).orElseThrow();
    summary.setText(
        "Total "
            + human(total)
            + (r.status().isFinal() ? "" : " so far")
            + ". Most time went to "
            + longest.name()
            + ": "
            + human(longest.millis())
            + " ("
            + percent(longest.millis(), total)
            + ").");
    int i = 0;
    for (Row row : rows) {
      Label name = new Label(row.name());
      name.getStyleClass().add("timeline-name");
      long offset = Math.max(0, Duration.between(t0, row.start()).toMillis());
      Track track =
          new Track(
              (double) offset / total,
              (double) row.millis() / total,
              COLOURS[row.colour() % COLOURS.length]);
      Tooltip.install(
          track,
          new Tooltip(
              row.name() + ": " + human(row.millis()) + ", from +" + human(offset) + " on"));
      Label time = new Label(human(row.millis()) + "  " + percent(row.millis(), total));
      time.getStyleClass().add("timeline-time");
      grid.addRow(i, name, track, time);
      rowsByName.put(row.name(), track);
      i++;
    }
  }

  /** The track of a row, for the tour to point at. */
  Optional<Node> row(String name) {
    return Optional.ofNullable(rowsByName.get(name));
  }

  /** A row's track with its bar placed by fractions of the width, so it follows resizing. */
  private static final class Track extends Pane {
    private final double from;
    private final double length;
    private final Region bar = new Region();

    Track(double from, double length, String colour) {
      this.from = from;
      this.length = length;
      getStyleClass().add("timeline-track");
      setPrefHeight(16);
      setMinHeight(16);
      bar.getStyleClass().add("timeline-bar");
      bar.setStyle("-fx-background-color: " + colour + ";");
      getChildren().add(bar);
    }

    @Override
    protected void layoutChildren() {
      double w = getWidth();
      // At least 3 px: a phase of a few milliseconds in a long build must still be visible.
      double x = Math.min(w - 3, w * from);
      bar.resizeRelocate(Math.max(0, x), 0, Math.max(3, w * length), getHeight());
    }
  }

  static String human(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
    long s = millis / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  private static String percent(long part, long total) {
    double p = 100.0 * part / total;
    return p < 1 ? "<1%" : String.format(Locale.ROOT, "%.0f%%", p);
  }
}
