package dev.glassbox.ui.fx;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Runs a task on the FX thread at most once per pulse, however often and from however many threads
 * it is signalled. A build printing a million lines signals a million times; the view updates once
 * a frame, and not at all while nothing happens (no timer ticks when idle).
 */
public final class PulseCoalescer {
  private final Runnable task;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AnimationTimer timer =
      new AnimationTimer() {
        @Override
        public void handle(long now) {
          stop();
          // Cleared before the task runs, so a signal during the task schedules the next pulse.
          pending.set(false);
          task.run();
        }
      };

  public PulseCoalescer(Runnable task) {
    this.task = Objects.requireNonNull(task, "task");
  }

  /** Asks for the task to run at the next pulse; thread-safe, cheap, never blocks. */
  public void signal() {
    // Read before compareAndSet: under load almost every call finds it pending and returns.
    if (!pending.get() && pending.compareAndSet(false, true)) {
      Platform.runLater(timer::start);
    }
  }
}
