package dev.glassbox.ui.main;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.ui.builds.StatusStyle;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The selected build at a glance: outcome, times, phases as a bar, outputs, and its request. */
public final class DetailsPane extends ScrollPane {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final VBox box = new VBox(12);

  public DetailsPane() {
    getStyleClass().add("details");
    setFitToWidth(true);
    box.setPadding(new Insets(14));
    setContent(box);
    show(null);
  }

  /** Shows {@code r}, or a hint when nothing is selected. */
  public void show(BuildRecord r) {
    box.getChildren().clear();
    if (r == null) {
      Label hint = new Label("Select a build on the left to see its details.");
      hint.getStyleClass().add("hint");
      box.getChildren().add(hint);
      return;
    }
    Label title = new Label(StatusStyle.glyph(r.status()) + "  " + StatusStyle.word(r.status()));
    title.getStyleClass().addAll("details-title", StatusStyle.styleClass(r.status()));
    Label command = new Label(r.command());
    command.getStyleClass().add("mono");
    command.setWrapText(true);
    box.getChildren().addAll(title, command);
    if (!r.message().isEmpty()) {
      Label msg = new Label(r.message());
      msg.setWrapText(true);
      msg.getStyleClass().add(r.status().label().equals("setup-failed") ? "setup-message" : "failure-message");
      box.getChildren().add(msg);
    }
    GridPane facts = new GridPane();
    facts.setHgap(12);
    facts.setVgap(4);
    int row = 0;
    row = fact(facts, row, "Build id", r.id(), true);
    row = fact(facts, row, "Submitted", WHEN.format(r.submittedAt()), false);
    if (r.startedAt().isPresent()) {
      row = fact(facts, row, "Started", WHEN.format(r.startedAt().get()), false);
    }
    if (r.finishedAt().isPresent()) {
      row = fact(facts, row, "Finished", WHEN.format(r.finishedAt().get()), false);
    }
    if (r.outcome().isPresent() && r.outcome().get() instanceof BuildOutcome.Failed f) {
      row = fact(facts, row, f.signal() != null ? "Signal" : "Exit code", String.valueOf(f.signal() != null ? f.signal() : f.exitCode()), false);
    }
    if (r.runtimeMode().isPresent()) {
      row = fact(facts, row, "Sandbox mode", r.runtimeMode().get().label() + " — " + r.runtimeMode().get().explanation(), false);
    }
    if (r.rebuildOf().isPresent()) {
      row = fact(facts, row, "Rebuild of", r.rebuildOf().get(), true);
    }
    if (r.keptSandbox().isPresent()) {
      row = fact(facts, row, "Kept sandbox", r.keptSandbox().get() + (r.sandboxDeletedAt().isPresent() ? " (deleted)" : ""), true);
    }
    if (r.requestFile().isPresent()) {
      row = fact(facts, row, "Request file", r.requestFile().get().toString(), true);
    }
    box.getChildren().add(facts);
    if (!r.phases().isEmpty()) {
      box.getChildren().addAll(section("Phases"), phaseBar(r.phases()));
    }
    if (r.outcome().isPresent() && r.outcome().get() instanceof BuildOutcome.Succeeded s) {
      box.getChildren().add(section("Outputs"));
      for (int i = 0; i < s.outputs().size(); i++) {
        box.getChildren().add(outputRow(s.outputs().get(i), s.outputsNeedles().get(i)));
      }
    }
    if (r.requestJson().isPresent()) {
      TextArea json = new TextArea(pretty(r.requestJson().get()));
      json.setEditable(false);
      json.getStyleClass().add("mono");
      json.setPrefRowCount(14);
      box.getChildren().addAll(section("Request (resolved)"), json);
    }
  }

  private static int fact(GridPane g, int row, String name, String value, boolean copyable) {
    Label k = new Label(name);
    k.getStyleClass().add("fact-name");
    Label v = new Label(value);
    v.setWrapText(true);
    if (copyable) {
      v.getStyleClass().add("mono");
      v.setTooltip(new Tooltip("Click to copy"));
      v.setOnMouseClicked(e -> copy(value));
    }
    g.addRow(row, k, v);
    return row + 1;
  }

  private static Label section(String title) {
    Label l = new Label(title);
    l.getStyleClass().add("section-title");
    return l;
  }

  /** Phases as proportional segments, each labelled with its duration, like a timeline. */
  private static Region phaseBar(List<PhaseTiming> phases) {
    long total = Math.max(1, phases.stream().mapToLong(PhaseTiming::durationMillis).sum());
    HBox bar = new HBox(1);
    bar.getStyleClass().add("phase-bar");
    VBox legend = new VBox(2);
    int i = 0;
    for (PhaseTiming t : phases) {
      StackPane seg = new StackPane();
      seg.getStyleClass().addAll("phase-seg", "phase-seg-" + (i % 8));
      seg.setMinWidth(4);
      seg.setPrefWidth(Math.max(4, 600.0 * t.durationMillis() / total));
      seg.setPrefHeight(18);
      Tooltip.install(seg, new Tooltip(t.phase().label() + ": " + t.durationMillis() + " ms"));
      HBox.setHgrow(seg, Priority.SOMETIMES);
      bar.getChildren().add(seg);
      Label l = new Label(String.format(Locale.ROOT, "%-24s %8d ms", t.phase().label(), t.durationMillis()));
      l.getStyleClass().addAll("mono", "phase-legend", "phase-legend-" + (i % 8));
      legend.getChildren().add(l);
      i++;
    }
    return new VBox(6, bar, legend);
  }

  private static Region outputRow(NamedNode out, List<Integer> needles) {
    String json = RequestWriter.namedNode(out).toString();
    Label name = new Label(out.name().toString());
    name.getStyleClass().add("mono");
    Label node = new Label(json);
    node.getStyleClass().addAll("mono", "dim");
    node.setWrapText(true);
    Button copy = new Button("Copy");
    copy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    copy.setOnAction(e -> copy(json));
    VBox text = new VBox(2, name, node);
    if (!needles.isEmpty()) {
      text.getChildren().add(new Label("references needles " + needles));
    }
    HBox.setHgrow(text, Priority.ALWAYS);
    HBox row = new HBox(8, text, copy);
    row.getStyleClass().add("output-row");
    return row;
  }

  private static String pretty(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).toPrettyString();
    } catch (java.io.IOException e) {
      return json;
    }
  }

  private static void copy(String s) {
    ClipboardContent c = new ClipboardContent();
    c.putString(s);
    Clipboard.getSystemClipboard().setContent(c);
  }
}
