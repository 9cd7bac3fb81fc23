package dev.glassbox.ui.sandbox;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * A guided tour for newcomers: a card that steps through a build's phases, each with a short
 * explanation, and outlines the part of the tab that shows it. Next, Back, Exit (also Escape).
 */
final class Tour extends StackPane {
  /**
   * One stop.
   *
   * @param title the phase or topic
   * @param text two or three plain sentences
   * @param prepare what to do before showing it (select an item, open a tab)
   * @param target the node to outline, if any
   */
  record Step(String title, String text, Runnable prepare, Supplier<Optional<Node>> target) {
    Step {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(prepare, "prepare");
      Objects.requireNonNull(target, "target");
    }
  }

  private final Label counter = new Label();
  private final Label title = new Label();
  private final Label text = new Label();
  private final Button back = new Button("Back");
  private final Button next = new Button("Next");
  private final Button exit = new Button("Exit tour");
  private final VBox card;
  private List<Step> steps = List.of();
  private int at = -1;
  private Node outlined;

  Tour() {
    setId("tour");
    setPickOnBounds(false);
    counter.getStyleClass().add("tour-step");
    title.getStyleClass().add("tour-title");
    title.setId("tour-title");
    text.setWrapText(true);
    text.setId("tour-text");
    back.setId("tour-back");
    next.setId("tour-next");
    exit.setId("tour-exit");
    next.setDefaultButton(true);
    back.setOnAction(e -> go(at - 1));
    next.setOnAction(e -> go(at + 1));
    exit.setOnAction(e -> stop());
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox buttons = new HBox(8, exit, gap, back, next);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    card = new VBox(8, counter, title, text, buttons);
    card.getStyleClass().add("tour-card");
    card.setMaxSize(380, Region.USE_PREF_SIZE);
    card.setPrefWidth(380);
    StackPane.setAlignment(card, Pos.BOTTOM_RIGHT);
    StackPane.setMargin(card, new Insets(0, 18, 18, 0));
    getChildren().add(card);
    setOnKeyPressed(
        e -> {
          if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
            stop();
          }
        });
    setVisible(false);
  }

  void start(List<Step> tourSteps) {
    steps = List.copyOf(tourSteps);
    if (steps.isEmpty()) {
      return;
    }
    setVisible(true);
    go(0);
    next.requestFocus();
  }

  void stop() {
    unoutline();
    at = -1;
    setVisible(false);
  }

  boolean running() {
    return at >= 0;
  }

  int step() {
    return at;
  }

  String currentTitle() {
    return title.getText();
  }

  Optional<Node> outlined() {
    return Optional.ofNullable(outlined);
  }

  private void go(int i) {
    if (i < 0) {
      return;
    }
    if (i >= steps.size()) {
      stop();
      return;
    }
    at = i;
    Step s = steps.get(i);
    s.prepare().run();
    unoutline();
    s.target().get().ifPresent(
        n -> {
          n.getStyleClass().add("tour-target");
          outlined = n;
        });
    counter.setText("Step " + (i + 1) + " of " + steps.size());
    title.setText(s.title());
    text.setText(s.text());
    back.setDisable(i == 0);
    next.setText(i == steps.size() - 1 ? "Finish" : "Next");
  }

  private void unoutline() {
    if (outlined != null) {
      outlined.getStyleClass().remove("tour-target");
      outlined = null;
    }
  }
}
