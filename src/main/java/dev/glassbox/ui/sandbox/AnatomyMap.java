package dev.glassbox.ui.sandbox;

import dev.glassbox.sandbox.oci.AnatomyItem;
import dev.glassbox.sandbox.oci.AnatomyItem.Group;
import dev.glassbox.sandbox.oci.SandboxAnatomy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The sandbox as an annotated tree: one branch per part (command, root, inputs, scratch, host
 * paths, system mounts, what is missing, environment, namespaces, privileges, kernel paths), each
 * leaf a mount or setting with its facts, a badge and its note.
 */
final class AnatomyMap extends TreeView<Object> {
  /** Long lists a newcomer rarely needs first; they start folded. */
  private static final Set<Group> FOLDED = EnumSet.of(Group.PRIVILEGES, Group.HIDDEN);

  private final TreeItem<Object> root = new TreeItem<>("sandbox");
  private Consumer<AnatomyItem> onSelect = i -> {};
  private boolean programmatic;

  AnatomyMap() {
    setId("anatomy-tree");
    getStyleClass().add("anatomy-tree");
    setRoot(root);
    setShowRoot(false);
    setCellFactory(t -> new Cell());
    // Notes wrap to the width; a new width needs new cells.
    widthProperty().addListener((o, was, now) -> refresh());
    getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, was, now) -> {
              if (!programmatic && now != null && now.getValue() instanceof AnatomyItem i) {
                onSelect.accept(i);
              }
            });
  }

  void setOnSelect(Consumer<AnatomyItem> c) {
    onSelect = c;
  }

  void show(SandboxAnatomy a) {
    root.getChildren().clear();
    for (Group g : Group.values()) {
      List<AnatomyItem> items = a.group(g);
      if (items.isEmpty()) {
        continue;
      }
      TreeItem<Object> branch = new TreeItem<>(g);
      for (AnatomyItem i : items) {
        branch.getChildren().add(new TreeItem<>(i));
      }
      branch.setExpanded(!FOLDED.contains(g));
      root.getChildren().add(branch);
    }
    scrollTo(0);
  }

  void clear() {
    root.getChildren().clear();
  }

  /** Selects the item (opening its branch) without reporting it back. */
  void select(AnatomyItem item) {
    Optional<TreeItem<Object>> t = find(item);
    if (t.isEmpty()) {
      return;
    }
    t.get().getParent().setExpanded(true);
    programmatic = true;
    try {
      getSelectionModel().select(t.get());
    } finally {
      programmatic = false;
    }
    int row = getRow(t.get());
    scrollTo(Math.max(0, row - 2));
  }

  /** Opens and scrolls to a group (for the tour). */
  void reveal(Group g) {
    for (TreeItem<Object> b : root.getChildren()) {
      if (b.getValue() == g) {
        b.setExpanded(true);
        scrollTo(getRow(b));
      }
    }
  }

  /** Every item in the map, in order, folded or not. */
  List<AnatomyItem> items() {
    List<AnatomyItem> out = new ArrayList<>();
    for (TreeItem<Object> b : root.getChildren()) {
      for (TreeItem<Object> l : b.getChildren()) {
        out.add((AnatomyItem) l.getValue());
      }
    }
    return out;
  }

  private Optional<TreeItem<Object>> find(AnatomyItem item) {
    for (TreeItem<Object> b : root.getChildren()) {
      for (TreeItem<Object> l : b.getChildren()) {
        if (l.getValue().equals(item)) {
          return Optional.of(l);
        }
      }
    }
    return Optional.empty();
  }

  /** A group header or an item with its title, badge, facts and note, wrapped to the width. */
  private final class Cell extends TreeCell<Object> {
    @Override
    protected void updateItem(Object value, boolean empty) {
      super.updateItem(value, empty);
      setText(null);
      if (empty || value == null) {
        setGraphic(null);
        return;
      }
      // Leave room for the disclosure arrow and indentation, so long notes wrap, not clip.
      double width = Math.max(160, AnatomyMap.this.getWidth() - 70);
      if (value instanceof Group g) {
        Label title = new Label(g.label());
        title.getStyleClass().add("anatomy-group-title");
        Label sum = new Label(g.summary());
        sum.getStyleClass().add("anatomy-group-sum");
        sum.setWrapText(true);
        VBox box = new VBox(1, title, sum);
        box.getStyleClass().add("anatomy-group");
        box.setMaxWidth(width + 20);
        box.setPrefWidth(width + 20);
        setGraphic(box);
        return;
      }
      AnatomyItem i = (AnatomyItem) value;
      Label title = new Label(i.title());
      title.getStyleClass().add("anatomy-item-title");
      HBox head = new HBox(6, title);
      head.setAlignment(Pos.CENTER_LEFT);
      badge(i).ifPresent(head.getChildren()::add);
      Label detail = new Label(i.detail());
      detail.getStyleClass().add("anatomy-item-detail");
      detail.setWrapText(true);
      detail.setMaxWidth(width);
      Label note = new Label(i.note());
      note.getStyleClass().add("anatomy-item-note");
      note.setWrapText(true);
      note.setMaxWidth(width);
      note.setMinHeight(Region.USE_PREF_SIZE);
      detail.setMinHeight(Region.USE_PREF_SIZE);
      VBox box = new VBox(1, head, detail, note);
      box.getStyleClass().addAll("anatomy-item", "anatomy-kind-" + i.group().name());
      box.setPrefWidth(width);
      box.setMaxWidth(width);
      setGraphic(box);
    }

    private Optional<Label> badge(AnatomyItem i) {
      String text = null;
      String style = null;
      if (i.group() == Group.ABSENT) {
        text = "missing";
        style = "missing";
      } else if (i.options().contains("ro")) {
        text = "read-only";
        style = "ro";
      } else if (i.options().contains("rw") || i.group() == Group.SCRATCH) {
        text = "writable";
        style = "rw";
      } else if (i.isMount()) {
        text = i.detail().contains("tmpfs") ? "in memory" : "kernel";
      }
      if (text == null) {
        return Optional.empty();
      }
      Label l = new Label(text);
      l.getStyleClass().add("anatomy-badge");
      if (style != null) {
        l.getStyleClass().add(style);
      }
      return Optional.of(l);
    }
  }
}
