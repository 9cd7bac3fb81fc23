package dev.glassbox.ui.request;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The summary under the editor: how many problems and warnings the request has (or that it is
 * ready to run, or what it waits for) and the list of them, each linking to its field.
 */
final class IssuesPanel extends VBox {
  private final Label headline = new Label();
  private final StackPane icon = new StackPane();
  private final ToggleButton toggle = new ToggleButton("Hide");
  private final VBox list = new VBox(4);
  private final ScrollPane scroll = new ScrollPane(list);
  private final Consumer<Issue> reveal;
  private final Consumer<Issue> applyFix;
  private List<Issue> shown = List.of();

  /**
   * @param reveal shows the field of an issue (switches tab, scrolls, focuses)
   * @param applyFix applies an issue's quick fix
   */
  IssuesPanel(Consumer<Issue> reveal, Consumer<Issue> applyFix) {
    this.reveal = reveal;
    this.applyFix = applyFix;
    getStyleClass().add("issues-panel");
    headline.setId("issues-headline");
    headline.getStyleClass().add("issues-headline");
    toggle.getStyleClass().add("issues-toggle");
    toggle.setOnAction(e -> layoutList());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox header = new HBox(8, icon, headline, grow, toggle);
    header.setAlignment(Pos.CENTER_LEFT);
    header.getStyleClass().add("issues-header");
    list.setId("issues-list");
    list.getStyleClass().add("issues-list");
    scroll.setFitToWidth(true);
    // As tall as the list at its width, up to about six lines; a longer list scrolls.
    scroll.prefViewportHeightProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(132, list.prefHeight(scroll.getViewportBounds().getWidth())),
                scroll.viewportBoundsProperty(),
                list.getChildren()));
    scroll.getStyleClass().add("issues-scroll");
    getChildren().addAll(header, scroll);
    show(List.of(), "Checking…");
  }

  /**
   * Shows {@code issues}; {@code state} is the headline when there are none (ready, waiting for
   * an import, checking, a JSON error).
   */
  void show(List<Issue> issues, String state) {
    show(issues, state, "request");
  }

  /** Like {@link #show(List, String)}; {@code wholeLabel} names issues about no field in particular. */
  void show(List<Issue> issues, String state, String wholeLabel) {
    shown = List.copyOf(issues);
    long errors = issues.stream().filter(i -> i.severity() == Issue.Severity.ERROR).count();
    long warnings = issues.size() - errors;
    List<String> parts = new ArrayList<>();
    if (errors > 0) {
      parts.add(errors + (errors == 1 ? " problem" : " problems"));
    }
    if (warnings > 0) {
      parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
    }
    String counts = String.join(" · ", parts);
    if (errors > 0) {
      icon.getChildren().setAll(Icons.error());
      headline.setText(counts + (state.isEmpty() ? "" : " — " + state));
    } else if (!state.isEmpty()) {
      icon.getChildren().setAll(state.startsWith("Ready") ? Icons.ok() : Icons.importing());
      headline.setText(warnings > 0 ? state + " · " + counts : state);
    } else {
      icon.getChildren().setAll(Icons.warning());
      headline.setText(counts);
    }
    list.getChildren().clear();
    for (Issue issue : shown) {
      HBox line = MessageSlot.line(issue, applyFix);
      Hyperlink field = new Hyperlink(issue.field().isEmpty() ? wholeLabel : issue.field());
      field.getStyleClass().addAll("mono", "issue-field");
      field.setMinWidth(Hyperlink.USE_PREF_SIZE);
      field.setOnAction(e -> reveal.accept(issue));
      line.getChildren().add(1, field);
      list.getChildren().add(line);
    }
    layoutList();
  }

  List<Issue> shown() {
    return shown;
  }

  String headline() {
    return headline.getText();
  }

  private void layoutList() {
    boolean any = !shown.isEmpty();
    boolean open = any && !toggle.isSelected();
    toggle.setText(toggle.isSelected() ? "Show" : "Hide");
    toggle.setVisible(any);
    scroll.setVisible(open);
    scroll.setManaged(open);
  }
}
