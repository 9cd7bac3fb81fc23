package dev.glassbox.ui.builds;

import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The queue and history: newest first, live, filterable by status, searchable by text. */
public final class BuildListView extends VBox {
  /** Status filters offered in the combo box. */
  public enum Filter {
    ALL("All builds", s -> true),
    ACTIVE("Running and queued", s -> s == BuildStatus.RUNNING || s == BuildStatus.QUEUED),
    SUCCEEDED("Succeeded", s -> s == BuildStatus.SUCCEEDED),
    FAILED("Failed (command)", s -> s == BuildStatus.FAILED || s == BuildStatus.TIMED_OUT),
    SETUP_FAILED("Setup failed", s -> s == BuildStatus.SETUP_FAILED),
    STOPPED("Cancelled or interrupted", s -> s == BuildStatus.CANCELLED || s == BuildStatus.INTERRUPTED);

    final String label;
    final Predicate<BuildStatus> accepts;

    Filter(String label, Predicate<BuildStatus> accepts) {
      this.label = label;
      this.accepts = accepts;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

  private final ObservableList<BuildRow> rows = FXCollections.observableArrayList();
  private final FilteredList<BuildRow> filtered = new FilteredList<>(rows);
  private final TableView<BuildRow> table = new TableView<>();
  private final ComboBox<Filter> filter = new ComboBox<>(FXCollections.observableArrayList(Filter.values()));
  private final TextField search = new TextField();
  private Instant now = Instant.now();

  public BuildListView(BuildActions actions) {
    getStyleClass().add("build-list");
    filter.getSelectionModel().select(Filter.ALL);
    filter.setId("build-filter");
    search.setPromptText("Search id or command");
    search.setId("build-search");
    HBox.setHgrow(search, Priority.ALWAYS);
    HBox bar = new HBox(6, filter, search);
    bar.setPadding(new Insets(6));
    filter.valueProperty().addListener((o, a, b) -> refilter());
    search.textProperty().addListener((o, a, b) -> refilter());

    SortedList<BuildRow> sorted = new SortedList<>(filtered);
    // Newest first, always: the build list reads like a feed.
    sorted.setComparator((a, b) -> b.submittedProperty().get().compareTo(a.submittedProperty().get()));
    table.setItems(sorted);
    table.setId("build-table");
    table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    table.setPlaceholder(new Label("No builds yet. Open an example (File ▸ Examples) and press Run."));
    table.getColumns().add(statusColumn());
    table.getColumns().add(textColumn("Id", 70, r -> r.id().substring(0, Math.min(8, r.id().length()))));
    TableColumn<BuildRow, String> cmd = textColumn("Command", 220, r -> r.commandProperty().get());
    table.getColumns().add(cmd);
    table.getColumns().add(textColumn("Submitted", 72, r -> when(r.submittedProperty().get())));
    table.getColumns().add(phaseColumn());
    table.getColumns().add(textColumn("Duration", 64, r -> r.duration(now).map(BuildListView::human).orElse("")));
    table.getColumns().add(textColumn("Exit", 70, r -> r.exitProperty().get()));
    table.setRowFactory(t -> row(actions));
    VBox.setVgrow(table, Priority.ALWAYS);
    getChildren().addAll(bar, table);
  }

  /** Whether the build's sandbox was kept and is still on disk. */
  public static boolean hasKeptSandbox(BuildRow r) {
    return r != null
        && r.recordProperty().get() != null
        && r.recordProperty().get().keptSandbox().isPresent()
        && r.recordProperty().get().sandboxDeletedAt().isEmpty();
  }

  private TableRow<BuildRow> row(BuildActions actions) {
    TableRow<BuildRow> tr = new TableRow<>();
    MenuItem cancel = new MenuItem("Cancel");
    cancel.setOnAction(e -> actions.cancel(tr.getItem()));
    MenuItem rebuild = new MenuItem("Rebuild");
    rebuild.setOnAction(e -> actions.rebuild(tr.getItem()));
    MenuItem clone = new MenuItem("Clone request into editor");
    clone.setOnAction(e -> actions.cloneRequest(tr.getItem()));
    MenuItem deleteSandbox = new MenuItem("Delete kept sandbox");
    deleteSandbox.setOnAction(e -> actions.deleteKeptSandbox(tr.getItem()));
    MenuItem copyId = new MenuItem("Copy id");
    copyId.setOnAction(e -> actions.copyId(tr.getItem()));
    MenuItem resume = new MenuItem("Resume (run the command again)");
    resume.setOnAction(e -> actions.resume(tr.getItem()));
    MenuItem stop = new MenuItem("Stop paused build");
    stop.setOnAction(e -> actions.stopPaused(tr.getItem()));
    MenuItem shell = new MenuItem("Open shell in sandbox");
    shell.setOnAction(e -> actions.openShell(tr.getItem()));
    MenuItem rerun = new MenuItem("Re-run command here (in a terminal)");
    rerun.setOnAction(e -> actions.rerunInTerminal(tr.getItem()));
    MenuItem compareWith = new MenuItem("Compare with\u2026");
    compareWith.setOnAction(e -> actions.compareWith(tr.getItem()));
    MenuItem comparePrevious = new MenuItem("Compare with previous build of the same request");
    comparePrevious.setOnAction(e -> actions.compareWithPrevious(tr.getItem()));
    MenuItem check = new MenuItem("Rebuild & compare");
    check.setOnAction(e -> actions.rebuildAndCompare(tr.getItem()));
    ContextMenu menu =
        new ContextMenu(cancel, resume, stop, shell, rerun, rebuild, clone, deleteSandbox, copyId, new javafx.scene.control.SeparatorMenuItem(),
            compareWith, comparePrevious, check);
    menu.setOnShowing(
        e -> {
          BuildRow r = tr.getItem();
          boolean active = r != null && !r.statusProperty().get().isFinal();
          cancel.setDisable(!active);
          boolean paused = active && r.phaseProperty().get() == Phase.PAUSED;
          resume.setDisable(!paused);
          stop.setDisable(!paused);
          rerun.setDisable(!paused);
          shell.setDisable(!paused && !hasKeptSandbox(r));
          boolean hasRequest = r != null && r.recordProperty().get() != null && r.recordProperty().get().requestJson().isPresent();
          rebuild.setDisable(!hasRequest);
          boolean succeeded = r != null && r.statusProperty().get() == BuildStatus.SUCCEEDED;
          compareWith.setDisable(!succeeded);
          comparePrevious.setDisable(!succeeded);
          check.setDisable(!succeeded);
          clone.setDisable(!hasRequest);
          deleteSandbox.setDisable(!hasKeptSandbox(r));
        });
    tr.contextMenuProperty().bind(Bindings.when(tr.emptyProperty()).then((ContextMenu) null).otherwise(menu));
    return tr;
  }

  private TableColumn<BuildRow, BuildStatus> statusColumn() {
    TableColumn<BuildRow, BuildStatus> c = new TableColumn<>("");
    c.setPrefWidth(34);
    c.setMinWidth(34);
    c.setMaxWidth(40);
    c.setCellValueFactory(d -> d.getValue().statusProperty());
    c.setCellFactory(
        col ->
            new TableCell<>() {
              @Override
              protected void updateItem(BuildStatus s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeIf(x -> x.startsWith("status-"));
                if (empty || s == null) {
                  setText(null);
                  return;
                }
                // The glyph alone keeps the column narrow; the word is in the tooltip and details.
                setText(StatusStyle.glyph(s));
                setTooltip(new javafx.scene.control.Tooltip(StatusStyle.word(s)));
                getStyleClass().add(StatusStyle.styleClass(s));
              }
            });
    return c;
  }

  private TableColumn<BuildRow, Phase> phaseColumn() {
    TableColumn<BuildRow, Phase> c = new TableColumn<>("Phase");
    c.setPrefWidth(110);
    c.setCellValueFactory(d -> d.getValue().phaseProperty());
    c.setCellFactory(
        col ->
            new TableCell<>() {
              private final ProgressIndicator spinner = new ProgressIndicator();

              {
                spinner.setPrefSize(14, 14);
                spinner.setMaxSize(14, 14);
              }

              @Override
              protected void updateItem(Phase p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                  setText(null);
                  setGraphic(null);
                } else if (p == Phase.PAUSED) {
                  // Waiting for a person, not working: a pause sign instead of the spinner, drawn
                  // because not every font has U+23F8.
                  setText(p.label());
                  setGraphic(pauseSign());
                } else {
                  setText(p.label());
                  setGraphic(spinner);
                }
              }
            });
    return c;
  }

