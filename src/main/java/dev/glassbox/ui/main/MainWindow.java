package dev.glassbox.ui.main;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestReader;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.BuildService;
import dev.glassbox.service.ServiceEvent;
import dev.glassbox.service.Subscription;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.builds.BuildActions;
import dev.glassbox.ui.builds.BuildListView;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.fx.Fx;
import dev.glassbox.ui.fx.FxEventBridge;
import dev.glassbox.ui.request.RequestEditor;
import dev.glassbox.ui.settings.SettingsDialog;
import dev.glassbox.ui.settings.UiSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The one window: builds on the left, the selected build's details and the request editor on the
 * right, menus and toolbar on top, status at the bottom.
 */
public final class MainWindow implements BuildActions {
  private final AppContext ctx;
  private final Stage stage;
  private final UiSettings settings;
  private final Optional<BuildService> service;
  private final BuildListView builds;
  private final DetailsPane details = new DetailsPane();
  private final RequestEditor editor;
  private final LogPane log;
  private final StatusBar status = new StatusBar();
  private final TabPane tabs = new TabPane();
  private final Tab requestTab = new Tab("Request");
  private final Tab logTab = new Tab("Log");
  private final Tab detailsTab = new Tab("Details");
  private final SplitPane split = new SplitPane();
  private final FxEventBridge bridge;
  private Subscription subscription;
  private Timeline ticker;
  private Scene scene;

  public MainWindow(AppContext ctx, Stage stage) {
    this.ctx = ctx;
    this.stage = stage;
    this.settings = ctx.settings();
    this.service = ctx.service();
    this.builds = new BuildListView(this);
    this.editor = new RequestEditor(ctx.editorServices());
    this.log = new LogPane(service);
    // Only status changes travel to the build list; log lines go to the log pane's own stream.
    this.bridge = new FxEventBridge(e -> !(e instanceof ServiceEvent.Log), this::apply);
    build();
  }

  private void build() {
    requestTab.setContent(editor);
    requestTab.setClosable(false);
    logTab.setContent(log);
    logTab.setClosable(false);
    detailsTab.setContent(details);
    detailsTab.setClosable(false);
    tabs.getTabs().addAll(requestTab, logTab, detailsTab);
    tabs.setId("detail-tabs");

    split.getItems().addAll(builds, tabs);
    split.setOrientation(Orientation.HORIZONTAL);
    SplitPane.setResizableWithParent(builds, false);

    BorderPane root = new BorderPane();
    root.setTop(new VBox(menuBar(), toolBar()));
    root.setCenter(split);
    root.setBottom(status);
    root.getStyleClass().add("glassbox-root");

    scene = new Scene(root, settings.number("window.w", 1280), settings.number("window.h", 800));
    scene.getStylesheets().add(MainWindow.class.getResource("/dev/glassbox/ui/glassbox.css").toExternalForm());
    applyTheme(settings.theme());
    stage.setScene(scene);
    stage.setTitle("Glassbox");
    stage.setMinWidth(800);
    stage.setMinHeight(500);
    for (String size : new String[] {"48", "128", "256"}) {
      var icon = MainWindow.class.getResourceAsStream("/dev/glassbox/ui/icons/glassbox-" + size + ".png");
      if (icon != null) {
        stage.getIcons().add(new Image(icon));
      }
    }
    if (!Double.isNaN(settings.number("window.x", Double.NaN))) {
      stage.setX(settings.number("window.x", 0));
      stage.setY(settings.number("window.y", 0));
    }
    stage.setMaximized(settings.flag("window.maximized", false));
    split.setDividerPositions(settings.number("split.builds", 0.44));

    builds.table().getSelectionModel().selectedItemProperty().addListener((o, a, b) -> select(b));
    stage.titleProperty().bind(
        Bindings.createStringBinding(
            () -> "Glassbox" + (editor.fileProperty().get() == null ? "" : " — " + editor.fileProperty().get().getFileName())
                + (editor.dirtyProperty().get() ? " *" : ""),
            editor.fileProperty(), editor.dirtyProperty()));
    installDragAndDrop(root);
    stage.setOnCloseRequest(e -> close());

    status.store(ctx.storeDir().toString(), "");
    status.health(ctx.problem());
    service.ifPresent(s -> status.mode(s.runtimeMode().label(), s.runtimeMode().explanation()));
    if (service.isEmpty()) {
      status.mode("unavailable", ctx.problem());
    }
  }

