package dev.glassbox.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener of the whole service: every event of every build as it happens, in batches. Its
 * buffer holds at most {@code capacity} log lines; lines that arrive while it is full are not
 * buffered but counted, per build, into one {@link ServiceEvent.LogsSkipped} that takes their
 * place in the stream. Other events (a dozen per build) are always delivered.
 */
final class LiveSubscription implements Subscription, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSubscription.class);

  /** A run of skipped lines of one build, still growing while it is open. */
  private static final class Skip {
    final String buildId;
    final long first;
    long last;

    Skip(String buildId, long first) {
      this.buildId = buildId;
      this.first = first;
      this.last = first;
    }
  }

  private final ServiceListener listener;
  private final Executor executor;
  private final int capacity;
  private final Runnable onClose;
  private final ArrayDeque<Object> buffer = new ArrayDeque<>();
  private final Map<String, Skip> openSkips = new HashMap<>();
  private int bufferedLines;
  private boolean scheduled;
  private volatile boolean closed;

  LiveSubscription(ServiceListener listener, Executor executor, int capacity, Runnable onClose) {
    this.listener = listener;
    this.executor = executor;
    this.capacity = capacity;
    this.onClose = onClose;
  }

  /** Called on engine threads: constant time, never blocks on the listener. */
  synchronized void offer(ServiceEvent e) {
    if (closed) {
      return;
    }
    if (e instanceof ServiceEvent.Log && bufferedLines >= capacity) {
      Skip open = openSkips.get(e.buildId());
      if (open != null && open.last + 1 == e.index()) {
        open.last = e.index();
      } else {
        Skip s = new Skip(e.buildId(), e.index());
        openSkips.put(e.buildId(), s);
        buffer.add(s);
      }
    } else {
      // Whatever follows a skipped run must come after it, so the run is closed.
      openSkips.remove(e.buildId());
      buffer.add(e);
      if (e instanceof ServiceEvent.Log) {
        bufferedLines++;
      }
    }
    if (!scheduled) {
      scheduled = true;
      executor.execute(this);
    }
  }

  @Override
  public void run() {
    while (true) {
      List<ServiceEvent> batch = new ArrayList<>();
      synchronized (this) {
        if (closed || buffer.isEmpty()) {
          scheduled = false;
          return;
        }
        while (!buffer.isEmpty() && batch.size() < BuildSubscription.MAX_BATCH) {
          Object o = buffer.poll();
          if (o instanceof Skip s) {
            openSkips.remove(s.buildId, s);
            batch.add(new ServiceEvent.LogsSkipped(s.buildId, s.first, s.last));
          } else {
            ServiceEvent e = (ServiceEvent) o;
            if (e instanceof ServiceEvent.Log) {
              bufferedLines--;
            }
            batch.add(e);
          }
        }
      }
      try {
        listener.onEvents(batch);
      } catch (RuntimeException ex) {
        LOG.warn("a service listener failed: {}", ex.toString());
      }
    }
  }

  /** Buffered items, skips included (for tests of the bound). */
  synchronized int buffered() {
    return buffer.size();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      buffer.clear();
      openSkips.clear();
    }
    onClose.run();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }
}