  private static javafx.scene.Node pauseSign() {
    javafx.scene.layout.HBox sign = new javafx.scene.layout.HBox(2);
    for (int i = 0; i < 2; i++) {
      javafx.scene.shape.Rectangle bar = new javafx.scene.shape.Rectangle(3, 11);
      bar.getStyleClass().add("pause-sign");
      bar.setFill(javafx.scene.paint.Color.web("#d08a00"));
      sign.getChildren().add(bar);
    }
    return sign;
  }

  private static TableColumn<BuildRow, String> textColumn(
      String title, double width, java.util.function.Function<BuildRow, String> value) {
    TableColumn<BuildRow, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(
        d -> {
          BuildRow r = d.getValue();
          // Recomputed whenever the row's record or status changes.
          return Bindings.createStringBinding(
              () -> value.apply(r), r.statusProperty(), r.recordProperty(), r.exitProperty(), r.commandProperty(), r.finishedProperty());
        });
    return c;
  }

  private static String when(Instant t) {
    if (t == null) {
      return "";
    }
    var z = t.atZone(ZoneId.systemDefault());
    return z.toLocalDate().equals(LocalDate.now()) ? TIME.format(z) : DATE_TIME.format(z);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%d:%02d min", ms / 60_000, (ms / 1000) % 60);
  }

  private void refilter() {
    Filter f = filter.getValue() == null ? Filter.ALL : filter.getValue();
    String q = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
    filtered.setPredicate(
        r ->
            f.accepts.test(r.statusProperty().get())
                && (q.isEmpty() || r.id().startsWith(q) || r.commandProperty().get().toLowerCase(Locale.ROOT).contains(q)));
  }

  /** All rows (FX thread). */
  public ObservableList<BuildRow> rows() {
    return rows;
  }

  public Optional<BuildRow> find(String id) {
    for (BuildRow r : rows) {
      if (r.id().equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  public TableView<BuildRow> table() {
    return table;
  }

  /** Re-applies the filter after statuses changed (called once per event batch). */
  public void statusesChanged() {
    refilter();
  }

  /** Advances the clock used for running durations; called about once a second. */
  public void tick(Instant at) {
    now = at;
    table.refresh();
  }
}
