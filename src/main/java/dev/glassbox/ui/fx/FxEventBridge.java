package dev.glassbox.ui.fx;

import dev.glassbox.service.ServiceEvent;
import dev.glassbox.service.ServiceListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;

/**
 * Receives service events on engine threads and hands them to the UI once per animation pulse, as
 * one batch, so a build that prints a million lines cannot flood the FX thread with runLater calls.
 */
public final class FxEventBridge implements ServiceListener {
  private final ConcurrentLinkedQueue<ServiceEvent> pending = new ConcurrentLinkedQueue<>();
  private final Consumer<List<ServiceEvent>> onFxThread;
  private final java.util.function.Predicate<ServiceEvent> wanted;
  private final AnimationTimer timer;
  /** Caps the work done in one pulse; the rest waits for the next, keeping frames short. */
  private static final int MAX_PER_PULSE = 50_000;

  /** {@code wanted} is applied on the engine thread, so unwanted events never queue up. */
  public FxEventBridge(java.util.function.Predicate<ServiceEvent> wanted, Consumer<List<ServiceEvent>> onFxThread) {
    this.wanted = wanted;
    this.onFxThread = onFxThread;
    this.timer =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            drain();
          }
        };
  }

  /** Starts delivering; call on the FX thread. */
  public void start() {
    timer.start();
  }

  public void stop() {
    timer.stop();
  }

  @Override
  public void onEvents(List<ServiceEvent> batch) {
    for (ServiceEvent e : batch) {
      if (wanted.test(e)) {
        pending.add(e);
      }
    }
  }

  private void drain() {
    if (pending.isEmpty()) {
      return;
    }
    List<ServiceEvent> out = new ArrayList<>();
    ServiceEvent e;
    while (out.size() < MAX_PER_PULSE && (e = pending.poll()) != null) {
      out.add(e);
    }
    onFxThread.accept(out);
  }
}
