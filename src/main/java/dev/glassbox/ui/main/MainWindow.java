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
import dev.glassbox.ui.GlassboxApp;
import dev.glassbox.ui.browse.InputsPane;
import dev.glassbox.ui.browse.OutputsPane;
import dev.glassbox.ui.access.AccessPane;
import dev.glassbox.ui.access.AccessPathMarks;
import dev.glassbox.browse.PathMarks;
import dev.glassbox.ui.builds.BuildActions;
import dev.glassbox.ui.diff.CompareWindows;
import dev.glassbox.ui.builds.BuildListView;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.fx.Fx;
import dev.glassbox.ui.fx.FxEventBridge;
import dev.glassbox.ui.request.RequestEditor;
import dev.glassbox.ui.sandbox.SandboxTab;
import dev.glassbox.ui.terminal.TerminalWindow;
import dev.glassbox.terminal.TerminalSpec;
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
import javafx.application.Platform;
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
  /** The ui.json flag behind Build ▸ Pause on failure. */
  static final String PAUSE_ON_FAILURE = "pauseOnFailure";

  private final AppContext ctx;
  private final Stage stage;
  private final UiSettings settings;
  private final Optional<BuildService> service;
  private final BuildListView builds;
  private final RequestEditor editor;
  private final StatusBar status = new StatusBar();
  private final TabPane tabs = new TabPane();
  private final Tab requestTab = new Tab("Request");
  private final Tab logTab = new Tab("Log");
  private final Tab detailsTab = new Tab("Details");
  private final Tab sandboxTab = new Tab("Sandbox");
  private final Tab inputsTab = new Tab("Inputs");
  private final Tab outputsTab = new Tab("Outputs");
  private final Tab accessTab = new Tab("Access");
  // Only the Request tab shows at start; the others are made when first selected.
  private final LazyTab<LogPane> log;
  private final LazyTab<DetailsPane> details;
  private final LazyTab<SandboxTab> sandbox;
  private final LazyTab<InputsPane> inputs;
  private final LazyTab<OutputsPane> outputs;
  private final LazyTab<AccessPane> access;
  private final SplitPane split = new SplitPane();
  private final FxEventBridge bridge;
  private Subscription subscription;
  private Timeline ticker;
  private Scene scene;
  private CompareWindows compareWindows;

  public MainWindow(AppContext ctx, Stage stage) {
    this.ctx = ctx;
    this.stage = stage;
    this.settings = ctx.settings();
    this.service = ctx.service();
    this.builds = new BuildListView(this);
    this.editor = new RequestEditor(ctx.editorServices());
    this.log = new LazyTab<>(logTab, this::makeLog);
    this.details = new LazyTab<>(detailsTab, DetailsPane::new);
    this.sandbox = new LazyTab<>(sandboxTab, this::makeSandbox);
    this.inputs = new LazyTab<>(inputsTab, this::makeInputs);
    this.outputs =
        new LazyTab<>(outputsTab, () -> new OutputsPane(service, GlassboxApp::openFolder));
    this.access = new LazyTab<>(accessTab, AccessPane::new);
    // Only status changes travel to the build list; log lines go to the log pane's own stream.
    this.bridge = new FxEventBridge(e -> !(e instanceof ServiceEvent.Log), this::apply);
    build();
  }

  private void build() {
    requestTab.setContent(editor);
    requestTab.setClosable(false);
    accessTab.setTooltip(new Tooltip("Which inputs the selected build read, and what it missed"));
    // Loaded only while the tab shows: it reads the trace and log lines from the history.
    accessTab.selectedProperty().addListener((o, was, now) -> refreshAccess());
    tabs.getTabs()
        .addAll(requestTab, logTab, detailsTab, inputsTab, outputsTab, accessTab, sandboxTab);
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

  private void loadIcons() {
    for (String size : new String[] {"48", "128", "256"}) {
      var icon = MainWindow.class.getResourceAsStream("/dev/glassbox/ui/icons/glassbox-" + size + ".png");
      if (icon != null) {
        stage.getIcons().add(new Image(icon));
      }
    }
  }

  private LogPane makeLog() {
    LogPane pane = new LogPane(service);
    pane.view().darkThemeProperty().set(settings.theme() == UiSettings.Theme.DARK);
    return pane;
  }

  private SandboxTab makeSandbox() {
    SandboxTab pane = new SandboxTab(service, ctx.storeDir());
    pane.setOnSelectBuild(
        id -> builds.find(id).ifPresent(r -> builds.table().getSelectionModel().select(r)));
    pane.setOpenOutputDiff((a, b) -> compareWindows().ifPresent(c -> c.compareBuilds(a, b)));
    return pane;
  }

  private InputsPane makeInputs() {
    InputsPane pane = new InputsPane(service, GlassboxApp::openFolder);
    pane.setMarks(
        id -> service.map(s -> AccessPathMarks.load(s.history(), id)).orElse(PathMarks.NONE));
    return pane;
  }

  /** Shows the window, loads history and starts live updates. */
  public void show() {
    stage.show();
    // After the first show: decoding the icons (up to 256 px) need not delay the first frame, and
    // the window manager takes icons set on a window that is already mapped.
    Platform.runLater(this::loadIcons);
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
    log.ifMade(LogPane::close);
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
    MenuItem compareWith = item("Compare with\u2026", null, () -> selected().ifPresent(this::compareWith));
    MenuItem comparePrev = item("Compare with previous build", "Shortcut+Shift+D", () -> selected().ifPresent(this::compareWithPrevious));
    MenuItem check = item("Rebuild & compare", null, () -> selected().ifPresent(this::rebuildAndCompare));
    for (MenuItem m : List.of(compareWith, comparePrev, check)) {
      m.disableProperty().bind(Bindings.not(selectionSucceeded()));
    }
    // Remembered across runs: a debugging session usually means several builds in a row.
    javafx.scene.control.CheckMenuItem pause =
        new javafx.scene.control.CheckMenuItem("Pause on failure");
    pause.setId("pause-on-failure");
    pause.setSelected(settings.flag(PAUSE_ON_FAILURE, false));
    pause.selectedProperty().addListener((o, was, on) -> {
      settings.setFlag(PAUSE_ON_FAILURE, on);
      settings.save();
    });
    MenuItem resume = item("Resume paused build", null, () -> selected().ifPresent(this::resume));
    resume.setId("resume-paused");
    resume.disableProperty().bind(Bindings.not(selectionPaused()));
    MenuItem stopPaused =
        item("Stop paused build", null, () -> selected().ifPresent(this::stopPaused));
    stopPaused.setId("stop-paused");
    stopPaused.disableProperty().bind(Bindings.not(selectionPaused()));
    MenuItem shell =
        item("Open shell in sandbox", "Shortcut+Shift+T", () -> selected().ifPresent(this::openShell));
    shell.setId("open-shell");
    shell.disableProperty().bind(Bindings.not(selectionHasShell()));
    MenuItem rerunHere =
        item("Re-run command here", null, () -> selected().ifPresent(this::rerunInTerminal));
    rerunHere.disableProperty().bind(Bindings.not(selectionPaused()));
    Menu build =
        new Menu(
            "Build", null, run, cancel, rebuild, clone, new SeparatorMenuItem(), pause, resume,
            stopPaused, shell, rerunHere, new SeparatorMenuItem(), compareWith, comparePrev, check);

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
    MenuItem showSandbox =
        item("Sandbox", "Shortcut+4", () -> tabs.getSelectionModel().select(sandboxTab));
    MenuItem showInputs =
        item("Inputs", "Shortcut+5", () -> tabs.getSelectionModel().select(inputsTab));
    MenuItem showOutputs =
        item("Outputs", "Shortcut+6", () -> tabs.getSelectionModel().select(outputsTab));
    Menu view = new Menu("View", null, showRequest, showLog, showDetails, showInputs, showOutputs,
        showSandbox,
        new SeparatorMenuItem(), light, dark);

    MenuItem about = item("About Glassbox", null, this::about);
    MenuItem tour = item("Guided tour of the selected build", null, () -> {
      tabs.getSelectionModel().select(sandboxTab);
      sandbox.pane().startTour();
    });
    tour.disableProperty().bind(builds.table().getSelectionModel().selectedItemProperty().isNull());
    Menu help = new Menu("Help", null, tour, about);
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

  private BooleanBinding selectionSucceeded() {
    var sel = builds.table().getSelectionModel().selectedItemProperty();
    return Bindings.createBooleanBinding(
        () -> sel.get() != null && sel.get().statusProperty().get() == dev.glassbox.history.BuildStatus.SUCCEEDED,
        sel, Bindings.select(sel, "status"));
  }

  private BooleanBinding selectionHasShell() {
    var sel = builds.table().getSelectionModel().selectedItemProperty();
    return Bindings.createBooleanBinding(
        () ->
            sel.get() != null
                && (sel.get().phaseProperty().get() == dev.glassbox.sandbox.Phase.PAUSED
                    || BuildListView.hasKeptSandbox(sel.get())),
        sel, Bindings.select(sel, "phase"), Bindings.select(sel, "record"));
  }

  private BooleanBinding selectionPaused() {
    var sel = builds.table().getSelectionModel().selectedItemProperty();
    return Bindings.createBooleanBinding(
        () ->
            sel.get() != null
                && sel.get().phaseProperty().get() == dev.glassbox.sandbox.Phase.PAUSED,
        sel, Bindings.select(sel, "phase"));
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
        new BuildOptions(
            settings.keepFailedSandboxes() ? KeepSandbox.ON_FAILURE : KeepSandbox.NEVER,
            BuildOptions.DEFAULT_TIMEOUT)
            .withPauseOnFailure(settings.flag(PAUSE_ON_FAILURE, false));
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
  public void resume(BuildRow row) {
    service.ifPresent(
        s ->
            Fx.background(
                () -> s.resume(row.id()),
                r -> {},
                e -> error("Cannot resume build " + row.id(), e)));
  }

  @Override
  public void stopPaused(BuildRow row) {
    service.ifPresent(
        s ->
            Fx.background(
                () -> s.stopPaused(row.id()),
                r -> {},
                e -> error("Cannot stop build " + row.id(), e)));
  }

  @Override
  public void openShell(BuildRow row) {
    openTerminal(row, false);
  }

  @Override
  public void rerunInTerminal(BuildRow row) {
    openTerminal(row, true);
  }

  /**
   * Sets the shell up off the FX thread (for a kept sandbox that mounts the inputs and starts a
   * container), then runs it in a terminal window whose closing tears the session down.
   */
  private void openTerminal(BuildRow row, boolean rerun) {
    service.ifPresent(
        s ->
            Fx.background(
                () -> rerun ? s.openRerun(row.id(), true) : s.openShell(row.id(), List.of(), true),
                session -> {
                  TerminalSpec spec =
                      TerminalSpec.of(session.description(), session.argv())
                          .withTeardown(session::close);
                  TerminalWindow.open(
                      stage, ctx.terminals(), spec, settings.theme() == UiSettings.Theme.DARK);
                },
                e -> error("Cannot open a shell in build " + row.id(), e)));
  }

  @Override
  public void copyId(BuildRow row) {
    copy(row.id());
  }

  @Override
  public void compareWith(BuildRow row) {
    compareWindows().ifPresent(c -> c.compareWith(row.id()));
  }

  @Override
  public void compareWithPrevious(BuildRow row) {
    compareWindows().ifPresent(c -> c.compareWithPrevious(row.id()));
  }

  @Override
  public void rebuildAndCompare(BuildRow row) {
    compareWindows().ifPresent(c -> c.rebuildAndCompare(row.id()));
  }

  /** The Compare windows' launcher; absent when the engine is unavailable. */
  public Optional<CompareWindows> compareWindows() {
    if (compareWindows == null && service.isPresent()) {
      compareWindows = new CompareWindows(stage, service.get(), settings);
    }
    return Optional.ofNullable(compareWindows);
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
    log.ifMade(p -> p.view().darkThemeProperty().set(t == UiSettings.Theme.DARK));
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
        if (row == selected) {
          refreshAccess(); // its trace is recorded before its end
        }
      }
      if (row == selected) {
        refreshSelected = true;
      }
    }
    builds.statusesChanged();
    if (refreshSelected && selected != null && selected.recordProperty().get() != null) {
      showRecord(selected.recordProperty().get());
    }
    updateCounts();
  }

  /** Shows the selected build's input access report, if the Access tab is showing. */
  private void refreshAccess() {
    BuildRow row = builds.table().getSelectionModel().getSelectedItem();
    if (row == null) {
      access.state(AccessPane::clear);
    } else if (accessTab.isSelected()) {
      service.ifPresent(s -> access.pane().showBuild(s.history(), row.id()));
    }
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
    refreshAccess();
    if (row == null) {
      details.state(p -> p.show(null));
      sandbox.state(p -> p.show(null));
      log.state(LogPane::clear);
      inputs.state(InputsPane::clear);
      outputs.state(OutputsPane::clear);
      return;
    }
    showRecord(row.recordProperty().get());
    log.state(p -> p.show(row.id()));
    String id = row.id();
    service.ifPresent(s -> Fx.background(() -> s.history().find(id), rec -> rec.ifPresent(r -> {
      row.update(r);
      if (builds.table().getSelectionModel().getSelectedItem() == row) {
        showRecord(r);
      }
    }), e -> {}));
  }

  /** The selected build's record in the tabs that show one (the Log tab follows its id). */
  private void showRecord(BuildRecord r) {
    details.state(p -> p.show(r));
    sandbox.state(p -> p.show(r));
    inputs.state(p -> p.show(r));
    outputs.state(p -> p.show(r));
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
    return log.pane().view();
  }

  public StatusBar statusBar() {
    return status;
  }

  /** The Sandbox tab; the integrator connects {@link SandboxTab#setOpenOutputDiff} here. */
  public SandboxTab sandboxTab() {
    return sandbox.pane();
  }

  /** Brings the Sandbox tab to the front. */
  public void showSandboxTab() {
    tabs.getSelectionModel().select(sandboxTab);
  }

  public InputsPane inputsPane() {
    return inputs.pane();
  }

  public OutputsPane outputsPane() {
    return outputs.pane();
  }

  public TabPane tabs() {
    return tabs;
  }
}
