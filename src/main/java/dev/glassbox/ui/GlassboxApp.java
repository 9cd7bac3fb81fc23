package dev.glassbox.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The desktop window (a first window; the full app lands with the GUI issue). */
public final class GlassboxApp extends Application {

  /** Entry used by the launcher; blocks until the window closes. */
  public static void start(String[] args) {
    Application.launch(GlassboxApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    Label title = new Label("Glassbox");
    title.setStyle("-fx-font-size: 22px; -fx-font-weight: bold;");
    Label body =
        new Label(
            "The desktop views are not built yet. Use the command line meanwhile:\n"
                + "  glassbox import DIR      glassbox ls DIGEST\n"
                + "  glassbox cat DIGEST      glassbox export DIGEST DEST\n"
                + "  glassbox verify");
    body.setStyle("-fx-font-family: monospace;");
    VBox root = new VBox(12, title, body);
    root.setPadding(new Insets(24));
    stage.setTitle("Glassbox");
    stage.setScene(new Scene(root, 640, 320));
    stage.show();
  }
}
