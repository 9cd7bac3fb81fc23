package dev.glassbox.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javafx.application.Platform;

/** The ways code off the FX thread reaches it: the only callers of {@link Platform} in the UI. */
public final class FxThreads {
  private FxThreads() {}

  /** Runs tasks on the FX thread, later. */
  public static final Executor FX = Platform::runLater;

  /** Starts the JavaFX toolkit if it is not running yet (for tools without an Application). */
  public static void startToolkit() {
    CompletableFuture<Void> started = new CompletableFuture<>();
    try {
      Platform.startup(() -> started.complete(null));
    } catch (IllegalStateException alreadyRunning) {
      return;
    }
    started.join();
    Platform.setImplicitExit(false);
  }

  /** Runs {@code task} on the FX thread and waits for its result. */
  public static <T> T call(Callable<T> task) throws InterruptedException, ExecutionException {
    if (Platform.isFxApplicationThread()) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new ExecutionException(e);
      }
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            result.complete(task.call());
          } catch (Exception | Error e) { // a thread root: hand every failure to the waiter
            result.completeExceptionally(e);
          }
        });
    return result.get();
  }
}
