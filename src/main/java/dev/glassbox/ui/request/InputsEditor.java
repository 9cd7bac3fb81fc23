package dev.glassbox.ui.request;

import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import dev.glassbox.ui.request.RequestForm.StoreInput;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The inputs: one row per input (kind, name to rename it, where it comes from, import progress or
 * digest), buttons to add from the store or from the host, and a drop target for host files and
 * folders, which are imported as they arrive.
 */
final class InputsEditor extends VBox {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  /** What the inputs section asks of the editor. */
  interface Actions {
    void addHostPaths(List<Path> paths);

    void chooseHostFolder();

    void chooseHostFile();

    void reimport(Path hostPath);

    CompletableFuture<List<NamedNode>> recentNodes();
  }

  private final FormContext ctx;
  private final Actions actions;
  private final VBox rows = new VBox(4);
  private final List<RowView> shown = new ArrayList<>();
  private final MessageSlot listSlot = new MessageSlot();
  private final Label empty = new Label("No inputs yet. Add them from the store, or drop host files and folders here.");
  private final StackPane dropZone;
  private final VBox picker = new VBox(6);
  private final TextField search = new TextField();
  private final ObservableList<NamedNode> recent = FXCollections.observableArrayList();
  private final FilteredList<NamedNode> filtered = new FilteredList<>(recent, n -> true);
  private final ListView<NamedNode> recentList = new ListView<>(filtered);
  private final Label pickerStatus = new Label();

  private final class RowView {
    final TextField name;
    final StackPane icon = new StackPane();
    final Label source = new Label();
    final Label detail = new Label();
    final ProgressIndicator progress = new ProgressIndicator();
    final Button reimport;
    String hostPathText;

    RowView(int i) {
      name = ctx.textField("name", true, text -> ctx.edit(f -> rename(f, i, text)));
      name.setId("inputs-" + i + "-name");
      name.setPrefColumnCount(12);
      name.getStyleClass().add("input-name");
      icon.getStyleClass().add("input-icon");
      icon.setMinWidth(16);
      source.getStyleClass().addAll("mono", "input-source");
      detail.getStyleClass().add("input-detail");
      source.setMinWidth(0);
      detail.setMinWidth(0);
      progress.setPrefSize(14, 14);
      progress.setMaxSize(14, 14);
      progress.setVisible(false);
      progress.setManaged(false);
      reimport =
          ctx.plainIconButton(
              Icons.refresh(),
              "Import again (picks up changes on the host)",
              () -> {
                Path p = resolvedHostPath();
                if (p != null) {
                  actions.reimport(p);
                }
              });
      reimport.setId("inputs-" + i + "-reimport");
    }

    Path resolvedHostPath() {
      return hostPathText == null ? null : resolver.apply(hostPathText);
    }
  }

  private Function<String, Path> resolver = t -> null;

  InputsEditor(FormContext ctx, Actions actions) {
    this.ctx = ctx;
    this.actions = actions;
    setSpacing(8);
    getStyleClass().add("inputs-editor");

    Button fromStore = ctx.addButton("From store…", this::togglePicker);
    fromStore.setId("inputs-add-store");
    Button folder = ctx.addButton("Host folder…", actions::chooseHostFolder);
    folder.setId("inputs-add-folder");
    Button file = ctx.addButton("Host file…", actions::chooseHostFile);
    file.setId("inputs-add-file");
    Label dropHint = new Label("or drop files and folders here");
    dropHint.getStyleClass().add("hint");
    ctx.hideWhenReadOnly(dropHint);
    HBox buttons = new HBox(6, fromStore, folder, file, dropHint);
    buttons.setAlignment(Pos.CENTER_LEFT);

    empty.getStyleClass().add("empty-hint");
    empty.setWrapText(true);
    dropZone = new StackPane(empty);
    dropZone.getStyleClass().add("drop-zone");

    buildPicker();
    getChildren().addAll(rows, dropZone, listSlot, picker, buttons);
    ctx.router.register("inputs", listSlot, fromStore);
    installDropTarget();
  }

