package dev.glassbox.ui.diff;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Background work of one Compare window, cancellable: a newer request of the same slot (the tree,
 * the selected file's diff) interrupts the older one, and a result that arrives after it was
 * cancelled is dropped, so the FX thread never shows a stale model.
 */
final class DiffWork implements AutoCloseable {
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "glassbox-compare");
            t.setDaemon(true);
            return t;
          });

  /** One line of work whose newest request wins. */
  final class Slot {
    private Future<?> current;

    /** Runs {@code work} off the FX thread, cancelling what this slot ran before. */
    <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
      cancel();
      Future<?>[] self = new Future<?>[1];
      Runnable task =
          () -> {
            try {
              T v = work.call();
              Platform.runLater(
                  () -> {
                    if (!self[0].isCancelled()) {
                      onDone.accept(v);
                    }
                  });
            } catch (InterruptedException e) {
              // cancelled: a newer request or the window closing wants nothing from us
            } catch (Exception e) {
              Platform.runLater(
                  () -> {
                    if (!self[0].isCancelled()) {
                      onError.accept(e);
                    }
                  });
            }
          };
      synchronized (this) {
        self[0] = pool.submit(task);
        current = self[0];
      }
    }

    synchronized void cancel() {
      if (current != null) {
        current.cancel(true);
        current = null;
      }
    }

    synchronized boolean busy() {
      return current != null && !current.isDone();
    }
  }

  Slot slot() {
    return new Slot();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
