package dev.glassbox.ui.diff;

import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.diff.ChangeKind;
import dev.glassbox.castore.diff.DiffNode;
import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.castore.diff.TreeDiffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;

/**
 * The merged tree of both sides: every path with its mark and colour. Built from the comparison's
 * nodes only; a collapsed directory (unchanged, added or removed) is listed from the store when
 * the user expands it, in the background.
 */
final class DiffTreeView extends TreeTableView<DiffNode> {
  private final DiffWork.Slot expansions;
  private final Consumer<Exception> onError;
  private TreeDiffer differ;
  private boolean onlyDifferences;

  DiffTreeView(DiffWork.Slot expansions, Consumer<Exception> onError) {
    this.expansions = expansions;
    this.onError = onError;
    setId("diff-tree");
    getStyleClass().add("diff-tree");
    setShowRoot(false);
    setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    getColumns().add(column("Name", 300, n -> n.kind().mark() + "  " + n.name()));
    getColumns().add(column("Change", 130, n -> n.kind().label()));
    getColumns().add(column("Before", 130, n -> n.left().map(DiffTreeView::describe).orElse("")));
    getColumns().add(column("After", 130, n -> n.right().map(DiffTreeView::describe).orElse("")));
    setRowFactory(t -> new KindRow());
    setPlaceholder(new javafx.scene.control.Label("Comparing…"));
  }

  private static TreeTableColumn<DiffNode, String> column(
      String title, double width, Function<DiffNode, String> value) {
    TreeTableColumn<DiffNode, String> c = new TreeTableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(
        f -> new ReadOnlyStringWrapper(f.getValue() == null || f.getValue().getValue() == null
            ? "" : value.apply(f.getValue().getValue())));
    c.setSortable(false);
    return c;
  }

  /** Size, type and digest in a few words. */
  static String describe(Node n) {
    if (n instanceof FileNode f) {
      return String.format("%,d B%s", f.size(), f.executable() ? ", exec" : "");
    }
    if (n instanceof SymlinkNode s) {
      return "-> " + s.target();
    }
    long entries = DiffNode.entriesBelow(n);
    return entries < 0 ? "folder" : String.format("folder, %,d entries", entries);
  }

  /** Shows a comparison; {@code onlyDifferences} hides unchanged entries. */
  void show(TreeDiff diff, TreeDiffer differ, boolean onlyDifferences) {
    this.differ = differ;
    this.onlyDifferences = onlyDifferences;
    TreeItem<DiffNode> root = new TreeItem<>();
    for (DiffNode n : diff.top()) {
      if (visible(n)) {
        root.getChildren().add(item(n));
      }
    }
    setRoot(root);
    if (diff.top().isEmpty()) {
      setPlaceholder(new javafx.scene.control.Label("Neither build has outputs."));
    } else if (root.getChildren().isEmpty()) {
      setPlaceholder(
          new javafx.scene.control.Label("No differences. Untick \"Only differences\" to browse."));
    }
  }

  private boolean visible(DiffNode n) {
    return !onlyDifferences || n.kind().isDifference();
  }

  private TreeItem<DiffNode> item(DiffNode n) {
    TreeItem<DiffNode> it = new TreeItem<>(n);
    if (!n.children().isEmpty()) {
      for (DiffNode c : n.children()) {
        if (visible(c)) {
          it.getChildren().add(item(c));
        }
      }
      // Open the way to every difference; unchanged folders stay closed.
      it.setExpanded(n.kind().isDifference());
    } else if (n.isCollapsedDirectory()) {
      it.getChildren().add(new TreeItem<>()); // placeholder so the arrow shows
      it.expandedProperty()
          .addListener(
              (o, was, now) -> {
                if (now && it.getChildren().size() == 1 && it.getChildren().get(0).getValue() == null) {
                  load(it);
                }
              });
    }
    return it;
  }

  private void load(TreeItem<DiffNode> it) {
    DiffNode n = it.getValue();
    TreeDiffer d = differ;
    expansions.run(
        () -> d.expand(n),
        (List<DiffNode> children) -> {
          it.getChildren().clear();
          for (DiffNode c : children) {
            it.getChildren().add(item(c));
          }
        },
        onError);
  }

  /** The node at {@code path} among the loaded items. */
  Optional<TreeItem<DiffNode>> find(String path) {
    return find(getRoot(), path);
  }

  private static Optional<TreeItem<DiffNode>> find(TreeItem<DiffNode> at, String path) {
    if (at == null) {
      return Optional.empty();
    }
    if (at.getValue() != null && at.getValue().path().equals(path)) {
      return Optional.of(at);
    }
    for (TreeItem<DiffNode> c : at.getChildren()) {
      if (c.getValue() != null
          && (path.equals(c.getValue().path()) || path.startsWith(c.getValue().path() + "/"))) {
        return find(c, path);
      }
    }
    return Optional.empty();
  }

  /** Colours a row by its kind of change. */
  private static final class KindRow extends TreeTableRow<DiffNode> {
    private static final List<String> STYLES =
        java.util.Arrays.stream(ChangeKind.values()).map(k -> "diff-" + k.jsonName()).toList();

    @Override
    protected void updateItem(DiffNode n, boolean empty) {
      super.updateItem(n, empty);
      getStyleClass().removeAll(STYLES);
      if (!empty && n != null) {
        getStyleClass().add("diff-" + n.kind().jsonName());
      }
    }
  }
}
