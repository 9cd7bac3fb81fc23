package dev.glassbox.ui.browse;

import dev.glassbox.browse.BrowseException;
import dev.glassbox.browse.BuildTrees;
import dev.glassbox.browse.EntryKind;
import dev.glassbox.browse.PathMarks;
import dev.glassbox.browse.TreeEntry;
import dev.glassbox.browse.TreePath;
import dev.glassbox.browse.TreeSearch;
import dev.glassbox.browse.TreeSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * A lazy tree over a {@link TreeSource}: a folder is listed when it is first expanded, a folder's
 * total size is computed when its row is first shown, a search walks the whole tree in the
 * background and can be cancelled, and the selected file is previewed beside the tree. Paths are
 * shown and copied as the build saw them in its sandbox.
 */
public final class TreeBrowser extends BorderPane {
  /** Searches stop after this many matches; the status line says so. */
  static final int SEARCH_LIMIT = 5_000;

  private final TreeTableView<BrowseRow> table = new TreeTableView<>();
  private final TreeTableColumn<BrowseRow, BrowseRow> nameCol = new TreeTableColumn<>("Name");
  private final TreeTableColumn<BrowseRow, String> typeCol = new TreeTableColumn<>("Type");
  private final TreeTableColumn<BrowseRow, BrowseRow> sizeCol = new TreeTableColumn<>("Size");
  private final TreeTableColumn<BrowseRow, String> execCol = new TreeTableColumn<>("Exec");
  private final TreeTableColumn<BrowseRow, String> targetCol = new TreeTableColumn<>("Target");
  private final TreeTableColumn<BrowseRow, String> digestCol = new TreeTableColumn<>("Digest");
  private final TreeTableColumn<BrowseRow, BrowseRow> markCol = new TreeTableColumn<>("Access");
  private final HBox extras = new HBox(6);
  private final TextField find = new TextField();
  private final Button findButton = new Button("Find");
  private final Button cancelFind = new Button("Stop");
  private final Button closeFind = new Button("Close");
  private final Label findStatus = new Label();
  private final ObservableList<TreeEntry> results = FXCollections.observableArrayList();
  private final ListView<TreeEntry> resultList = new ListView<>(results);
  private final VBox resultBox;
  private final Label sourceLabel = new Label();
  private final PreviewPane preview;
  private final SplitPane split = new SplitPane();
  private final FileManager fileManager;

  private TreeSource source;
  private String prefix = "/";
  private PathMarks marks = PathMarks.NONE;
  // Bumped whenever the tree is replaced: work started for an older tree is dropped.
  private volatile long generation;
  private AtomicBoolean searchCancel = new AtomicBoolean();
  private int loads;

