package dev.glassbox.ui;

import dev.glassbox.ui.main.MainWindow;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application; started through {@link #launch(AppContext)} by the composition root. */
public final class GlassboxApp extends Application {
  private static volatile AppContext context;
  private MainWindow window;

  /** Opens the main window and blocks until it closes. */
  public static void launch(AppContext ctx) {
    context = ctx;
    Application.launch(GlassboxApp.class);
  }

  /** For tests that start the toolkit themselves. */
  public static void setContext(AppContext ctx) {
    context = ctx;
  }

  @Override
  public void start(Stage stage) {
    window = new MainWindow(context, stage);
    window.show();
  }

  @Override
  public void stop() {
    if (window != null) {
      window.close();
    }
  }
}
