package dev.glassbox.ui;

import dev.glassbox.ui.main.MainWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.HostServices;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application; started through {@link #launch(AppContext)} by the composition root. */
public final class GlassboxApp extends Application {
  private static volatile Supplier<AppContext> context;
  private static final Object HAND_OVER_LOCK = new Object();
  // Requests handed over by later launches before this window existed; replayed once it shows.
  private static final List<Optional<Path>> pending = new ArrayList<>();
  private static MainWindow shown;
  private static volatile HostServices hostServices;
  private MainWindow window;

  /** Opens the main window and blocks until it closes. */
  public static void launch(AppContext ctx) {
    launch(() -> ctx);
  }

  /**
   * Opens the main window with a context that may still be in the making: the toolkit starts while
   * {@code ctx} is computed (the engine opens on another thread), and the window is built once both
   * are ready. Blocks until the window closes.
   */
  public static void launch(Supplier<AppContext> ctx) {
    context = ctx;
    Application.launch(GlassboxApp.class);
  }

  /** For tests that start the toolkit themselves. */
  public static void setContext(AppContext ctx) {
    context = () -> ctx;
  }

  /** A later launch's request (a file to open, or empty to come to the front); from any thread. */
  public static void handOver(Optional<Path> file) {
    MainWindow w;
    synchronized (HAND_OVER_LOCK) {
      if (shown == null) {
        pending.add(file);
        return;
      }
      w = shown;
    }
    Platform.runLater(() -> w.openHandedOver(file));
  }

  @Override
  public void start(Stage stage) {
    hostServices = getHostServices();
    window = new MainWindow(context.get(), stage);
    window.show();
    List<Optional<Path>> replay;
    synchronized (HAND_OVER_LOCK) {
      shown = window;
      replay = List.copyOf(pending);
      pending.clear();
    }
    replay.forEach(window::openHandedOver);
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
    synchronized (HAND_OVER_LOCK) {
      shown = null;
    }
    if (window != null) {
      window.close();
    }
  }
}