  /** How host path texts resolve (against the request file's folder), for re-import. */
  void setResolver(Function<String, Path> resolver) {
    this.resolver = resolver;
  }

  /**
   * Shows the form's inputs; {@code status} gives the import state of a host path text (null
   * when it does not resolve or has not started).
   */
  void render(RequestForm f, Function<String, ImportState> status) {
    List<InputEntry> inputs = f.inputs();
    if (inputs.size() != shown.size()) {
      ctx.router.unregisterElements("inputs");
      rows.getChildren().clear();
      shown.clear();
      for (int i = 0; i < inputs.size(); i++) {
        RowView r = new RowView(i);
        shown.add(r);
        rows.getChildren().add(layout(i, r));
      }
    }
    boolean none = inputs.isEmpty();
    dropZone.setVisible(none);
    dropZone.setManaged(none);
    for (int i = 0; i < inputs.size(); i++) {
      InputEntry e = inputs.get(i);
      RowView r = shown.get(i);
      FormContext.show(r.name, e.name());
      if (e.source() instanceof HostInput h) {
        r.hostPathText = h.path();
        showHost(r, h, status.apply(h.path()));
      } else {
        r.hostPathText = null;
        showStore(r, (StoreInput) e.source());
      }
    }
  }

  Label detailLabel(int i) {
    return shown.get(i).detail;
  }

  private HBox layout(int i, RowView r) {
    VBox where = new VBox(1, r.source, r.detail);
    where.setMinWidth(0);
    HBox.setHgrow(where, Priority.ALWAYS);
    Button remove =
        ctx.iconButton(
            Icons.cross(),
            "Remove input",
            () -> ctx.edit(f -> {
              List<InputEntry> v = new ArrayList<>(f.inputs());
              if (i < v.size()) {
                v.remove(i);
              }
              return f.withInputs(v);
            }));
    remove.setId("inputs-" + i + "-remove");
    HBox line = new HBox(8, r.icon, r.name, where, r.progress, r.reimport, remove);
    line.setAlignment(Pos.CENTER_LEFT);
    MessageSlot slot = new MessageSlot();
    ctx.router.register("inputs[" + i + "]", slot, r.name, r.name);
    ctx.router.register("inputs[" + i + "].name", slot, r.name, r.name);
    VBox box = new VBox(3, line, slot);
    box.getStyleClass().addAll("list-row", "input-row");
    HBox wrapper = new HBox(box);
    HBox.setHgrow(box, Priority.ALWAYS);
    return wrapper;
  }

  private void showHost(RowView r, HostInput h, ImportState state) {
    r.source.setText(h.path().isEmpty() ? "(no host path)" : h.path());
    r.reimport.setVisible(!ctx.readOnly.get() && state != null && !(state instanceof ImportState.Importing));
    r.reimport.setManaged(r.reimport.isVisible());
    boolean busy = state instanceof ImportState.Importing;
    r.progress.setVisible(busy);
    r.progress.setManaged(busy);
    r.detail.getStyleClass().removeAll("input-detail-failed");
    if (state instanceof ImportState.Importing im) {
      r.icon.getChildren().setAll(Icons.importing());
      r.detail.setText(
          "importing from the host… "
              + im.files()
              + (im.files() == 1 ? " file, " : " files, ")
              + MemorySize.format(im.bytes()));
    } else if (state instanceof ImportState.Imported done) {
      r.icon.getChildren().setAll(iconFor(done.node()));
      r.detail.setText(
          "host "
              + kindOf(done.node())
              + ", imported at "
              + TIME.format(done.at().atZone(ZoneId.systemDefault()))
              + " · "
              + describe(done.node()));
    } else if (state instanceof ImportState.Failed failed) {
      r.icon.getChildren().setAll(Icons.error());
      r.detail.setText("import failed: " + failed.message());
      r.detail.getStyleClass().add("input-detail-failed");
    } else {
      // No import: the path does not resolve (the message under the row says why).
      r.icon.getChildren().setAll(Icons.folder());
      r.detail.setText("host path, not imported");
    }
  }

