package dev.glassbox.ui.request;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The lines under a field that say what is wrong with it, each with its icon and quick fix. */
final class MessageSlot extends VBox {
  MessageSlot() {
    getStyleClass().add("field-messages");
    setManaged(false);
    setVisible(false);
  }

  void show(List<Issue> issues, Consumer<Issue> applyFix) {
    getChildren().clear();
    for (Issue issue : issues) {
      getChildren().add(line(issue, applyFix));
    }
    setManaged(!issues.isEmpty());
    setVisible(!issues.isEmpty());
  }

  /** One line of the form "icon message [fix]", shared with the summary list. */
  static HBox line(Issue issue, Consumer<Issue> applyFix) {
    boolean error = issue.severity() == Issue.Severity.ERROR;
    Label text = new Label(capitalize(issue.message()));
    text.setWrapText(true);
    text.setMinHeight(Label.USE_PREF_SIZE);
    text.getStyleClass().add(error ? "message-error" : "message-warning");
    HBox.setHgrow(text, Priority.ALWAYS);
    text.setMaxWidth(Double.MAX_VALUE);
    HBox line = new HBox(6, error ? Icons.error() : Icons.warning(), text);
    line.getStyleClass().addAll("message-line", error ? "message-line-error" : "message-line-warning");
    issue
        .fix()
        .ifPresent(
            fix -> {
              Hyperlink link = new Hyperlink(fix.label());
              link.getStyleClass().add("fix-link");
              link.setMinWidth(Hyperlink.USE_PREF_SIZE);
              link.setOnAction(e -> applyFix.accept(issue));
              line.getChildren().add(link);
            });
    return line;
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
