package dev.glassbox.ui.access;

import dev.glassbox.history.History;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.access.AccessMark;
import dev.glassbox.sandbox.access.AccessReport;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.ui.fx.Fx;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A build's input access report: a summary ("3 of 12 inputs were never read"), every input with its
 * mark, and the names the build looked for and did not find; selecting one shows the log lines
 * printed around that moment, the line it followed highlighted.
 */
public final class AccessPane extends BorderPane {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final Label summary = new Label();
  private final Label notes = new Label();
  private final CheckBox onlyUnread = new CheckBox("Only inputs never read");
  private final ObservableList<AccessReport.InputUse> inputs = FXCollections.observableArrayList();
  private final FilteredList<AccessReport.InputUse> shownInputs = new FilteredList<>(inputs);
  private final ListView<AccessReport.InputUse> inputList = new ListView<>(shownInputs);
  private final ListView<AccessReport.Missing> missingList = new ListView<>();
  private final Label missingTitle = new Label("Missing paths");
  private final Label contextTitle = new Label();
  private final ListView<LogLine> contextList = new ListView<>();
  private final SplitPane body = new SplitPane();
  private AccessReport report;
  private long generation;

  public AccessPane() {
    getStyleClass().add("access-pane");
    setPadding(new Insets(10));
    summary.getStyleClass().add("access-summary");
    summary.setId("access-summary");
    notes.getStyleClass().add("dim");
    notes.setWrapText(true);
    notes.setId("access-notes");
    onlyUnread.setId("access-only-unread");
    onlyUnread.selectedProperty().addListener((o, a, b) -> applyFilter());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox top = new HBox(10, summary, grow, onlyUnread);
    VBox header = new VBox(4, top, notes);
    header.setPadding(new Insets(0, 0, 8, 0));
    setTop(header);

    inputList.setId("access-inputs");
    inputList.setCellFactory(v -> new InputCell());
    inputList.setPlaceholder(new Label("The build had no inputs."));
    missingList.setId("access-missing");
    missingList.setCellFactory(v -> new MissingCell());
    missingList.setPlaceholder(
        new Label("The build found every name it looked for in its inputs."));
    missingList.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> showContext(m));
    contextList.setId("access-context");
    contextList.getStyleClass().add("mono");
    contextList.setCellFactory(v -> new LineCell());
    contextList.setPlaceholder(new Label("Select a missing path to see the log lines around it."));
    contextTitle.getStyleClass().add("fact-name");