  private void showStore(RowView r, StoreInput s) {
    r.reimport.setVisible(false);
    r.reimport.setManaged(false);
    r.progress.setVisible(false);
    r.progress.setManaged(false);
    r.detail.getStyleClass().removeAll("input-detail-failed");
    switch (s.type()) {
      case "directory":
        r.icon.getChildren().setAll(Icons.folder());
        r.source.setText(s.digest());
        r.detail.setText("directory from the store");
        break;
      case "file":
        r.icon.getChildren().setAll(Icons.file());
        r.source.setText(s.digest());
        r.detail.setText("file from the store · " + MemorySize.format(s.size()) + (s.executable() ? " · executable" : ""));
        break;
      case "symlink":
        r.icon.getChildren().setAll(Icons.symlink());
        r.source.setText("→ " + s.target());
        r.detail.setText("symlink");
        break;
      default:
        r.icon.getChildren().setAll(Icons.file());
        r.source.setText(s.digest().isEmpty() ? "(no digest)" : s.digest());
        r.detail.setText(s.type().isEmpty() ? "no type" : "type '" + s.type() + "'");
    }
  }

  private static javafx.scene.Node iconFor(Node node) {
    if (node instanceof DirectoryNode) {
      return Icons.folder();
    }
    if (node instanceof SymlinkNode) {
      return Icons.symlink();
    }
    return Icons.file();
  }

  private static String kindOf(Node node) {
    if (node instanceof DirectoryNode) {
      return "folder";
    }
    if (node instanceof SymlinkNode) {
      return "symlink";
    }
    return "file";
  }

  /** Kind, size and digest of a node in a few words. */
  static String describe(Node node) {
    if (node instanceof DirectoryNode d) {
      // A directory's size counts entries (tvix's rule), not bytes, so it is not shown.
      return d.digest().toString();
    }
    if (node instanceof FileNode f) {
      return MemorySize.format(f.size()) + (f.executable() ? ", executable" : "") + " · " + f.digest();
    }
    return "→ " + ((SymlinkNode) node).target();
  }

  private static RequestForm rename(RequestForm f, int i, String name) {
    List<InputEntry> v = new ArrayList<>(f.inputs());
    if (i < v.size()) {
      v.set(i, v.get(i).withName(name));
    }
    return f.withInputs(v);
  }

  // --- drag and drop -----------------------------------------------------------------------------

  private void installDropTarget() {
    setOnDragOver(
        e -> {
          if (!ctx.readOnly.get() && e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            if (!getStyleClass().contains("drop-active")) {
              getStyleClass().add("drop-active");
            }
          }
          e.consume();
        });
    setOnDragExited(e -> getStyleClass().remove("drop-active"));
    setOnDragDropped(
        e -> {
          boolean done = false;
          if (!ctx.readOnly.get() && e.getDragboard().hasFiles()) {
            List<Path> paths = new ArrayList<>();
            for (File f : e.getDragboard().getFiles()) {
              paths.add(f.toPath());
            }
            actions.addHostPaths(paths);
            done = true;
          }
          getStyleClass().remove("drop-active");
          e.setDropCompleted(done);
          e.consume();
        });
  }

  // --- add from the store ------------------------------------------------------------------------

