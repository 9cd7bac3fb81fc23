package dev.glassbox.ui.request;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The build request editor: a form with every field of a request and a JSON tab kept in sync
 * both ways, live validation by the engine's validator with every violation at its field and in a
 * summary, pre-flight warnings, host inputs imported with progress, and request files.
 *
 * <p>Embed it as a node and bind Run to {@link #validRequestProperty()} (empty while the request
 * cannot run) and {@link #invalidReasonProperty()} (why). Everything slow (checks, which may read
 * the store; imports; file reads and writes) runs on {@link EditorServices#background()}, and its
 * results are applied on the FX thread; all public methods must be called on the FX thread.
 */
public final class RequestEditor extends BorderPane {
  private static final Duration CHECK_DELAY = Duration.millis(150);
  private static final Duration JSON_DELAY = Duration.millis(200);

  private final EditorServices services;
  private final String hostSystem;
  private final FormCheck formCheck;
  private final FormContext ctx;
  private final FormView formView;
  private final JsonView jsonView;
  private final IssuesPanel issuesPanel;
  private final TabPane tabs = new TabPane();
  private final Tab formTab = new Tab("Form");
  private final Tab jsonTab = new Tab("JSON");
  private final Label titleLabel = new Label();
  private final Label pathLabel = new Label();
  private final Label dirtyLabel = new Label("edited");
  private final Label readOnlyBadge = new Label("read-only");
  private final Label notice = new Label();
  private final HBox noticeBar;
  private final PauseTransition noticeTimer = new PauseTransition(Duration.seconds(5));
  private final Button openButton = new Button("Open…");
  private final Button saveButton = new Button("Save");
  private final Button saveAsButton = new Button("Save as…");
  private final MenuButton copyButton = new MenuButton("Copy");
  private final Button editCopyButton = new Button("Edit a copy");

  private final ReadOnlyObjectWrapper<Optional<BuildRequest>> validRequest =
      new ReadOnlyObjectWrapper<>(this, "validRequest", Optional.empty());
  private final ReadOnlyStringWrapper invalidReason =
      new ReadOnlyStringWrapper(this, "invalidReason", "Checking the request…");
  private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "New request");

  private RequestForm form = RequestForm.empty();
  private String customTitle;
  private String savedText;
  private RequestForm savedForm = RequestForm.empty();
  /** The form changed since the JSON text was written from it; the text is rewritten when shown. */
  private boolean jsonStale = true;
  /** The user's JSON text cannot become a form; the form keeps the last valid request. */
  private boolean jsonBroken;
  private long jsonVersion;
  private long checkGeneration;
  private final PauseTransition checkDelay = new PauseTransition(CHECK_DELAY);
  private final PauseTransition jsonDelay = new PauseTransition(JSON_DELAY);
  private final Map<Path, ImportJob> imports = new HashMap<>();
  /** Checks and JSON analyses submitted whose results have not come back yet. */
  private int inFlight;
  private final Timeline importTicker;
  private Consumer<RequestEditor> onEditCopy;

  /** The order in which edits reach the form decides what else follows them. */
  private enum Origin {
    /** An edit in the form (or a fix, or a new request): the JSON text follows. */
    FORM,
    /** Read from the user's JSON text: the text stays as typed. */
    JSON,
    /** Read from a file whose text the JSON tab already shows. */
    LOADED
  }

  /** One import of a host path; progress counters are written by the importing thread. */
  private final class ImportJob {
    final Path path;
    final AtomicLong files = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    ImportState result;

    ImportJob(Path path) {
      this.path = path;
    }

    ImportState state() {
      return result != null ? result : new ImportState.Importing(files.get(), bytes.get());
    }
  }

  public RequestEditor(EditorServices services) {
    this.services = Objects.requireNonNull(services, "services");
    this.hostSystem = HostFacts.thisSystem();
    this.formCheck = new FormCheck(services.validator(), hostSystem);
    getStyleClass().add("request-editor");
    getStylesheets().add(Objects.requireNonNull(RequestEditor.class.getResource("request-editor.css")).toExternalForm());

    ctx = new FormContext(this::edit);
    ctx.router.setFixHandler(this::applyFix);
    formView =
        new FormView(
            ctx,
            new InputsEditor.Actions() {
              @Override
              public void addHostPaths(List<Path> paths) {
                RequestEditor.this.addHostPaths(paths);
              }

              @Override
              public void chooseHostFolder() {
                RequestEditor.this.chooseHostFolder();
              }

              @Override
              public void chooseHostFile() {
                RequestEditor.this.chooseHostFile();
              }

              @Override
              public void reimport(Path hostPath) {
                RequestEditor.this.reimport(hostPath);
              }

              @Override
              public CompletableFuture<List<NamedNode>> recentNodes() {
                return CompletableFuture.supplyAsync(() -> services.recentNodes(200), services.background());
              }
            },
            hostSystem,
            this::discardJsonEdits);
    formView.inputs.setResolver(text -> HostPaths.resolve(text, baseDir()).path());
    jsonView = new JsonView(this::reformatJson);
    jsonView.setOnUserEdit(this::userEditedJson);
    issuesPanel = new IssuesPanel(this::reveal, this::applyFix);

    formTab.setContent(formView);
    formTab.setClosable(false);
    jsonTab.setContent(jsonView);
    jsonTab.setClosable(false);
    tabs.getTabs().addAll(formTab, jsonTab);
    tabs.getStyleClass().add("editor-tabs");
    tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
      if (now == jsonTab) {
        jsonView.area(); // made on first sight
        refreshJson();
      }
    });

    noticeBar = buildNoticeBar();
    setTop(new VBox(buildHeader(), noticeBar));
    setCenter(tabs);
    setBottom(issuesPanel);

    checkDelay.setOnFinished(e -> runCheck());
    jsonDelay.setOnFinished(e -> analyseJson(true));
    importTicker = new Timeline(new KeyFrame(Duration.millis(250), e -> renderInputs()));
    importTicker.setCycleCount(Animation.INDEFINITE);
    noticeTimer.setOnFinished(e -> hideNotice());

    newRequest();
  }

  // --- the public API ------------------------------------------------------------------------------

  /** Reads a request file; host-path inputs are imported (with progress). Completes when shown. */
  public CompletableFuture<Void> load(Path requestFile) {
    Path path = requestFile.toAbsolutePath().normalize();
    CompletableFuture<Void> done = new CompletableFuture<>();
    runInBackground(
        () -> {
          String text = Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
          FormJson.Result parsed = FormJson.parse(text);
          List<JsonLexer.Token> tokens = JsonLexer.tokens(text);
          FxThread.run(() -> {
            applyLoaded(path, text, parsed, tokens);
            done.complete(null);
          });
          return null;
        },
        err -> {
          showNotice("Could not open " + path + ": " + InputsEditor.rootMessage(err), true);
          done.completeExceptionally(err);
        });
    return done;
  }

  /** Shows a resolved request, e.g. a clone of a finished build's; it has no file. */
  public void setRequest(BuildRequest r, String title) {
    replaceAll(RequestForm.of(r), title);
  }

  /** A sensible starting point: a shell command that writes one output, with the sandbox shell. */
  public void newRequest() {
    replaceAll(RequestForm.template(hostSystem, new Random()), null);
  }

  /** The resolved request (digests only) when it is valid and every import is done; else empty. */
  public ReadOnlyObjectProperty<Optional<BuildRequest>> validRequestProperty() {
    return validRequest.getReadOnlyProperty();
  }

  /** One sentence saying why the request cannot run now, for Run's tooltip; empty when it can. */
  public ReadOnlyStringProperty invalidReasonProperty() {
    return invalidReason.getReadOnlyProperty();
  }

  /** The request file, or null when the request was never saved. */
  public ReadOnlyObjectProperty<Path> fileProperty() {
    return file.getReadOnlyProperty();
  }

  /** Whether there are changes that {@link #save()} would write. */
  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  /** A short name for tabs and window titles: the file name, the given title, or "New request". */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** Writes the request to its file; without one, asks where (in this editor's window). */
  public CompletableFuture<Void> save() {
    if (file.get() == null) {
      Window w = getScene() == null ? null : getScene().getWindow();
      return saveAs(w);
    }
    return saveAs(file.get());
  }

  /**
   * Writes the request to {@code target}, which becomes its file. Relative host paths are
   * rewritten so that they still name the same files from the new folder.
   */
  public CompletableFuture<Void> saveAs(Path target) {
    Path path = target.toAbsolutePath().normalize();
    Path newBase = path.getParent();
    RequestForm rebased = form;
    String text;
    if (jsonBroken) {
      // The text is the document while it cannot be read; it is written as it is.
      text = jsonView.text();
    } else {
      rebased = form.withInputs(HostPaths.rebase(form.inputs(), baseDir(), newBase));
      text = rebased.equals(form) ? json() : FormJson.toJson(rebased);
    }
    RequestForm written = rebased;
    boolean broken = jsonBroken;
    CompletableFuture<Void> done = new CompletableFuture<>();
    runInBackground(
        () -> {
          write(path, text);
          FxThread.run(() -> {
            file.set(path);
            customTitle = null;
            if (!broken && !written.equals(form)) {
              setForm(written, Origin.FORM);
              refreshJson();
            }
            savedText = text;
            savedForm = broken ? null : written;
            updateTitle();
            updateDirty();
            showNotice("Saved " + path.getFileName() + ".", false);
            done.complete(null);
          });
          return null;
        },
        err -> {
          showNotice("Could not save " + path + ": " + InputsEditor.rootMessage(err), true);
          done.completeExceptionally(err);
        });
    return done;
  }

  /** Asks for a request file (after confirming that unsaved changes may go) and loads it. */
  public void open(Window owner) {
    if (dirty.get() && !confirmDiscard(owner)) {
      return;
    }
    FileChooser chooser = requestChooser("Open a build request");
    File chosen = chooser.showOpenDialog(owner);
    if (chosen != null) {
      load(chosen.toPath());
    }
  }

  /** Asks where to save the request and saves it there. */
  public CompletableFuture<Void> saveAs(Window owner) {
    FileChooser chooser = requestChooser("Save the build request");
    chooser.setInitialFileName(file.get() != null ? file.get().getFileName().toString() : "request.json");
    File chosen = chooser.showSaveDialog(owner);
    if (chosen == null) {
      return CompletableFuture.completedFuture(null);
    }
    return saveAs(chosen.toPath());
  }

  /** The command that runs this request with {@code glassbox build}, ready to paste into a shell. */
  public String cliCommand() {
    boolean upToDate = file.get() != null && !dirty.get() && !jsonBroken;
    return CliCommand.of(file.get(), upToDate, form, baseDir(), services.storeDirectory().orElse(null));
  }

  /** The request as JSON, as the JSON tab shows it and {@link #save()} writes it. */
  public String json() {
    refreshJson();
    return jsonView.text();
  }

  /** Shows the request without letting it change (a finished build's request); Save as stays. */
  public void setReadOnly(boolean readOnly) {
    ctx.readOnly.set(readOnly);
    jsonView.setEditable(!readOnly);
    updateHeader();
    renderForm();
  }

  public boolean isReadOnly() {
    return ctx.readOnly.get();
  }

  /**
   * A new, editable editor holding a copy of this request (no file), e.g. to change and rerun a
   * finished build's request.
   */
  public RequestEditor duplicate(String newTitle) {
    RequestEditor copy = new RequestEditor(services);
    // The copy has no file, so relative host paths would no longer resolve: make them absolute.
    RequestForm f = form.withInputs(HostPaths.absolute(form.inputs(), baseDir()));
    copy.replaceAll(f, newTitle);
    return copy;
  }

  /**
   * When set, a read-only editor offers "Edit a copy", which hands {@link #duplicate} of this
   * request to {@code action} (the app opens it, e.g. in a new tab).
   */
  public void setOnEditCopy(Consumer<RequestEditor> action) {
    onEditCopy = action;
    updateHeader();
  }

  // --- the form and its sync with the JSON tab -----------------------------------------------------

  private void edit(UnaryOperator<RequestForm> change) {
    if (ctx.readOnly.get() || jsonBroken) {
      renderForm();
      return;
    }
    setForm(change.apply(form), Origin.FORM);
  }

  private void setForm(RequestForm next, Origin origin) {
    boolean changed = !next.equals(form);
    form = next;
    if (changed) {
      // Before rendering, so that a new host input shows its import from the start.
      ensureImports();
    }
    renderForm();
    if (!changed) {
      return;
    }
    if (origin == Origin.FORM) {
      jsonStale = true;
      if (tabs.getSelectionModel().getSelectedItem() == jsonTab) {
        refreshJson();
      }
    }
    scheduleCheck();
    updateDirty();
  }

  private void renderForm() {
    ctx.rendering(() -> formView.render(form, this::importStateOf));
    ctx.router.refresh();
  }

  private void renderInputs() {
    ctx.rendering(() -> formView.renderInputs(form, this::importStateOf));
    ctx.router.refresh();
  }

  /**
   * Replaces the whole request (new, cloned, duplicated). It has no file, and counts as unchanged:
   * closing it loses nothing the user wrote.
   */
  private void replaceAll(RequestForm f, String newTitle) {
    file.set(null);
    customTitle = newTitle;
    clearJsonBroken();
    jsonStale = true;
    form = null;
    setForm(f, Origin.FORM);
    refreshJson();
    savedForm = f;
    savedText = null;
    updateTitle();
    updateDirty();
    ensureImports();
    scheduleCheck();
  }

  private void applyLoaded(Path path, String text, FormJson.Result parsed, List<JsonLexer.Token> tokens) {
    file.set(path);
    customTitle = null;
    jsonView.setText(text);
    jsonStale = false;
    jsonView.analysed(text, tokens, parsed);
    if (parsed.ok()) {
      clearJsonBroken();
      setForm(parsed.form(), Origin.LOADED);
      savedForm = parsed.form();
    } else {
      setForm(RequestForm.empty(), Origin.LOADED);
      savedForm = null;
      markJsonBroken(parsed.problems());
      tabs.getSelectionModel().select(jsonTab);
    }
    savedText = text;
    updateTitle();
    updateDirty();
    ensureImports();
    scheduleCheck();
  }

  /** Writes the form into the JSON tab when the form changed since. */
  private void refreshJson() {
    if (!jsonStale || jsonBroken) {
      return;
    }
    jsonStale = false;
    jsonView.setText(FormJson.toJson(form));
    analyseJson(false);
  }

  private void userEditedJson() {
    jsonVersion++;
    jsonStale = false;
    jsonDelay.playFromStart();
    updateDirty();
  }

  /**
   * Lexes and parses the JSON text off the FX thread. Only the user's own text is read back into
   * the form: text written from the form must not rewrite it (a size typed as "4 GiB" would come
   * back as bytes).
   */
  private void analyseJson(boolean fromUser) {
    long version = ++jsonVersion;
    String text = jsonView.text();
    inFlight++;
    runInBackground(
        () -> {
          List<JsonLexer.Token> tokens = JsonLexer.tokens(text);
          FormJson.Result r = FormJson.parse(text);
          FxThread.run(() -> {
            inFlight--;
            if (version != jsonVersion) {
              return;
            }
            jsonView.analysed(text, tokens, r);
            if (!fromUser) {
              return;
            }
            if (r.ok()) {
              boolean wasBroken = jsonBroken;
              clearJsonBroken();
              setForm(r.form(), Origin.JSON);
              if (wasBroken) {
                scheduleCheck();
              }
            } else {
              markJsonBroken(r.problems());
            }
            updateDirty();
          });
          return null;
        },
        err -> {
          inFlight--;
          showNotice("Could not read the JSON: " + InputsEditor.rootMessage(err), true);
        });
  }

  private void markJsonBroken(List<FormJson.JsonProblem> problems) {
    jsonBroken = true;
    formView.setJsonBroken(true);
    jsonTab.setGraphic(Icons.error());
    checkGeneration++;
    List<Issue> asIssues = new ArrayList<>();
    for (FormJson.JsonProblem p : problems) {
      asIssues.add(Issue.error(p.field(), p.message()));
    }
    FormJson.JsonProblem first = problems.get(0);
    validRequest.set(Optional.empty());
    invalidReason.set(
        "Cannot run: the JSON tab has an error ("
            + (first.field().isEmpty() ? "" : first.field() + ": ")
            + first.message()
            + ").");
    issuesPanel.show(asIssues, "the JSON cannot be read; fix it in the JSON tab", "JSON");
  }

  private void clearJsonBroken() {
    jsonBroken = false;
    formView.setJsonBroken(false);
    jsonTab.setGraphic(null);
  }

  private void discardJsonEdits() {
    clearJsonBroken();
    jsonStale = true;
    refreshJson();
    updateDirty();
    scheduleCheck();
  }

  private void reformatJson() {
    if (jsonBroken) {
      return;
    }
    jsonStale = true;
    refreshJson();
    updateDirty();
  }

  private void updateDirty() {
    boolean d;
    if (jsonBroken) {
      d = savedText == null || !savedText.equals(jsonView.text());
    } else if (savedForm == null) {
      d = true;
    } else {
      d = !form.equals(savedForm);
    }
    dirty.set(d);
    updateHeader();
  }

  // --- checks ---------------------------------------------------------------------------------------

  private void scheduleCheck() {
    checkDelay.playFromStart();
  }

  private void runCheck() {
    if (jsonBroken) {
      return;
    }
    long generation = ++checkGeneration;
    RequestForm snapshot = form;
    Path base = baseDir();
    Map<Path, ImportState> states = new HashMap<>();
    imports.forEach((p, job) -> states.put(p, job.state()));
    inFlight++;
    runInBackground(
        () -> {
          FormCheck.Outcome o = formCheck.check(snapshot, states, base);
          FxThread.run(() -> {
            inFlight--;
            applyOutcome(generation, o);
          });
          return null;
        },
        err -> {
          inFlight--;
          if (generation == checkGeneration) {
            validRequest.set(Optional.empty());
            invalidReason.set("Cannot run: the request could not be checked (" + InputsEditor.rootMessage(err) + ").");
            issuesPanel.show(
                List.of(Issue.error("", "the request could not be checked: " + InputsEditor.rootMessage(err))), "");
          }
        });
  }

  private void applyOutcome(long generation, FormCheck.Outcome o) {
    if (generation != checkGeneration || jsonBroken) {
      return;
    }
    List<Issue> issues = new ArrayList<>(o.errors());
    issues.addAll(o.warnings());
    issues.sort(java.util.Comparator.comparing(Issue::field, FieldPaths.FORM_ORDER));
    ctx.router.show(issues);
    jsonView.showIssues(issues);
    String state;
    if (!o.errors().isEmpty()) {
      state = "fix them to run";
    } else if (!o.pending().isEmpty()) {
      state = "Importing " + String.join(", ", o.pending()) + "…";
    } else {
      state = "Ready to run";
    }
    issuesPanel.show(issues, state);
    validRequest.set(o.request());
    invalidReason.set(o.reason());
  }

  private void applyFix(Issue issue) {
    issue.fix().ifPresent(fix -> edit(fix.apply()));
  }

  /** Shows the field of an issue: the JSON tab for JSON problems, else the form, focused. */
  private void reveal(Issue issue) {
    if (jsonBroken) {
      tabs.getSelectionModel().select(jsonTab);
      jsonView.revealFirstProblem();
      return;
    }
    tabs.getSelectionModel().select(formTab);
    ctx.router
        .focusTarget(issue.field())
        .ifPresent(n -> {
          formView.reveal(n);
          n.requestFocus();
        });
  }

  // --- host inputs ----------------------------------------------------------------------------------

  /**
   * Adds host files or folders as inputs (named after them, in sorted place) and imports them,
   * anew if they were imported before: what the file chooser and drag and drop do.
   */
  void addHostPaths(List<Path> paths) {
    if (ctx.readOnly.get() || jsonBroken || paths.isEmpty()) {
      return;
    }
    Path base = baseDir();
    for (Path p : paths) {
      // Added again on purpose: import what is there now, not what was imported before.
      imports.remove(p.toAbsolutePath().normalize());
    }
    edit(f -> {
      RequestForm out = f;
      for (Path p : paths) {
        Path abs = p.toAbsolutePath().normalize();
        String name = HostPaths.uniqueName(HostPaths.inputName(abs), out.inputNames());
        out = FormEdits.insertInput(out, new RequestForm.InputEntry(name, new RequestForm.HostInput(HostPaths.forRequest(abs, base))));
      }
      return out;
    });
  }

  private void reimport(Path hostPath) {
    imports.remove(hostPath);
    startImport(hostPath);
    renderInputs();
    scheduleCheck();
  }

  private void ensureImports() {
    for (Path p : FormCheck.hostPaths(form, baseDir())) {
      if (!imports.containsKey(p)) {
        startImport(p);
      }
    }
  }

  private void startImport(Path path) {
    ImportJob job = new ImportJob(path);
    imports.put(path, job);
    importTicker.play();
    try {
      services.background().execute(() -> {
        ImportState result;
        try {
          Node node = services.importPath(path, size -> {
            job.files.incrementAndGet();
            job.bytes.addAndGet(size);
          });
          result = new ImportState.Imported(node, Instant.now());
        } catch (Exception e) {
          result = new ImportState.Failed(InputsEditor.rootMessage(e));
        }
        ImportState finished = result;
        FxThread.run(() -> finishImport(job, finished));
      });
    } catch (RejectedExecutionException e) {
      finishImport(job, new ImportState.Failed("the app is shutting down"));
    }
  }

  private void finishImport(ImportJob job, ImportState result) {
    if (imports.get(job.path) != job) {
      return;
    }
    job.result = result;
    formCheck.forgetStoreCheck();
    if (imports.values().stream().allMatch(j -> j.result != null)) {
      importTicker.stop();
    }
    renderInputs();
    scheduleCheck();
  }

  private ImportState importStateOf(String hostPathText) {
    Path p = HostPaths.resolve(hostPathText, baseDir()).path();
    ImportJob job = p == null ? null : imports.get(p);
    return job == null ? null : job.state();
  }

  private void chooseHostFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Import a folder as an input");
    if (baseDir() != null) {
      chooser.setInitialDirectory(baseDir().toFile());
    }
    File f = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
    if (f != null) {
      addHostPaths(List.of(f.toPath()));
    }
  }

  private void chooseHostFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Import files as inputs");
    if (baseDir() != null) {
      chooser.setInitialDirectory(baseDir().toFile());
    }
    List<File> chosen = chooser.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
    if (chosen != null) {
      List<Path> paths = new ArrayList<>();
      chosen.forEach(f -> paths.add(f.toPath()));
      addHostPaths(paths);
    }
  }

  // --- files ----------------------------------------------------------------------------------------

  private Path baseDir() {
    Path f = file.get();
    return f == null ? null : f.getParent();
  }

  /** Writes {@code text} to a temporary file beside {@code path} and moves it over, so a reader never sees half. */
  private static void write(Path path, String text) throws IOException {
    Path dir = path.getParent();
    Path tmp = Files.createTempFile(dir, ".request-", ".json.tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private FileChooser requestChooser(String chooserTitle) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(chooserTitle);
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Build requests (*.json)", "*.json"),
        new FileChooser.ExtensionFilter("All files", "*"));
    if (baseDir() != null && Files.isDirectory(baseDir())) {
      chooser.setInitialDirectory(baseDir().toFile());
    }
    return chooser;
  }

  private boolean confirmDiscard(Window owner) {
    Alert a = new Alert(Alert.AlertType.CONFIRMATION);
    a.initOwner(owner);
    a.setTitle("Unsaved changes");
    a.setHeaderText("Discard the changes to " + title.get() + "?");
    a.setContentText("They have not been saved.");
    a.getButtonTypes().setAll(ButtonType.CANCEL, new ButtonType("Discard", ButtonType.OK.getButtonData()));
    return a.showAndWait().map(b -> b.getButtonData() == ButtonType.OK.getButtonData()).orElse(false);
  }

  /** Runs {@code work} on the background executor; failures (and a refused task) go to {@code onError} on the FX thread. */
  private void runInBackground(java.util.concurrent.Callable<Void> work, Consumer<Throwable> onError) {
    try {
      services.background().execute(() -> {
        try {
          work.call();
        } catch (Exception e) {
          FxThread.run(() -> onError.accept(e));
        }
      });
    } catch (RejectedExecutionException e) {
      onError.accept(e);
    }
  }

  // --- header and notices -----------------------------------------------------------------------------

  private VBox buildHeader() {
    titleLabel.setId("editor-title");
    titleLabel.getStyleClass().add("editor-title");
    dirtyLabel.getStyleClass().add("dirty-badge");
    readOnlyBadge.getStyleClass().add("readonly-badge");
    pathLabel.setId("editor-path");
    pathLabel.getStyleClass().addAll("mono", "editor-path");
    openButton.setId("editor-open");
    openButton.setOnAction(e -> open(getScene() == null ? null : getScene().getWindow()));
    saveButton.setId("editor-save");
    saveButton.setOnAction(e -> save());
    saveAsButton.setId("editor-save-as");
    saveAsButton.setOnAction(e -> saveAs(getScene() == null ? null : getScene().getWindow()));
    MenuItem copyCli = new MenuItem("Copy as CLI command");
    copyCli.setId("copy-cli");
    copyCli.setOnAction(e -> copy(cliCommand(), "the CLI command"));
    MenuItem copyJson = new MenuItem("Copy as JSON");
    copyJson.setId("copy-json");
    copyJson.setOnAction(e -> copy(json(), "the request as JSON"));
    copyButton.setId("editor-copy");
    copyButton.getItems().addAll(copyCli, copyJson);
    editCopyButton.setId("editor-edit-copy");
    editCopyButton.getStyleClass().add("primary-small");
    editCopyButton.setOnAction(e -> {
      if (onEditCopy != null) {
        onEditCopy.accept(duplicate("Copy of " + title.get()));
      }
    });
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox top = new HBox(8, titleLabel, dirtyLabel, readOnlyBadge, grow, editCopyButton, openButton, saveButton, saveAsButton, copyButton);
    top.setAlignment(Pos.CENTER_LEFT);
    VBox header = new VBox(2, top, pathLabel);
    header.getStyleClass().add("editor-header");
    updateTitle();
    return header;
  }

  private HBox buildNoticeBar() {
    notice.setId("editor-notice");
    notice.setWrapText(true);
    notice.setMinWidth(0);
    HBox.setHgrow(notice, Priority.ALWAYS);
    Button close = new Button();
    close.setGraphic(Icons.cross());
    close.getStyleClass().add("icon-button");
    close.setOnAction(e -> hideNotice());
    HBox bar = new HBox(8, new StackPane(), notice, close);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("notice-bar");
    bar.setVisible(false);
    bar.setManaged(false);
    return bar;
  }

  private void showNotice(String text, boolean error) {
    notice.setText(text);
    ((StackPane) noticeBar.getChildren().get(0)).getChildren().setAll(error ? Icons.error() : Icons.ok());
    noticeBar.getStyleClass().removeAll("notice-error", "notice-info");
    noticeBar.getStyleClass().add(error ? "notice-error" : "notice-info");
    noticeBar.setVisible(true);
    noticeBar.setManaged(true);
    if (error) {
      noticeTimer.stop();
    } else {
      noticeTimer.playFromStart();
    }
  }

  private void hideNotice() {
    noticeBar.setVisible(false);
    noticeBar.setManaged(false);
  }

  String noticeText() {
    return noticeBar.isVisible() ? notice.getText() : "";
  }

  private void copy(String text, String what) {
    ClipboardContent c = new ClipboardContent();
    c.putString(text);
    Clipboard.getSystemClipboard().setContent(c);
    showNotice("Copied " + what + " to the clipboard.", false);
  }

  private void updateTitle() {
    String t = customTitle != null ? customTitle : file.get() != null ? file.get().getFileName().toString() : "New request";
    title.set(t);
    titleLabel.setText(t);
    pathLabel.setText(file.get() != null ? file.get().toString() : customTitle != null ? "not saved" : "not saved yet");
  }

  private void updateHeader() {
    boolean ro = ctx.readOnly.get();
    dirtyLabel.setVisible(dirty.get() && !ro);
    dirtyLabel.setManaged(dirtyLabel.isVisible());
    readOnlyBadge.setVisible(ro);
    readOnlyBadge.setManaged(ro);
    openButton.setVisible(!ro);
    openButton.setManaged(!ro);
    saveButton.setVisible(!ro);
    saveButton.setManaged(!ro);
    editCopyButton.setVisible(ro && onEditCopy != null);
    editCopyButton.setManaged(editCopyButton.isVisible());
  }

  // --- for tests in this package ----------------------------------------------------------------------

  /** Whether every edit so far has been checked and shown (imports may still run). */
  boolean settled() {
    return checkDelay.getStatus() != Animation.Status.RUNNING
        && jsonDelay.getStatus() != Animation.Status.RUNNING
        && inFlight == 0;
  }

  RequestForm form() {
    return form;
  }

  IssueRouter router() {
    return ctx.router;
  }

  FormView formView() {
    return formView;
  }

  JsonView jsonView() {
    return jsonView;
  }

  IssuesPanel issuesPanel() {
    return issuesPanel;
  }

  TabPane tabs() {
    return tabs;
  }
}
