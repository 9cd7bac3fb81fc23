package dev.glassbox.ui.request;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;

/**
 * What every part of the form shares: the way edits reach the editor, the issue router, the
 * read-only switch, and a guard so that showing a form in the fields is never taken for an edit.
 */
final class FormContext {
  private final Consumer<UnaryOperator<RequestForm>> editSink;
  final IssueRouter router = new IssueRouter();
  final BooleanProperty readOnly = new SimpleBooleanProperty(false);
  private boolean rendering;

  FormContext(Consumer<UnaryOperator<RequestForm>> editSink) {
    this.editSink = editSink;
  }

  /** Applies a user's edit, unless it is the echo of the form being shown. */
  void edit(UnaryOperator<RequestForm> edit) {
    if (!rendering) {
      editSink.accept(edit);
    }
  }

  /** Runs {@code r} (which fills fields from the form) without turning it into edits. */
  void rendering(Runnable r) {
    boolean was = rendering;
    rendering = true;
    try {
      r.run();
    } finally {
      rendering = was;
    }
  }

  /** A text field that reports edits and becomes non-editable (still selectable) when read-only. */
  TextField textField(String prompt, boolean monospace, Consumer<String> onEdit) {
    TextField tf = new TextField();
    tf.setPromptText(prompt);
    if (monospace) {
      tf.getStyleClass().add("mono");
    }
    tf.editableProperty().bind(readOnly.not());
    tf.textProperty().addListener((o, was, now) -> {
      if (!rendering) {
        onEdit.accept(now);
      }
    });
    return tf;
  }

  /** Shows {@code value} unless the field holds it already, so the caret stays where it is. */
  static void show(TextField tf, String value) {
    if (!tf.getText().equals(value)) {
      tf.setText(value);
    }
  }

  /** A small icon button, hidden when read-only. */
  Button iconButton(javafx.scene.Node icon, String tooltip, Runnable action) {
    Button b = plainIconButton(icon, tooltip, action);
    hideWhenReadOnly(b);
    return b;
  }

  /** A small icon button whose visibility the caller manages. */
  Button plainIconButton(javafx.scene.Node icon, String tooltip, Runnable action) {
    Button b = new Button();
    b.setGraphic(icon);
    b.getStyleClass().add("icon-button");
    b.setTooltip(new Tooltip(tooltip));
    b.setAccessibleText(tooltip);
    b.setOnAction(e -> action.run());
    return b;
  }

  /** A text button with a leading icon, hidden when read-only. */
  Button addButton(String text, Runnable action) {
    Button b = new Button(text, Icons.plus());
    b.getStyleClass().add("add-button");
    b.setOnAction(e -> action.run());
    hideWhenReadOnly(b);
    return b;
  }

  void hideWhenReadOnly(javafx.scene.Node n) {
    n.visibleProperty().bind(readOnly.not());
    n.managedProperty().bind(readOnly.not());
  }
}
