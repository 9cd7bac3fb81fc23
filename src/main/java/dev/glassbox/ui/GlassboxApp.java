package dev.glassbox.ui;

import dev.glassbox.ui.main.MainWindow;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.HostServices;
import javafx.stage.Stage;

/** The JavaFX application; started through {@link #launch(AppContext)} by the composition root. */
public final class GlassboxApp extends Application {
  private static volatile AppContext context;
  private static volatile HostServices hostServices;
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
    hostServices = getHostServices();
    window = new MainWindow(context, stage);
    window.show();
  }

  /**
   * Opens a host folder in the desktop's file manager (through JavaFX's host services, which hand
   * the folder's URI to the desktop).
   *
   * @throws UnsupportedOperationException when the app was not started as an application (tests)
   */
  public static void openFolder(Path dir) {
    HostServices h = hostServices;
    if (h == null) {
      throw new UnsupportedOperationException(
          "this window was not started as the desktop app, so it cannot reach a file manager");
    }
    h.showDocument(dir.toUri().toString());
  }

  @Override
  public void stop() {
    if (window != null) {
      window.close();
    }
  }
}
