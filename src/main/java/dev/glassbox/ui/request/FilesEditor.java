package dev.glassbox.ui.request;

import dev.glassbox.ui.request.RequestForm.FileEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Additional files: a path and its contents (text, or base64 for binary) per file. */
final class FilesEditor extends VBox {
  private final FormContext ctx;
  private final VBox rows = new VBox(8);
  private final List<Row> shown = new ArrayList<>();
  private final MessageSlot listSlot = new MessageSlot();

  private record Row(TextField path, TextArea contents, CheckBox binary) {}

  FilesEditor(FormContext ctx) {
    this.ctx = ctx;
    setSpacing(6);
    getStyleClass().add("list-editor");
    Button add = ctx.addButton("Add file", () -> {
      ctx.edit(f -> {
        List<FileEntry> v = new ArrayList<>(f.additionalFiles());
        v.add(new FileEntry("", "", false));
        return f.withAdditionalFiles(v);
      });
      if (!shown.isEmpty()) {
        shown.get(shown.size() - 1).path().requestFocus();
      }
    });
    add.setId("additionalFiles-add");
    getChildren().addAll(rows, listSlot, add);
    ctx.router.register("additionalFiles", listSlot, add);
  }

  void render(RequestForm f) {
    List<FileEntry> files = f.additionalFiles();
    if (files.size() != shown.size()) {
      ctx.router.unregisterElements("additionalFiles");
      rows.getChildren().clear();
      shown.clear();
      for (int i = 0; i < files.size(); i++) {
        rows.getChildren().add(row(i));
      }
    }
    for (int i = 0; i < files.size(); i++) {
      Row r = shown.get(i);
      FileEntry e = files.get(i);
      FormContext.show(r.path(), e.path());
      if (!r.contents().getText().equals(e.contents())) {
        r.contents().setText(e.contents());
      }
      r.binary().setSelected(e.base64());
    }
  }

  private VBox row(int i) {
    TextField path = ctx.textField("build/config.txt", true, text -> ctx.edit(entry(i, e -> new FileEntry(text, e.contents(), e.base64()))));
    path.setId("additionalFiles-" + i + "-path");
    HBox.setHgrow(path, Priority.ALWAYS);
    TextArea contents = new TextArea();
    contents.setId("additionalFiles-" + i + "-contents");
    contents.getStyleClass().add("mono");
    contents.setPrefRowCount(3);
    contents.setPromptText("contents");
    contents.editableProperty().bind(ctx.readOnly.not());
    contents.textProperty().addListener((o, was, now) ->
        ctx.edit(entry(i, e -> new FileEntry(e.path(), now, e.base64()))));
    CheckBox binary = new CheckBox("base64");
    binary.setTooltip(new Tooltip("Contents are base64 (contentsBase64), for binary files"));
    binary.disableProperty().bind(ctx.readOnly);
    binary.setOnAction(ev -> {
      boolean toBase64 = binary.isSelected();
      ctx.edit(entry(i, e -> convert(e, toBase64)));
    });
    Button remove = ctx.iconButton(Icons.cross(), "Remove", () -> ctx.edit(f -> {
      List<FileEntry> v = new ArrayList<>(f.additionalFiles());
      if (i < v.size()) {
        v.remove(i);
      }
      return f.withAdditionalFiles(v);
    }));
    HBox line = new HBox(6, path, binary, remove);
    line.setAlignment(Pos.CENTER_LEFT);
    shown.add(new Row(path, contents, binary));
    MessageSlot slot = new MessageSlot();
    String at = "additionalFiles[" + i + "]";
    ctx.router.register(at, slot, path, path);
    ctx.router.register(at + ".path", slot, path, path);
    ctx.router.register(at + ".contents", slot, contents, contents);
    ctx.router.register(at + ".contentsBase64", slot, contents, contents);
    VBox box = new VBox(4, line, contents, slot);
    box.getStyleClass().addAll("list-row", "file-row");
    return box;
  }

  /**
   * Switches between text and base64, converting the contents; base64 that does not decode to
   * UTF-8 text stays base64, since the text form could not hold it.
   */
  static FileEntry convert(FileEntry e, boolean toBase64) {
    if (toBase64 == e.base64()) {
      return e;
    }
    if (toBase64) {
      return new FileEntry(e.path(), Base64.getEncoder().encodeToString(e.contents().getBytes(StandardCharsets.UTF_8)), true);
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(e.contents());
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return new FileEntry(e.path(), text, false);
    } catch (IllegalArgumentException | CharacterCodingException ex) {
      return e;
    }
  }

  private static UnaryOperator<RequestForm> entry(int i, UnaryOperator<FileEntry> change) {
    return f -> {
      List<FileEntry> v = new ArrayList<>(f.additionalFiles());
      if (i < v.size()) {
        v.set(i, change.apply(v.get(i)));
      }
      return f.withAdditionalFiles(v);
    };
  }
}
