package dev.glassbox.ui.request;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * An editable list of strings (command arguments, scratch paths, outputs, …): one text field per
 * element with its own message line, remove and, for ordered lists, move buttons, and an add
 * button. Enter in the last field adds the next one.
 */
final class StringListEditor extends VBox {
  private final FormContext ctx;
  private final String path;
  private final Function<RequestForm, List<String>> get;
  private final BiFunction<RequestForm, List<String>, RequestForm> set;
  private final String prompt;
  private final IntFunction<String> rowLabel;
  private final boolean ordered;
  private final VBox rows = new VBox(4);
  private final List<TextField> fields = new ArrayList<>();
  private final MessageSlot listSlot = new MessageSlot();
  private final Button add;

  /**
   * @param path the list's field path, e.g. {@code scratchPaths}
   * @param rowLabel a short label per row (e.g. "program", "arg 1"), or null for none
   * @param ordered whether the order is the user's (move buttons) rather than a sorted one
   */
  StringListEditor(
      FormContext ctx,
      String path,
      Function<RequestForm, List<String>> get,
      BiFunction<RequestForm, List<String>, RequestForm> set,
      String prompt,
      String addText,
      IntFunction<String> rowLabel,
      boolean ordered) {
    this.ctx = ctx;
    this.path = path;
    this.get = get;
    this.set = set;
    this.prompt = prompt;
    this.rowLabel = rowLabel;
    this.ordered = ordered;
    setSpacing(6);
    getStyleClass().add("list-editor");
    add = ctx.addButton(addText, this::addRow);
    add.setId(path.replace('.', '-') + "-add");
    getChildren().addAll(rows, listSlot, add);
    ctx.router.register(path, listSlot, add);
  }

  void render(RequestForm f) {
    List<String> values = get.apply(f);
    if (values.size() != fields.size()) {
      rebuild(values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      FormContext.show(fields.get(i), values.get(i));
    }
  }

  /** The text field of element {@code i}, for focus and tests. */
  TextField field(int i) {
    return fields.get(i);
  }


  private void rebuild(int n) {
    ctx.router.unregisterElements(path);
    rows.getChildren().clear();
    fields.clear();
    for (int i = 0; i < n; i++) {
      rows.getChildren().add(row(i, n));
    }
  }

  private VBox row(int i, int n) {
    TextField tf =
        ctx.textField(prompt, true, text -> ctx.edit(f -> set.apply(f, replaced(get.apply(f), i, text))));
    tf.setId(path.replace('.', '-') + "-" + i);
    HBox.setHgrow(tf, Priority.ALWAYS);
    tf.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER && i == fields.size() - 1 && !ctx.readOnly.get()) {
            addRow();
            e.consume();
          }
        });
    fields.add(tf);
    HBox line = new HBox(6);
    line.setAlignment(Pos.CENTER_LEFT);
    if (rowLabel != null) {
      Label l = new Label(rowLabel.apply(i));
      l.getStyleClass().add("row-label");
      line.getChildren().add(l);
    }
    line.getChildren().add(tf);
    if (ordered) {
      Button up = ctx.iconButton(Icons.up(), "Move up", () -> move(i, -1));
      Button down = ctx.iconButton(Icons.down(), "Move down", () -> move(i, 1));
      up.setDisable(i == 0);
      down.setDisable(i == n - 1);
      line.getChildren().addAll(up, down);
    }
    Button remove = ctx.iconButton(Icons.cross(), "Remove", () -> remove(i));
    remove.setId(path.replace('.', '-') + "-" + i + "-remove");
    line.getChildren().add(remove);
    MessageSlot slot = new MessageSlot();
    ctx.router.register(path + "[" + i + "]", slot, tf, tf);
    VBox box = new VBox(3, line, slot);
    box.getStyleClass().add("list-row");
    return box;
  }

  private void addRow() {
    ctx.edit(
        f -> {
          List<String> v = new ArrayList<>(get.apply(f));
          v.add("");
          return set.apply(f, v);
        });
    if (!fields.isEmpty()) {
      fields.get(fields.size() - 1).requestFocus();
    }
  }

  private void remove(int i) {
    ctx.edit(
        f -> {
          List<String> v = new ArrayList<>(get.apply(f));
          if (i < v.size()) {
            v.remove(i);
          }
          return set.apply(f, v);
        });
  }

  private void move(int i, int by) {
    ctx.edit(
        f -> {
          List<String> v = new ArrayList<>(get.apply(f));
          int j = i + by;
          if (i < v.size() && j >= 0 && j < v.size()) {
            String t = v.get(i);
            v.set(i, v.get(j));
            v.set(j, t);
          }
          return set.apply(f, v);
        });
  }

  private static List<String> replaced(List<String> list, int i, String value) {
    List<String> out = new ArrayList<>(list);
    if (i < out.size()) {
      out.set(i, value);
    }
    return out;
  }
}
