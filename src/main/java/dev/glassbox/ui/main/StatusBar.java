package dev.glassbox.ui.main;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line: store and its size, running/queued counts, sandbox mode, runc/FUSE health. */
public final class StatusBar extends HBox {
  private final Label store = new Label();
  private final Label counts = new Label("idle");
  private final Label mode = new Label();
  private final Label health = new Label();
  private final Label notice = new Label();

  public StatusBar() {
    getStyleClass().add("status-bar");
    setAlignment(Pos.CENTER_LEFT);
    setSpacing(10);
    setPadding(new Insets(3, 8, 3, 8));
    store.setId("status-store");
    counts.setId("status-counts");
    mode.setId("status-mode");
    health.setId("status-health");
    notice.setId("status-notice");
    notice.getStyleClass().add("status-notice");
    notice.setVisible(false);
    notice.setManaged(false);
    notice.setTooltip(new Tooltip("Click to dismiss"));
    notice.setOnMouseClicked(e -> notice(""));
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    getChildren().addAll(store, new Separator(javafx.geometry.Orientation.VERTICAL), counts, notice, spring, mode,
        new Separator(javafx.geometry.Orientation.VERTICAL), health);
  }

  public void store(String path, String size) {
    store.setText("Store " + path + (size.isEmpty() ? "" : "  (" + size + ")"));
  }

  public void counts(int running, int queued) {
    counts.setText(running == 0 && queued == 0 ? "idle" : running + " running, " + queued + " queued");
  }

  public void mode(String label, String explanation) {
    mode.setText("Sandbox: " + label);
    mode.setTooltip(new Tooltip(explanation));
  }

  /** Empty {@code problem} means runc and FUSE are ready. */
  public void health(String problem) {
    health.getStyleClass().removeAll("health-ok", "health-bad");
    if (problem.isEmpty()) {
      health.setText("\u2714 runc and FUSE ready");
      health.getStyleClass().add("health-ok");
      health.setTooltip(null);
    } else {
      health.setText("\u26A0 builds unavailable");
      health.getStyleClass().add("health-bad");
      health.setTooltip(new Tooltip(problem));
    }
  }

  /**
   * A message that stays until clicked: what a desktop notification would have said, when the
   * desktop has no notification service. Empty hides it.
   */
  public void notice(String text) {
    notice.setText(text.isEmpty() ? "" : "\uD83D\uDD14 " + text);
    notice.setVisible(!text.isEmpty());
    notice.setManaged(!text.isEmpty());
  }

  public String noticeText() {
    return notice.getText();
  }

  public String healthText() {
    return health.getText();
  }
}
