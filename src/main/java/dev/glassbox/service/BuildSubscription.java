package dev.glassbox.service;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.history.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener following one build from an index on, losslessly. It pulls: the journal only
 * signals that there is more, and the subscription reads the next batch from memory, or from the
 * history when it fell behind what memory keeps (or when the build runs in another process, which
 * it then polls). So a slow listener costs no memory and never holds up the build.
 */
final class BuildSubscription implements Subscription, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(BuildSubscription.class);

  static final int MAX_BATCH = 4096;
  static final long POLL_MILLIS = 200;

  private final String buildId;
  private final BuildJournal journal;
  private final History history;
  private final ServiceListener listener;
  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private long cursor;
  private Optional<String> rebuildOf;

  BuildSubscription(
      String buildId,
      long from,
      BuildJournal journal,
      History history,
      ServiceListener listener,
      Executor executor,
      ScheduledExecutorService timer) {
    this.buildId = buildId;
    this.cursor = from;
    this.journal = journal;
    this.history = history;
    this.listener = listener;
    this.executor = executor;
    this.timer = timer;
  }

  void signal() {
    if (!closed && scheduled.compareAndSet(false, true)) {
      executor.execute(this);
    }
  }

  @Override
  public void run() {
    while (!closed) {
      List<ServiceEvent> batch;
      try {
        batch = read(cursor, MAX_BATCH);
      } catch (HistoryException e) {
        LOG.warn("cannot replay build {} from event {}: {}", buildId, cursor, e.getMessage());
        batch = List.of();
      }
      if (batch.isEmpty()) {
        scheduled.set(false);
        if (journal != null) {
          // An event published between our read and the flag reset would have found us scheduled.
          if (journal.published() > cursor && scheduled.compareAndSet(false, true)) {
            continue;
          }
        } else if (!closed) {
          recoverIfOwnerGone();
          timer.schedule(this::signal, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        return;
      }
      try {
        listener.onEvents(batch);
      } catch (RuntimeException e) {
        LOG.warn("a listener of build {} failed: {}", buildId, e.toString());
      }
      ServiceEvent last = batch.get(batch.size() - 1);
      cursor = last.index() + 1;
      if (last instanceof ServiceEvent.Finished) {
        close();
      }
    }
    scheduled.set(false);
  }

  private List<ServiceEvent> read(long from, int max) throws HistoryException {
    if (journal != null) {
      List<ServiceEvent> memory = journal.read(from, max);
      if (memory != null) {
        return memory;
      }
    }
    List<RecordedEvent> recorded = history.events(buildId, from, max);
    List<ServiceEvent> out = new ArrayList<>(recorded.size());
    for (RecordedEvent e : recorded) {
      out.add(toServiceEvent(e));
    }
    return out;
  }

  private ServiceEvent toServiceEvent(RecordedEvent e) throws HistoryException {
    if (e instanceof RecordedEvent.Log l) {
      return new ServiceEvent.Log(buildId, l.index(), l.line());
    }
    if (e instanceof RecordedEvent.PhaseStarted p) {
      return new ServiceEvent.PhaseStarted(buildId, p.index(), p.phase(), p.at());
    }
    if (e instanceof RecordedEvent.PhaseFinished p) {
      return new ServiceEvent.PhaseFinished(buildId, p.index(), p.timing());
    }
    if (e instanceof RecordedEvent.Started s) {
      return new ServiceEvent.Started(buildId, s.index(), s.at());
    }
    if (e instanceof RecordedEvent.Queued q) {
      if (rebuildOf == null) {
        rebuildOf = record().rebuildOf();
      }
      return new ServiceEvent.Queued(buildId, q.index(), q.at(), rebuildOf);
    }
    return new ServiceEvent.Finished(buildId, e.index(), record());
  }

  /** A build whose process died would never end: record it as interrupted so the stream ends. */
  private void recoverIfOwnerGone() {
    try {
      BuildRecord r = record();
      if (!r.status().isFinal() && !r.owner().isAlive()) {
        history.recoverInterrupted();
      }
    } catch (HistoryException e) {
      LOG.warn("cannot check on the process running build {}: {}", buildId, e.getMessage());
    }
  }

  private BuildRecord record() throws HistoryException {
    return history.find(buildId).orElseThrow(() -> new HistoryException("build " + buildId + " is not in the history"));
  }

  @Override
  public void close() {
    closed = true;
    if (journal != null) {
      journal.unsubscribe(this);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }
}
