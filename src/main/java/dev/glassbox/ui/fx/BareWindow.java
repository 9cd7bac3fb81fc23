package dev.glassbox.ui.fx;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The reference for the app-start benchmark: the smallest JavaFX window, started the way Glassbox
 * is (a plain main class, JavaFX on the class path), so the benchmark can tell the toolkit's own
 * start-up from Glassbox's.
 */
public final class BareWindow {
  private BareWindow() {}

  public static void main(String[] args) {
    Application.launch(Window.class, args);
  }

  /** The window itself. */
  public static final class Window extends Application {
    @Override
    public void start(Stage stage) {
      stage.setTitle("Glassbox reference");
      stage.setScene(new Scene(new StackPane(new Label("reference window")), 1200, 760));
      stage.show();
    }
  }
}