  private void buildPicker() {
    picker.getStyleClass().add("store-picker");
    picker.setVisible(false);
    picker.setManaged(false);
    search.setId("inputs-store-search");
    search.setPromptText("Search recent imports and build outputs by name or digest");
    search.textProperty().addListener((o, was, now) -> filtered.setPredicate(n -> matches(n, now)));
    search.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            addSelected();
          } else if (e.getCode() == KeyCode.ESCAPE) {
            closePicker();
          } else if (e.getCode() == KeyCode.DOWN) {
            recentList.requestFocus();
            if (recentList.getSelectionModel().isEmpty()) {
              recentList.getSelectionModel().selectFirst();
            }
          }
        });
    recentList.setId("inputs-store-list");
    recentList.setPrefHeight(170);
    recentList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    recentList.setCellFactory(lv -> new NodeCell());
    recentList.setPlaceholder(pickerStatus);
    recentList.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2) {
            addSelected();
          }
        });
    recentList.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            addSelected();
          }
        });
    Button add = new Button("Add selected");
    add.setId("inputs-store-add");
    add.getStyleClass().add("primary-small");
    add.disableProperty().bind(recentList.getSelectionModel().selectedItemProperty().isNull());
    add.setOnAction(e -> addSelected());
    Button close = new Button("Close");
    close.setOnAction(e -> closePicker());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    Label title = new Label("Add from the store");
    title.getStyleClass().add("picker-title");
    HBox bar = new HBox(6, title, grow, add, close);
    bar.setAlignment(Pos.CENTER_LEFT);
    picker.getChildren().addAll(bar, search, recentList);
  }

  private static boolean matches(NamedNode n, String query) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) {
      return true;
    }
    if (n.name().asUtf8().toLowerCase(Locale.ROOT).contains(q)) {
      return true;
    }
    if (n.node() instanceof DirectoryNode d) {
      return d.digest().toString().toLowerCase(Locale.ROOT).contains(q) || d.digest().hex().contains(q);
    }
    if (n.node() instanceof FileNode f) {
      return f.digest().toString().toLowerCase(Locale.ROOT).contains(q) || f.digest().hex().contains(q);
    }
    return false;
  }

  private void togglePicker() {
    if (picker.isVisible()) {
      closePicker();
      return;
    }
    picker.setVisible(true);
    picker.setManaged(true);
    recent.clear();
    pickerStatus.setText("Loading recent imports and outputs…");
    actions
        .recentNodes()
        .whenComplete(
            (nodes, err) ->
                FxThread.run(
                    () -> {
                      if (err != null) {
                        pickerStatus.setText("Could not list the store: " + rootMessage(err));
                      } else {
                        recent.setAll(nodes);
                        pickerStatus.setText("Nothing imported or built yet; add a host folder instead.");
                      }
                    }));
    search.requestFocus();
  }

  private void closePicker() {
    picker.setVisible(false);
    picker.setManaged(false);
    search.clear();
  }

  boolean pickerOpen() {
    return picker.isVisible();
  }

  private void addSelected() {
    List<NamedNode> chosen = new ArrayList<>(recentList.getSelectionModel().getSelectedItems());
    if (chosen.isEmpty() && filtered.size() == 1) {
      chosen.add(filtered.get(0));
    }
    if (chosen.isEmpty()) {
      return;
    }
    ctx.edit(
        f -> {
          RequestForm out = f;
          for (NamedNode n : chosen) {
            String name = HostPaths.uniqueName(n.name().asUtf8(), out.inputNames());
            out = FormEdits.insertInput(out, new InputEntry(name, StoreInput.of(n.node())));
          }
          return out;
        });
    closePicker();
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /** A store node: icon, name, kind and size, and the digest. */
  private static final class NodeCell extends ListCell<NamedNode> {
    @Override
    protected void updateItem(NamedNode item, boolean emptyCell) {
      super.updateItem(item, emptyCell);
      if (emptyCell || item == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      Label name = new Label(item.name().asUtf8());
      name.getStyleClass().add("picker-name");
      Label what = new Label(kindOf(item.node()));
      what.getStyleClass().add("hint");
      Label digest = new Label(describe(item.node()));
      digest.getStyleClass().addAll("mono", "picker-digest");
      digest.setMinWidth(0);
      HBox.setHgrow(digest, Priority.ALWAYS);
      HBox box = new HBox(8, iconFor(item.node()), name, what, digest);
      box.setAlignment(Pos.CENTER_LEFT);
      setText(null);
      setGraphic(box);
    }
  }
}