  public TreeBrowser(String id, FileManager fileManager) {
    this.fileManager = fileManager;
    setId(id);
    getStyleClass().add("tree-browser");
    getStylesheets().add(TreeBrowser.class.getResource("browse.css").toExternalForm());
    preview = new PreviewPane(new PreviewActions());

    buildTable();

    find.setPromptText("Find by name (part of it, or a glob like *.h)");
    find.setId(id + "-find");
    find.setOnAction(e -> search(find.getText()));
    HBox.setHgrow(find, Priority.ALWAYS);
    find.setMaxWidth(360);
    find.setMinWidth(120);
    findButton.setId(id + "-find-button");
    findButton.setOnAction(e -> search(find.getText()));
    cancelFind.setId(id + "-find-stop");
    cancelFind.setOnAction(e -> searchCancel.set(true));
    cancelFind.setDisable(true);
    for (Button b : List.of(findButton, cancelFind, closeFind)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.SOMETIMES);
    HBox bar = new HBox(6, extras, gap, find, findButton, cancelFind);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("browse-bar");
    extras.setAlignment(Pos.CENTER_LEFT);
    sourceLabel.getStyleClass().addAll("dim", "browse-source");
    sourceLabel.setId(id + "-source");
    sourceLabel.setMinWidth(0);
    Tooltip sourceTip = new Tooltip();
    sourceTip.textProperty().bind(sourceLabel.textProperty());
    sourceTip.setWrapText(true);
    sourceTip.setMaxWidth(600);
    sourceLabel.setTooltip(sourceTip);
    setTop(new VBox(bar, sourceLabel));

    resultList.setId(id + "-results");
    resultList.setCellFactory(v -> new ResultCell());
    resultList.setOnMouseClicked(
        e -> {
          if (e.getClickCount() >= 1 && resultList.getSelectionModel().getSelectedItem() != null) {
            reveal(resultList.getSelectionModel().getSelectedItem().path());
          }
        });
    resultList.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER
              && resultList.getSelectionModel().getSelectedItem() != null) {
            reveal(resultList.getSelectionModel().getSelectedItem().path());
          }
        });
    findStatus.setId(id + "-find-status");
    findStatus.getStyleClass().add("dim");
    findStatus.setMinWidth(0);
    findStatus.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(findStatus, Priority.ALWAYS);
    closeFind.setOnAction(e -> closeSearch());
    HBox resultBar = new HBox(6, findStatus, closeFind);
    resultBar.setAlignment(Pos.CENTER_LEFT);
    resultBar.getStyleClass().add("browse-results-bar");
    resultBox = new VBox(resultBar, resultList);
    VBox.setVgrow(resultList, Priority.ALWAYS);
    resultBox.setPrefHeight(180);

    // Tree above, preview below: the tree's columns need the tab's whole width.
    split.getItems().setAll(table, preview);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.5);
    setCenter(split);
    showResults(false);
    clear("Nothing to browse.");
  }

  private void buildTable() {
    table.setId(getId() + "-tree");
    table.setShowRoot(true);
    table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
    nameCol.setPrefWidth(230);
    nameCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
    nameCol.setCellFactory(c -> new NameCell());
    typeCol.setPrefWidth(66);
    typeCol.setCellValueFactory(c -> text(c.getValue().getValue(), e -> e.kind().label()));
    sizeCol.setPrefWidth(76);
    sizeCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
    sizeCol.setCellFactory(c -> new SizeCell());
    sizeCol.setStyle("-fx-alignment: CENTER-RIGHT;");
    execCol.setPrefWidth(42);
    execCol.setCellValueFactory(c -> text(c.getValue().getValue(), e -> e.executable() ? "x" : ""));
    execCol.setStyle("-fx-alignment: CENTER;");
    targetCol.setPrefWidth(90);
    targetCol.setCellValueFactory(
        c -> text(c.getValue().getValue(), e -> e.symlinkTarget().orElse("")));
    digestCol.setPrefWidth(180);
    digestCol.setCellValueFactory(
        c -> text(c.getValue().getValue(), e -> e.digest().map(Object::toString).orElse("")));
    digestCol.setCellFactory(c -> new MonoCell());
    markCol.setPrefWidth(70);
    markCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
    markCol.setCellFactory(c -> new MarkCell());
    markCol.setVisible(false);
    table
        .getColumns()
        .addAll(List.of(nameCol, markCol, typeCol, sizeCol, execCol, targetCol, digestCol));
    table.setRowFactory(t -> new Row());
    table
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((o, was, now) -> selected(now == null ? null : now.getValue()));
    MenuItem copyPath = new MenuItem("Copy path as seen in the sandbox");
    copyPath.setOnAction(e -> selectedEntry().ifPresent(x -> copy(sandboxPath(x.path()))));
    copyPath.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN));
    MenuItem copyDigest = new MenuItem("Copy digest");
    copyDigest.setOnAction(
        e -> selectedEntry().flatMap(TreeEntry::digest).ifPresent(d -> copy(d.toString())));
    MenuItem copyName = new MenuItem("Copy name");
    copyName.setOnAction(e -> selectedEntry().ifPresent(x -> copy(x.name())));
    MenuItem save = new MenuItem("Save as…");
    save.setOnAction(
        e -> selectedEntry().filter(x -> x.kind() == EntryKind.FILE).ifPresent(this::saveAs));
    MenuItem open = new MenuItem("Open in file manager");
    open.setOnAction(e -> selectedEntry().ifPresent(this::openFolder));
    ContextMenu menu = new ContextMenu(copyPath, copyDigest, copyName, save, open);
    menu.setOnShowing(
        e -> {
          Optional<TreeEntry> sel = selectedEntry();
          copyPath.setDisable(sel.isEmpty());
          copyName.setDisable(sel.isEmpty());
          copyDigest.setDisable(sel.flatMap(TreeEntry::digest).isEmpty());
          save.setDisable(sel.filter(x -> x.kind() == EntryKind.FILE).isEmpty());
          open.setDisable(sel.filter(this::canOpenFolder).isEmpty());
        });
    table.setContextMenu(menu);
    table.setOnKeyPressed(
        e -> {
          if (e.isShortcutDown() && e.getCode() == KeyCode.C) {
            selectedEntry().ifPresent(x -> copy(sandboxPath(x.path())));
          }
        });
  }

  private static ReadOnlyStringWrapper text(BrowseRow row, Function<TreeEntry, String> f) {
    return new ReadOnlyStringWrapper(row == null || row.entry == null ? "" : f.apply(row.entry));
  }

  /** Where the caller puts its own controls (source toggles), left of the search field. */
  public HBox extras() {
    return extras;
  }

  /**
   * Browses {@code src}, whose root appears at {@code sandboxPrefix} in the sandbox. With {@code
   * keep}, the entry at that path is revealed again once the new tree is loaded (switching between
   * the live mount and the store keeps the place).
   */
  public void setSource(
      TreeSource src,
      String sandboxPrefix,
      String describe,
      PathMarks pathMarks,
      Optional<TreePath> keep) {
    generation++;
    searchCancel.set(true);
    closeSearch();
    source = src;
    prefix = sandboxPrefix;
    marks = pathMarks;
    markCol.setVisible(pathMarks.available());
    sourceLabel.setText(describe);
    LazyItem root = new LazyItem(BrowseRow.root(sandboxPrefix.isEmpty() ? "/" : sandboxPrefix));
    table.setRoot(root);
    preview.clear("Select a file to see what is inside.");
    root.setExpanded(true);
    keep.filter(p -> !p.isRoot()).ifPresent(this::reveal);
  }

  /** Shows no tree, only {@code message} (no build selected, or nothing to browse). */
  public void clear(String message) {
    generation++;
    searchCancel.set(true);
    closeSearch();
    source = null;
    table.setRoot(null);
    table.setPlaceholder(placeholder(message));
    sourceLabel.setText("");
    preview.clear(message);
  }

  private static Label placeholder(String message) {
    Label l = new Label(message);
    l.setWrapText(true);
    l.getStyleClass().add("hint");
    l.setId("browse-placeholder");
    return l;
  }

  /** The selected entry's path, if an entry is selected. */
  public Optional<TreePath> selectedPath() {
    return selectedEntry().map(TreeEntry::path);
  }

  private Optional<TreeEntry> selectedEntry() {
    TreeItem<BrowseRow> it = table.getSelectionModel().getSelectedItem();
    return it == null || it.getValue().entry == null
        ? Optional.empty()
        : Optional.of(it.getValue().entry);
  }

  String sandboxPath(TreePath p) {
    return BuildTrees.sandboxPath(prefix, p);
  }

  // ------------------------------------------------------------------ lazy loading

  /** A tree item that lists its folder on first expansion. */
  final class LazyItem extends TreeItem<BrowseRow> {
    private CompletableFuture<Void> loaded;

    LazyItem(BrowseRow row) {
      super(row);
      if (row.isDirectory()) {
        expandedProperty()
            .addListener(
                (o, was, now) -> {
                  if (now) {
                    load();
                  }
                });
      }
    }

    @Override
    public boolean isLeaf() {
      return !getValue().isDirectory();
    }

    /** Lists the folder once; completes on the FX thread when the children are in place. */
    CompletableFuture<Void> load() {
      if (loaded != null) {
        return loaded;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      loaded = done;
      TreeSource src = source;
      long gen = generation;
      TreePath path = getValue().path;
      getChildren().setAll(new TreeItem<>(BrowseRow.loading(path)));
      loads++;
      CompletableFuture.supplyAsync(
              () -> {
                try {
                  // The items are made here too: 100,000 of them take a second or more, which
                  // the FX thread should not spend. They are not in the scene graph yet.
                  List<TreeEntry> entries = src.list(path);
                  List<TreeItem<BrowseRow>> items = new java.util.ArrayList<>(entries.size());
                  for (TreeEntry e : entries) {
                    items.add(new LazyItem(BrowseRow.of(e)));
                  }
                  return items;
                } catch (BrowseException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              BrowseTasks.LISTINGS)
          .whenComplete(
              (items, ex) ->
                  Platform.runLater(
                      () -> {
                        if (gen != generation) {
                          done.cancel(false);
                          return;
                        }
                        if (ex != null) {
                          Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                          getChildren()
                              .setAll(new TreeItem<>(BrowseRow.problem(path, c.getMessage())));
                          loaded = null; // collapsing and expanding again retries
                          done.completeExceptionally(c);
                          return;
                        }
                        setChildren(this, items);
                        if (items.isEmpty() && getValue().role == BrowseRow.Role.ROOT) {
                          table.setPlaceholder(placeholder("This tree is empty."));
                        }
                        done.complete(null);
                      }));
      return done;
    }
  }

  /**
   * Puts {@code items} under {@code parent}. JavaFX's tree-table focus model looks up the row of
   * every added child while a row has focus, which is quadratic: 100,000 entries took minutes. With
   * no focus it skips that; focus is put back on its item afterwards.
   */
  private void setChildren(TreeItem<BrowseRow> parent, List<TreeItem<BrowseRow>> items) {
    TreeItem<BrowseRow> focused = table.getFocusModel().getFocusedItem();
    table.getFocusModel().focus(-1);
    parent.getChildren().setAll(items);
    if (focused != null) {
      int row = table.getRow(focused);
      if (row >= 0) {
        table.getFocusModel().focus(row);
      }
    }
  }

  /**
   * Expands the folders down to {@code path}, loading them as needed, then selects and shows it.
   * Completes (on the FX thread) when it is selected; exceptionally when it is not in the tree.
   */
  public CompletableFuture<Void> reveal(TreePath path) {
    if (!(table.getRoot() instanceof LazyItem root)) {
      return CompletableFuture.failedFuture(new IllegalStateException("no tree is shown"));
    }
    return step(root, path, 0);
  }

  private CompletableFuture<Void> step(LazyItem item, TreePath path, int depth) {
    if (depth == path.depth()) {
      table.getSelectionModel().select(item);
      int row = table.getRow(item);
      if (row >= 0) {
        table.scrollTo(Math.max(0, row - 3));
      }
      table.requestFocus();
      return CompletableFuture.completedFuture(null);
    }
    item.setExpanded(true);
    return item.load()
        .thenCompose(
            v -> {
              String name = path.components().get(depth);
              for (TreeItem<BrowseRow> c : item.getChildren()) {
                if (c instanceof LazyItem li
                    && li.getValue().entry != null
                    && li.getValue().entry.name().equals(name)) {
                  return step(li, path, depth + 1);
                }
              }
              return CompletableFuture.failedFuture(
                  new BrowseException("'" + path + "' is not in this tree"));
            });
  }

  // ------------------------------------------------------------------ sizes

  private void requestTotal(BrowseRow row) {
    if (row.total.get() != BrowseRow.UNKNOWN || row.entry == null || !row.entry.isDirectory()) {
      return;
    }
    row.total.set(BrowseRow.COMPUTING);
    TreeSource src = source;
    long gen = generation;
    BrowseTasks.SIZES.execute(
        () -> {
          long v;
          try {
            v =
                gen != generation
                    ? BrowseRow.UNKNOWN
                    : src.totalBytes(row.path, () -> gen != generation);
          } catch (BrowseException | RuntimeException e) {
            v = e instanceof CancellationException ? BrowseRow.UNKNOWN : BrowseRow.FAILED;
          }
          long result = v;
          Platform.runLater(() -> row.total.set(result));
        });
  }

  // ------------------------------------------------------------------ search

  /** Searches the whole tree for {@code query} in the background, listing matches as they come. */
  public void search(String query) {
    if (source == null) {
      return;
    }
    Predicate<TreeEntry> match;
    try {
      match = TreeSearch.matcher(query);
    } catch (IllegalArgumentException e) {
      showResults(true);
      results.clear();
      findStatus.setText(e.getMessage());
      return;
    }
    searchCancel.set(true);
    AtomicBoolean cancel = new AtomicBoolean();
    searchCancel = cancel;
    results.clear();
    showResults(true);
    findStatus.setText("searching " + source.describe() + " for '" + query.strip() + "'…");
    cancelFind.setDisable(false);
    TreeSource src = source;
    long gen = generation;
    CompletableFuture.supplyAsync(
            () ->
                TreeSearch.run(
                    src,
                    match,
                    SEARCH_LIMIT,
                    cancel::get,
                    batch ->
                        Platform.runLater(
                            () -> {
                              if (!cancel.get() && gen == generation) {
                                results.addAll(batch);
                                findStatus.setText(
                                    String.format(
                                        Locale.ROOT, "%,d found so far…", results.size()));
                              }
                            })),
            BrowseTasks.SEARCHES)
        .whenComplete(
            (summary, ex) ->
                Platform.runLater(
                    () -> {
                      if (gen != generation || searchCancel != cancel) {
                        return;
                      }
                      cancelFind.setDisable(true);
                      if (ex != null) {
                        Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                        findStatus.setText(
                            c instanceof CancellationException
                                ? String.format(
                                    Locale.ROOT, "stopped; %,d found before that", results.size())
                                : "search failed: " + c.getMessage());
                        return;
                      }
                      findStatus.setText(describe(summary));
                    }));
  }

  private static String describe(TreeSearch.Summary s) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%,d %s in %,d folders",
                s.matches(),
                s.matches() == 1 ? "match" : "matches",
                s.directories()));
    if (s.truncated()) {
      sb.append(String.format(Locale.ROOT, " (stopped at %,d; narrow the search)", SEARCH_LIMIT));
    }
    if (s.unreadable() > 0) {
      sb.append(String.format(Locale.ROOT, "; %,d folders could not be read: ", s.unreadable()))
          .append(s.firstProblem().orElse(""));
    }
    if (s.matches() > 0) {
      sb.append(" — click one to show it in the tree");
    }
    return sb.toString();
  }

  private void closeSearch() {
    searchCancel.set(true);
    results.clear();
    showResults(false);
  }

  private void showResults(boolean show) {
    if (show && !split.getItems().contains(resultBox)) {
      double[] was = split.getDividerPositions();
      double treeEnd = was.length > 0 ? was[0] : 0.5;
      split.getItems().add(1, resultBox);
      split.setDividerPositions(treeEnd * 0.6, treeEnd);
    } else if (!show && split.getItems().contains(resultBox)) {
      double[] was = split.getDividerPositions();
      split.getItems().remove(resultBox);
      split.setDividerPositions(was.length > 1 ? was[1] : 0.5);
    }
  }

  // ------------------------------------------------------------------ selection and actions

  private void selected(BrowseRow row) {
    if (row == null || row.entry == null || source == null) {
      if (row != null && row.role == BrowseRow.Role.ROOT) {
        preview.clear(row.text + " in the sandbox. Select an entry to see it here.");
      }
      return;
    }
    preview.show(source, row.entry, sandboxPath(row.path));
  }

  private boolean canOpenFolder(TreeEntry e) {
    return source != null && source.hostPath(e.path()).isPresent();
  }

  private void openFolder(TreeEntry e) {
    Optional<Path> host = source == null ? Optional.empty() : source.hostPath(e.path());
    if (host.isEmpty()) {
      return;
    }
    Path dir = e.isDirectory() ? host.get() : host.get().getParent();
    try {
      fileManager.open(dir);
    } catch (Exception ex) {
      // The folder's path is still useful: put it where the user can paste it.
      copy(dir.toString());
      alert(
          "Cannot open a file manager: "
              + ex.getMessage()
              + "\nThe path "
              + dir
              + " is on the clipboard.");
    }
  }

  private void saveAs(TreeEntry e) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save " + e.name());
    chooser.setInitialFileName(e.name());
    java.io.File dest = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
    if (dest != null) {
      saveTo(e, dest.toPath());
    }
  }

  /** Saves the file {@code e} to {@code dest} in the background; completes on the FX thread. */
  CompletableFuture<Path> saveTo(TreeEntry e, Path dest) {
    TreeSource src = source;
    CompletableFuture<Path> done = new CompletableFuture<>();
    BrowseTasks.LISTINGS.execute(
        () -> {
          try {
            PreviewPane.copyTo(src, e, dest);
            Platform.runLater(() -> done.complete(dest));
          } catch (Exception ex) {
            Platform.runLater(
                () -> {
                  alert(
                      "Cannot save "
                          + sandboxPath(e.path())
                          + " to "
                          + dest
                          + ": "
                          + ex.getMessage());
                  done.completeExceptionally(ex);
                });
          }
        });
    return done;
  }

  private void alert(String text) {
    javafx.scene.control.Alert a =
        new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, text);
    a.setHeaderText(null);
    if (getScene() != null && getScene().getWindow() != null) {
      a.initOwner(getScene().getWindow());
    }
    a.show();
  }

  static void copy(String s) {
    ClipboardContent c = new ClipboardContent();
    c.putString(s);
    Clipboard.getSystemClipboard().setContent(c);
  }

  private final class PreviewActions implements PreviewPane.Actions {
    @Override
    public void save(TreeEntry entry) {
      saveAs(entry);
    }

    @Override
    public void copy(String text) {
      TreeBrowser.copy(text);
    }

    @Override
    public void openFolder(TreeEntry entry) {
      TreeBrowser.this.openFolder(entry);
    }

    @Override
    public boolean canOpenFolder(TreeEntry entry) {
      return TreeBrowser.this.canOpenFolder(entry);
    }
  }

  // ------------------------------------------------------------------ cells

  /** The access mark shown for the entry at {@code p}. */
  PathMarks.Mark markAt(TreePath p) {
    return marks.markOf(sandboxPath(p));
  }

  private PathMarks.Mark markOf(BrowseRow row) {
    return row == null || row.entry == null
        ? PathMarks.Mark.UNKNOWN
        : marks.markOf(sandboxPath(row.path));
  }

  private final class Row extends TreeTableRow<BrowseRow> {
    @Override
    protected void updateItem(BrowseRow row, boolean empty) {
      super.updateItem(row, empty);
      getStyleClass().removeAll("row-not-read", "row-missing", "row-problem", "row-loading");
      if (empty || row == null) {
        return;
      }
      switch (row.role) {
        case PROBLEM -> getStyleClass().add("row-problem");
        case LOADING -> getStyleClass().add("row-loading");
        default -> {
          PathMarks.Mark m = markOf(row);
          if (m == PathMarks.Mark.NOT_READ) {
            getStyleClass().add("row-not-read");
          } else if (m == PathMarks.Mark.MISSING) {
            getStyleClass().add("row-missing");
          }
        }
      }
    }
  }

  private static final List<String> NAME_CLASSES =
      List.of(
          "name-dir",
          "name-file",
          "name-exec",
          "name-link",
          "name-other",
          "name-root",
          "name-problem",
          "name-loading");

  private final class NameCell extends TreeTableCell<BrowseRow, BrowseRow> {
    @Override
    protected void updateItem(BrowseRow row, boolean empty) {
      super.updateItem(row, empty);
      getStyleClass().removeAll(NAME_CLASSES);
      setTooltip(null);
      if (empty || row == null) {
        setText(null);
        return;
      }
      switch (row.role) {
        case ROOT -> {
          setText(row.text);
          getStyleClass().add("name-root");
        }
        case LOADING -> {
          setText(row.text);
          getStyleClass().add("name-loading");
        }
        case PROBLEM -> {
          setText(row.text);
          getStyleClass().add("name-problem");
          setTooltip(new Tooltip(row.text));
        }
        case ENTRY -> {
          TreeEntry e = row.entry;
          switch (e.kind()) {
            case DIRECTORY -> {
              setText(e.name() + "/");
              getStyleClass().add("name-dir");
            }
            case SYMLINK -> {
              setText(e.name() + " \u2192 " + e.symlinkTarget().orElse(""));
              getStyleClass().add("name-link");
            }
            case FILE -> {
              setText(e.name());
              getStyleClass().add(e.executable() ? "name-exec" : "name-file");
            }
            default -> {
              setText(e.name());
              getStyleClass().add("name-other");
            }
          }
        }
        default -> setText(row.text);
      }
    }
  }

  private final class SizeCell extends TreeTableCell<BrowseRow, BrowseRow> {
    private BrowseRow bound;
    private final javafx.beans.value.ChangeListener<Number> onTotal = (o, a, b) -> render();

    @Override
    protected void updateItem(BrowseRow row, boolean empty) {
      super.updateItem(row, empty);
      if (bound != null) {
        bound.total.removeListener(onTotal);
        bound = null;
      }
      if (empty || row == null || row.entry == null) {
        setText(null);
        setTooltip(null);
        return;
      }
      bound = row;
      row.total.addListener(onTotal);
      // Only rows that are on screen get here: sizes are computed for what the user looks at.
      requestTotal(row);
      render();
    }

    private void render() {
      BrowseRow row = bound;
      if (row == null) {
        return;
      }
      TreeEntry e = row.entry;
      String tvix =
          e.storeSize().isPresent()
              ? "tvix size " + Long.toUnsignedString(e.storeSize().getAsLong()) + "; "
              : "";
      if (e.kind() == EntryKind.FILE) {
        setText(Sizes.human(e.fileSize()));
        setTooltip(new Tooltip(Sizes.exact(e.fileSize())));
      } else if (e.isDirectory()) {
        long t = row.total.get();
        setText(t >= 0 ? Sizes.human(t) : t == BrowseRow.FAILED ? "?" : "\u2026");
        setTooltip(
            new Tooltip(
                tvix
                    + (t >= 0
                        ? "files below it: " + Sizes.exact(t)
                        : t == BrowseRow.FAILED ? "could not be computed" : "computing…")));
      } else {
        setText("");
        setTooltip(null);
      }
    }
  }

  private static final class MonoCell extends TreeTableCell<BrowseRow, String> {
    MonoCell() {
      getStyleClass().add("mono-cell");
    }

    @Override
    protected void updateItem(String s, boolean empty) {
      super.updateItem(s, empty);
      setText(empty ? null : s);
      setTooltip(
          empty || s == null || s.isEmpty() ? null : new Tooltip(s + "\n(right-click to copy)"));
    }
  }

  private final class MarkCell extends TreeTableCell<BrowseRow, BrowseRow> {
    @Override
    protected void updateItem(BrowseRow row, boolean empty) {
      super.updateItem(row, empty);
      getStyleClass()
          .removeAll("mark-read", "mark-looked-up-only", "mark-not-read", "mark-missing");
      if (empty || row == null) {
        setText(null);
        return;
      }
      PathMarks.Mark m = markOf(row);
      setText(m.label());
      if (m != PathMarks.Mark.UNKNOWN) {
        getStyleClass().add("mark-" + m.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
    }
  }

  private final class ResultCell extends ListCell<TreeEntry> {
    @Override
    protected void updateItem(TreeEntry e, boolean empty) {
      super.updateItem(e, empty);
      if (empty || e == null) {
        setText(null);
        return;
      }
      setText(
          sandboxPath(e.path())
              + (e.isDirectory() ? "/" : "")
              + (e.kind() == EntryKind.SYMLINK ? " \u2192 " + e.symlinkTarget().orElse("") : ""));
    }
  }

  // ------------------------------------------------------------------ for tests

  TreeTableView<BrowseRow> table() {
    return table;
  }

  PreviewPane preview() {
    return preview;
  }

  ObservableList<TreeEntry> results() {
    return results;
  }

  String searchStatus() {
    return findStatus.getText();
  }

  String sourceText() {
    return sourceLabel.getText();
  }

  /** How many folder listings were started (each expansion lists its folder once). */
  int loads() {
    return loads;
  }
}