    VBox inputsBox = section(new Label("Inputs"), inputList);
    VBox missingBox = section(missingTitle, missingList);
    VBox contextBox = section(contextTitle, contextList);
    body.setOrientation(Orientation.VERTICAL);
    body.getItems().addAll(inputsBox, missingBox, contextBox);
    body.setDividerPositions(0.4, 0.7);
    showNone("Select a build to see which of its inputs it read.");
  }

  private static VBox section(Label title, ListView<?> list) {
    title.getStyleClass().add("section-title");
    VBox.setVgrow(list, Priority.ALWAYS);
    VBox box = new VBox(4, title, list);
    box.setMinHeight(60);
    return box;
  }

  /** Loads and shows build {@code id}'s report from {@code history}, off the FX thread. */
  public void showBuild(History history, String id) {
    long mine = ++generation;
    Fx.background(
        () -> AccessReports.load(history, id),
        loaded -> {
          if (mine != generation) {
            return; // another build was selected meanwhile
          }
          if (loaded instanceof AccessReports.Found f) {
            show(f.report());
          } else if (loaded instanceof AccessReports.NoTrace n) {
            showNone(n.why());
          }
        },
        e -> {
          if (mine == generation) {
            showNone("Cannot read the input access report: " + e.getMessage());
          }
        });
  }

  /** Shows a report (FX thread). */
  public void show(AccessReport r) {
    report = r;
    String sentence = r.summary();
    summary.setText(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1));
    InputAccess a = r.access();
    List<String> n = new ArrayList<>();
    if (a.droppedPaths() > 0) {
      n.add(
          a.droppedPaths()
              + " accesses to further paths were not kept (too many distinct paths);"
              + " an input shown as not read may have been read.");
    }
    if (a.droppedFailedLookups() > 0) {
      n.add(a.droppedFailedLookups() + " more failed lookups of other names were not kept.");
    }
    notes.setText(String.join(" ", n));
    notes.setVisible(!n.isEmpty());
    notes.setManaged(!n.isEmpty());
    inputs.setAll(r.inputs());
    applyFilter();
    missingList.getItems().setAll(r.missing());
    missingTitle.setText(
        r.missing().isEmpty()
            ? "Missing paths: none"
            : "Missing paths: "
                + r.missing().size()
                + " names the build looked for and did not find");
    setCenter(body);
    if (r.missing().isEmpty()) {
      showContext(null);
    } else {
      missingList.getSelectionModel().select(0);
    }
  }

  /** Shows a sentence instead of a report (no build, no trace, an error). */
  public void showNone(String why) {
    report = null;
    summary.setText("");
    notes.setText(why);
    notes.setVisible(true);
    notes.setManaged(true);
    inputs.clear();
    missingList.getItems().clear();
    contextList.getItems().clear();
    setCenter(null);
  }

  /** Forgets the shown build. */
  public void clear() {
    generation++;
    showNone("Select a build to see which of its inputs it read.");
  }

  /** The report shown, if any. */
  public Optional<AccessReport> report() {
    return Optional.ofNullable(report);
  }

  /**
   * Sandbox path ({@code /nix/store/gcc/bin/gcc}) to its mark in the shown report, for a tree of
   * the inputs; {@link AccessMark#NOT_TRACED} when no report is shown. The function keeps the
   * report it was made from.
   */
  public Function<String, AccessMark> marks() {
    AccessReport r = report;
    return r == null ? p -> AccessMark.NOT_TRACED : r::mark;
  }

  private void applyFilter() {
    shownInputs.setPredicate(
        onlyUnread.isSelected() ? u -> u.mark() != AccessMark.READ : u -> true);
  }

  private void showContext(AccessReport.Missing m) {
    if (m == null) {
      contextTitle.setText("Log around the moment");
      contextList.getItems().clear();
      return;
    }
    contextTitle.setText(
        "Log around "
            + m.sandboxPath()
            + " (first looked for at "
            + WHEN.format(Instant.ofEpochMilli(m.lookup().firstEpochMillis()))
            + (m.lookup().logSeq() < 0
                ? ", before the first line)"
                : ", after line " + (m.lookup().logSeq() + 1) + ")"));
    contextList.getItems().setAll(m.context());
    for (int i = 0; i < m.context().size(); i++) {
      if (m.context().get(i).seq() == m.lookup().logSeq()) {
        contextList.getSelectionModel().select(i);
        contextList.scrollTo(Math.max(0, i - 2));
      }
    }
    if (m.context().isEmpty()) {
      contextList.setPlaceholder(new Label("The build printed nothing around that moment."));
    }
  }

  /** The missing path's moment in the log, for tests and callers. */
  long selectedMoment() {
    AccessReport.Missing m = missingList.getSelectionModel().getSelectedItem();
    return m == null ? -2 : m.lookup().logSeq();
  }

  private static final class InputCell extends ListCell<AccessReport.InputUse> {
    @Override
    protected void updateItem(AccessReport.InputUse u, boolean empty) {
      super.updateItem(u, empty);
      getStyleClass().removeIf(c -> c.startsWith("access-"));
      if (empty || u == null) {
        setText(null);
        setTooltip(null);
        return;
      }
      StringBuilder s = new StringBuilder();
      s.append(AccessMarks.glyph(u.mark())).append("  ").append(u.input().name());
      s.append("   ").append(u.input().kind().label()).append(", ").append(u.mark().label());
      if (u.filesRead() > 0) {
        s.append(": ").append(u.filesRead()).append(u.filesRead() == 1 ? " file, " : " files, ");
        s.append(bytes(u.bytesRead())).append(" read");
        if (u.executed() > 0) {
          s.append(", ").append(u.executed()).append(" run");
        }
      }
      setText(s.toString());
      getStyleClass().add(AccessMarks.styleClass(u.mark()));
      setTooltip(new Tooltip(AccessMarks.explain(u.mark())));
    }
  }

  private static final class MissingCell extends ListCell<AccessReport.Missing> {
    @Override
    protected void updateItem(AccessReport.Missing m, boolean empty) {
      super.updateItem(m, empty);
      setText(
          empty || m == null ? null : AccessMarks.glyph(AccessMark.MISSING) + "  " + m.describe());
    }
  }

  private static final class LineCell extends ListCell<LogLine> {
    @Override
    protected void updateItem(LogLine l, boolean empty) {
      super.updateItem(l, empty);
      getStyleClass().remove("stderr");
      if (empty || l == null) {
        setText(null);
        return;
      }
      setText(String.format(Locale.ROOT, "%6d  %s", l.seq() + 1, l.text()));
      if (l.stream() == LogStream.STDERR) {
        getStyleClass().add("stderr");
      }
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n / 1024.0;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
