package dev.glassbox.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's only door between threads: work that may block (database, store, service calls) runs on
 * one background thread, and its result comes back on the FX thread.
 */
public final class Fx {
  private static final Logger LOG = LoggerFactory.getLogger(Fx.class);
  private static final ExecutorService BACKGROUND =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "glassbox-ui-background");
            t.setDaemon(true);
            return t;
          });

  private Fx() {}

  /** Runs {@code r} on the FX thread soon (now if already there). */
  public static void later(Runnable r) {
    if (Platform.isFxApplicationThread()) {
      r.run();
    } else {
      Platform.runLater(r);
    }
  }

  /** The executor for blocking work started from the UI. */
  public static java.util.concurrent.Executor background() {
    return BACKGROUND;
  }

  /** Runs {@code work} off the FX thread, then {@code onDone} or {@code onError} on it. */
  public static <T> void background(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
    BACKGROUND.execute(
        () -> {
          try {
            T v = work.call();
            Platform.runLater(() -> onDone.accept(v));
          } catch (Exception e) {
            LOG.debug("background work failed", e);
            Platform.runLater(() -> onError.accept(e));
          }
        });
  }
}