  /** Shows the window, loads history and starts live updates. */
  public void show() {
    stage.show();
    bridge.start();
    service.ifPresent(
        s -> {
          s.setMaxConcurrent(settings.concurrency());
          subscription = s.subscribeAll(bridge);
          Fx.background(() -> s.history().recent(1000), this::loadHistory, e -> error("Cannot read the build history", e));
        });
    ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> tick()));
    ticker.setCycleCount(Timeline.INDEFINITE);
    ticker.play();
    refreshStoreSize();
    Optional<Path> open = ctx.openOnStart().or(() -> Optional.ofNullable(settings.text("lastRequest", null)).map(Path::of).filter(Files::isRegularFile));
    if (open.isPresent()) {
      editor.load(open.get());
    } else {
      editor.newRequest();
    }
  }

  /** Saves window state and stops listening; called when the window closes. */
  public void close() {
    if (ticker != null) {
      ticker.stop();
    }
    bridge.stop();
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    log.close();
    settings.setFlag("window.maximized", stage.isMaximized());
    if (!stage.isMaximized()) {
      settings.setNumber("window.x", stage.getX());
      settings.setNumber("window.y", stage.getY());
      settings.setNumber("window.w", stage.getWidth());
      settings.setNumber("window.h", stage.getHeight());
    }
    settings.setNumber("split.builds", split.getDividerPositions()[0]);
    settings.setText("lastRequest", editor.fileProperty().get() == null ? null : editor.fileProperty().get().toString());
    settings.save();
  }

  // ------------------------------------------------------------------ menus and toolbar

  private MenuBar menuBar() {
    MenuItem newReq = item("New request", "Shortcut+N", this::newRequest);
    MenuItem open = item("Open request…", "Shortcut+O", () -> editor.open(stage));
    Menu examples = new Menu("Examples");
    for (Path p : ctx.examples()) {
      examples.getItems().add(item(exampleName(p), null, () -> editor.load(p)));
    }
    examples.setDisable(ctx.examples().isEmpty());
    MenuItem save = item("Save", "Shortcut+S", editor::save);
    MenuItem saveAs = item("Save as…", "Shortcut+Shift+S", () -> editor.saveAs(stage));
    MenuItem copyCli = item("Copy as CLI command", null, () -> copy(editor.cliCommand()));
    MenuItem copyJson = item("Copy as JSON", null, () -> copy(editor.json()));
    MenuItem prefs = item("Settings…", "Shortcut+Comma", this::openSettings);
    MenuItem quit = item("Quit", "Shortcut+Q", () -> {
      close();
      stage.hide();
    });
    Menu file = new Menu("File", null, newReq, open, examples, new SeparatorMenuItem(), save, saveAs, copyCli, copyJson,
        new SeparatorMenuItem(), prefs, new SeparatorMenuItem(), quit);

    MenuItem run = item("Run", "Shortcut+R", this::run);
    run.disableProperty().bind(runDisabled());
    MenuItem cancel = item("Cancel", "Shortcut+Period", () -> selected().ifPresent(this::cancel));
    cancel.disableProperty().bind(Bindings.not(selectionActive()));
    MenuItem rebuild = item("Rebuild", "Shortcut+Shift+R", () -> selected().ifPresent(this::rebuild));
    rebuild.disableProperty().bind(Bindings.not(selectionHasRequest()));
    MenuItem clone = item("Clone request into editor", "Shortcut+D", () -> selected().ifPresent(this::cloneRequest));
    clone.disableProperty().bind(Bindings.not(selectionHasRequest()));
    Menu build = new Menu("Build", null, run, cancel, rebuild, clone);

    ToggleGroup themes = new ToggleGroup();
    RadioMenuItem light = new RadioMenuItem("Light theme");
    RadioMenuItem dark = new RadioMenuItem("Dark theme");
    light.setToggleGroup(themes);
    dark.setToggleGroup(themes);
    (settings.theme() == UiSettings.Theme.DARK ? dark : light).setSelected(true);
    light.setOnAction(e -> setTheme(UiSettings.Theme.LIGHT));
    dark.setOnAction(e -> setTheme(UiSettings.Theme.DARK));
    MenuItem showLog = item("Log", "Shortcut+2", () -> tabs.getSelectionModel().select(logTab));
    MenuItem showRequest = item("Request", "Shortcut+1", () -> tabs.getSelectionModel().select(requestTab));
    MenuItem showDetails = item("Details", "Shortcut+3", () -> tabs.getSelectionModel().select(detailsTab));
    Menu view = new Menu("View", null, showRequest, showLog, showDetails, new SeparatorMenuItem(), light, dark);

    MenuItem about = item("About Glassbox", null, this::about);
    Menu help = new Menu("Help", null, about);
    MenuBar bar = new MenuBar(file, build, view, help);
    bar.setId("menu-bar");
    return bar;
  }

  private ToolBar toolBar() {
    Button newReq = button("New", "New request (Ctrl+N)", this::newRequest);
    Button open = button("Open…", "Open a request file (Ctrl+O)", () -> editor.open(stage));
    MenuButton examples = new MenuButton("Examples");
    examples.setId("examples-button");
    for (Path p : ctx.examples()) {
      examples.getItems().add(item(exampleName(p), null, () -> editor.load(p)));
    }
    examples.setDisable(ctx.examples().isEmpty());
    Button run = button("\u25B6 Run", "", this::run);
    run.setId("run-button");
    run.getStyleClass().add("run-button");
    run.disableProperty().bind(runDisabled());
    Tooltip runTip = new Tooltip();
    runTip.textProperty().bind(
        Bindings.createStringBinding(
            () -> service.isEmpty()
                ? "Builds are unavailable: " + ctx.problem()
                : editor.invalidReasonProperty().get().isEmpty() ? "Run this request (Ctrl+R)" : "Cannot run: " + editor.invalidReasonProperty().get(),
            editor.invalidReasonProperty()));
    run.setTooltip(runTip);
    // A disabled button shows no tooltip; the tip sits on a wrapper so the reason is still readable.
    javafx.scene.layout.StackPane runWrap = new javafx.scene.layout.StackPane(run);
    Tooltip.install(runWrap, runTip);
    Button cancel = button("\u25A0 Cancel", "Cancel the selected build (Ctrl+.)", () -> selected().ifPresent(this::cancel));
    cancel.setId("cancel-button");
    cancel.disableProperty().bind(Bindings.not(selectionActive()));
    Button rebuild = button("\u21BB Rebuild", "Run the selected build's exact request again (Ctrl+Shift+R)", () -> selected().ifPresent(this::rebuild));
    rebuild.setId("rebuild-button");
    rebuild.disableProperty().bind(Bindings.not(selectionHasRequest()));
    Button prefs = button("Settings", "Concurrency, store, failed sandboxes, theme", this::openSettings);
    return new ToolBar(newReq, open, examples, new javafx.scene.control.Separator(), runWrap, cancel, rebuild,
        new javafx.scene.control.Separator(), prefs);
  }

  private BooleanBinding runDisabled() {
    return Bindings.createBooleanBinding(
        () -> service.isEmpty() || editor.validRequestProperty().get().isEmpty(), editor.validRequestProperty());
  }

  private BooleanBinding selectionActive() {
    var sel = builds.table().getSelectionModel().selectedItemProperty();
    return Bindings.createBooleanBinding(
        () -> sel.get() != null && !sel.get().statusProperty().get().isFinal(),
        sel, Bindings.select(sel, "status"));
  }

  private BooleanBinding selectionHasRequest() {
    var sel = builds.table().getSelectionModel().selectedItemProperty();
    return Bindings.createBooleanBinding(
        () -> sel.get() != null && sel.get().recordProperty().get() != null && sel.get().recordProperty().get().requestJson().isPresent(),
        sel, Bindings.select(sel, "record"));
  }

  private static MenuItem item(String text, String accelerator, Runnable action) {
    MenuItem m = new MenuItem(text);
    if (accelerator != null) {
      m.setAccelerator(KeyCombination.keyCombination(accelerator));
    }
    m.setOnAction(e -> action.run());
    return m;
  }

  private static Button button(String text, String tip, Runnable action) {
    Button b = new Button(text);
    if (!tip.isEmpty()) {
      b.setTooltip(new Tooltip(tip));
    }
    b.setOnAction(e -> action.run());
    return b;
  }

  private static String exampleName(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
  }

  // ------------------------------------------------------------------ actions

  private void newRequest() {
    editor.newRequest();
    tabs.getSelectionModel().select(requestTab);
  }

  /** Submits the editor's request and follows the new build's log. */
  void run() {
    Optional<BuildRequest> req = editor.validRequestProperty().get();
    if (service.isEmpty() || req.isEmpty()) {
      return;
    }
    BuildOptions options =
        new BuildOptions(settings.keepFailedSandboxes() ? KeepSandbox.ON_FAILURE : KeepSandbox.NEVER, BuildOptions.DEFAULT_TIMEOUT);
    Fx.background(() -> service.get().submit(req.get(), options), this::followNewBuild, e -> error("The build could not be queued", e));
  }

  private void followNewBuild(BuildHandle h) {
    BuildRow row = builds.find(h.id()).orElseGet(() -> {
      BuildRow r = new BuildRow(h.id(), Instant.now());
      builds.rows().add(r);
      return r;
    });
    builds.table().getSelectionModel().select(row);
    builds.table().scrollTo(row);
    tabs.getSelectionModel().select(logTab);
  }

  @Override
  public void cancel(BuildRow row) {
    service.ifPresent(s -> Fx.background(() -> s.cancel(row.id()), r -> {}, e -> error("Cannot cancel build " + row.id(), e)));
  }

  @Override
  public void rebuild(BuildRow row) {
    service.ifPresent(s -> Fx.background(() -> s.rebuild(row.id()), this::followNewBuild, e -> error("Cannot rebuild " + row.id(), e)));
  }

  @Override
  public void cloneRequest(BuildRow row) {
    BuildRecord r = row.recordProperty().get();
    if (r == null || r.requestJson().isEmpty()) {
      return;
    }
    Fx.background(
        () -> new RequestReader(ctx.editorServices().validator()).parse(r.requestJson().get(), ctx.storeDir(), null),
        req -> {
          editor.setRequest(req, "clone of " + r.id().substring(0, 8));
          tabs.getSelectionModel().select(requestTab);
        },
        e -> error("Cannot clone the request of " + r.id(), e));
  }

  @Override
  public void deleteKeptSandbox(BuildRow row) {
    service.ifPresent(
        s -> Fx.background(() -> {
          Path p = s.deleteKeptSandbox(row.id());
          return s.history().find(row.id()).map(rec -> new Object[] {p, rec}).orElse(new Object[] {p, null});
        }, res -> {
          if (res[1] != null) {
            row.update((BuildRecord) res[1]);
            select(row);
          }
        }, e -> error("Cannot delete the sandbox of " + row.id(), e)));
  }

  @Override
  public void copyId(BuildRow row) {
    copy(row.id());
  }

  private void openSettings() {
    SettingsDialog.show(stage, settings, ctx.storeDir()).ifPresent(c -> {
      settings.setNumber("concurrency", c.concurrency());
      settings.setFlag("keepFailedSandboxes", c.keepFailedSandboxes());
      settings.setNumber("notifyAfterSeconds", c.notifyAfterSeconds());
      settings.setText("storeDir", c.storeDir().isEmpty() ? null : c.storeDir());
      setTheme(c.theme());
      settings.save();
      service.ifPresent(s -> s.setMaxConcurrent(c.concurrency()));
    });
  }

  private void setTheme(UiSettings.Theme t) {
    settings.theme(t);
    applyTheme(t);
  }

  private void applyTheme(UiSettings.Theme t) {
    var root = scene.getRoot();
    root.getStyleClass().removeAll("theme-light", "theme-dark");
    root.getStyleClass().add(t == UiSettings.Theme.DARK ? "theme-dark" : "theme-light");
    log.view().darkThemeProperty().set(t == UiSettings.Theme.DARK);
  }

  private void about() {
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.initOwner(stage);
    a.setTitle("About Glassbox");
    a.setHeaderText("Glassbox " + Optional.ofNullable(MainWindow.class.getPackage().getImplementationVersion()).orElse("(development build)"));
    a.setContentText("A build inspector: run build requests in a real OCI sandbox (runc, FUSE), watch them live, and look inside.\n\nStore: " + ctx.storeDir());
    a.showAndWait();
  }

  private void installDragAndDrop(BorderPane root) {
    root.setOnDragOver(e -> {
      if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1 && e.getDragboard().getFiles().get(0).getName().endsWith(".json")) {
        e.acceptTransferModes(TransferMode.COPY);
      }
    });
    root.setOnDragDropped(e -> {
      var files = e.getDragboard().getFiles();
      if (files.size() == 1) {
        editor.load(files.get(0).toPath());
        tabs.getSelectionModel().select(requestTab);
        e.setDropCompleted(true);
      }
    });
    root.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.F5) {
        run();
      }
    });
  }

  // ------------------------------------------------------------------ live updates

  private void loadHistory(List<BuildRecord> records) {
    for (BuildRecord r : records) {
      Optional<BuildRow> existing = builds.find(r.id());
      if (existing.isPresent()) {
        existing.get().update(r);
      } else {
        builds.rows().add(BuildRow.of(r));
      }
    }
    builds.statusesChanged();
  }

  /** One batch of service events per pulse (FX thread). */
  private void apply(List<ServiceEvent> batch) {
    BuildRow selected = builds.table().getSelectionModel().getSelectedItem();
    boolean refreshSelected = false;
    for (ServiceEvent e : batch) {
      BuildRow row = builds.find(e.buildId()).orElse(null);
      if (row == null) {
        Instant at = e instanceof ServiceEvent.Queued q ? q.at() : Instant.now();
        row = new BuildRow(e.buildId(), at);
        builds.rows().add(row);
        String id = e.buildId();
        // The command summary and request live in the history; fetch the record once.
        service.ifPresent(s -> Fx.background(() -> s.history().find(id), rec -> rec.ifPresent(r -> builds.find(id).ifPresent(x -> x.update(r))), ex -> {}));
      }
      if (e instanceof ServiceEvent.Started) {
        row.statusProperty().set(BuildStatus.RUNNING);
        row.startedProperty().set(Instant.now());
      } else if (e instanceof ServiceEvent.PhaseStarted p) {
        row.statusProperty().set(BuildStatus.RUNNING);
        row.phaseProperty().set(p.phase());
      } else if (e instanceof ServiceEvent.Finished f) {
        row.update(f.record());
        announceIfAway(f.record());
        row.phaseProperty().set(null);
        refreshStoreSize();
      }
      if (row == selected) {
        refreshSelected = true;
      }
    }
    builds.statusesChanged();
    if (refreshSelected && selected != null && selected.recordProperty().get() != null) {
      details.show(selected.recordProperty().get());
    }
    updateCounts();
  }

  /**
   * A long build that finished while the user looked elsewhere: a desktop notification, or the
   * status bar's notice when the desktop has none.
   */
  private void announceIfAway(BuildRecord record) {
    Duration threshold = Duration.ofSeconds(settings.notifyAfterSeconds());
    FinishNotice.decide(record, threshold, stage.isFocused())
        .ifPresent(
            n ->
                Fx.background(
                    () -> ctx.notifier().notify(n.title(), n.body()),
                    shown -> {
                      if (!shown) {
                        status.notice(n.title() + ": " + n.body());
                      }
                    },
                    e -> status.notice(n.title() + ": " + n.body())));
  }

  private void select(BuildRow row) {
    if (row == null) {
      details.show(null);
      log.clear();
      return;
    }
    details.show(row.recordProperty().get());
    log.show(row.id());
    String id = row.id();
    service.ifPresent(s -> Fx.background(() -> s.history().find(id), rec -> rec.ifPresent(r -> {
      row.update(r);
      if (builds.table().getSelectionModel().getSelectedItem() == row) {
        details.show(r);
      }
    }), e -> {}));
  }

  private void tick() {
    builds.tick(Instant.now());
    updateCounts();
  }

  private void updateCounts() {
    service.ifPresent(s -> status.counts(s.running(), s.queued().size()));
  }

  private void refreshStoreSize() {
    Path store = ctx.storeDir();
    Fx.background(() -> human(sizeOf(store)), size -> status.store(store.toString(), size), e -> {});
  }

  private static long sizeOf(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private Optional<BuildRow> selected() {
    return Optional.ofNullable(builds.table().getSelectionModel().getSelectedItem());
  }

  private static void copy(String s) {
    ClipboardContent c = new ClipboardContent();
    c.putString(s);
    Clipboard.getSystemClipboard().setContent(c);
  }

  private void error(String what, Exception e) {
    Alert a = new Alert(Alert.AlertType.ERROR);
    a.initOwner(stage);
    a.setTitle("Glassbox");
    a.setHeaderText(what);
    a.setContentText(e.getMessage() != null ? e.getMessage() : e.toString());
    a.show();
  }

  /**
   * Another launch ({@code glassbox FILE}, a file manager's "open with") handed its request here:
   * come to the front and open the file in the editor. FX thread.
   */
  public void openHandedOver(Optional<Path> file) {
    stage.setIconified(false);
    stage.show();
    stage.toFront();
    stage.requestFocus();
    file.ifPresent(
        f -> {
          org.slf4j.LoggerFactory.getLogger(MainWindow.class).info("opening {} (handed over by another launch)", f);
          editor.load(f);
          tabs.getSelectionModel().select(requestTab);
        });
  }

  // For UI tests.
  public BuildListView buildList() {
    return builds;
  }

  public RequestEditor editor() {
    return editor;
  }

  public dev.glassbox.ui.log.LogView logView() {
    return log.view();
  }

  public StatusBar statusBar() {
    return status;
  }
}
