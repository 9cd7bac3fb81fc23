package dev.glassbox.ui.request;

import dev.glassbox.ui.request.RequestForm.EnvEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The environment as a key = value table, one row per variable with its own message line. */
final class EnvEditor extends VBox {
  private final FormContext ctx;
  private final VBox rows = new VBox(4);
  private final List<TextField[]> fields = new ArrayList<>();
  private final MessageSlot listSlot = new MessageSlot();

  EnvEditor(FormContext ctx) {
    this.ctx = ctx;
    setSpacing(6);
    getStyleClass().add("list-editor");
    Button add = ctx.addButton("Add variable", this::addRow);
    add.setId("environmentVars-add");
    getChildren().addAll(rows, listSlot, add);
    ctx.router.register("environmentVars", listSlot, add);
  }

  void render(RequestForm f) {
    List<EnvEntry> env = f.environmentVars();
    if (env.size() != fields.size()) {
      ctx.router.unregisterElements("environmentVars");
      rows.getChildren().clear();
      fields.clear();
      for (int i = 0; i < env.size(); i++) {
        rows.getChildren().add(row(i));
      }
    }
    for (int i = 0; i < env.size(); i++) {
      FormContext.show(fields.get(i)[0], env.get(i).key());
      FormContext.show(fields.get(i)[1], env.get(i).value());
    }
  }

  private VBox row(int i) {
    TextField key = ctx.textField("NAME", true, text -> ctx.edit(entry(i, e -> new EnvEntry(text, e.value()))));
    key.setId("environmentVars-" + i + "-key");
    key.setPrefColumnCount(14);
    key.getStyleClass().add("env-key");
    TextField value = ctx.textField("value", true, text -> ctx.edit(entry(i, e -> new EnvEntry(e.key(), text))));
    value.setId("environmentVars-" + i + "-value");
    HBox.setHgrow(value, Priority.ALWAYS);
    value.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER && i == fields.size() - 1 && !ctx.readOnly.get()) {
            addRow();
            e.consume();
          }
        });
    fields.add(new TextField[] {key, value});
    Label eq = new Label("=");
    eq.getStyleClass().add("env-equals");
    Button remove = ctx.iconButton(Icons.cross(), "Remove", () -> ctx.edit(f -> {
      List<EnvEntry> v = new ArrayList<>(f.environmentVars());
      if (i < v.size()) {
        v.remove(i);
      }
      return f.withEnvironmentVars(v);
    }));
    HBox line = new HBox(6, key, eq, value, remove);
    line.setAlignment(Pos.CENTER_LEFT);
    MessageSlot slot = new MessageSlot();
    String at = "environmentVars[" + i + "]";
    ctx.router.register(at, slot, key, key, value);
    ctx.router.register(at + ".key", slot, key, key);
    ctx.router.register(at + ".value", slot, value, value);
    VBox box = new VBox(3, line, slot);
    box.getStyleClass().add("list-row");
    return box;
  }

  private static UnaryOperator<RequestForm> entry(int i, UnaryOperator<EnvEntry> change) {
    return f -> {
      List<EnvEntry> v = new ArrayList<>(f.environmentVars());
      if (i < v.size()) {
        v.set(i, change.apply(v.get(i)));
      }
      return f.withEnvironmentVars(v);
    };
  }

  private void addRow() {
    ctx.edit(f -> {
      List<EnvEntry> v = new ArrayList<>(f.environmentVars());
      v.add(new EnvEntry("", ""));
      return f.withEnvironmentVars(v);
    });
    if (!fields.isEmpty()) {
      fields.get(fields.size() - 1)[0].requestFocus();
    }
  }
}
