package dev.glassbox.service;

import dev.glassbox.history.History;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events of one build this process runs: numbers them, hands them to the history recorder and
 * the service-wide stream, and keeps the newest in memory for subscribers. Events that the history
 * has committed are dropped from memory (but a short tail), so a build printing millions of lines
 * costs bounded memory; a subscriber further behind reads them back from the history.
 */
final class BuildJournal {
  /** Committed events kept in memory anyway, so subscribers close behind never touch the database. */
  static final int TAIL = 8_192;

  final String buildId;
  private final History.Recorder recorder;
  private final Consumer<ServiceEvent> fanOut;
  private final java.util.function.BooleanSupplier anyoneListening;
  private final CopyOnWriteArrayList<BuildSubscription> subscribers = new CopyOnWriteArrayList<>();
  private final List<PhaseTiming> phases = new ArrayList<>();
  /** Events from {@code memoryStart} on; log lines are kept bare and wrapped when read. */
  private ArrayList<Object> memory = new ArrayList<>();
  private long memoryStart;
  private long next;
  private boolean finished;

  /**
   * @param fanOut the service-wide stream
   * @param anyoneListening whether the service-wide stream has listeners (a log line is wrapped
   *     for it only then)
   */
  BuildJournal(
      String buildId,
      History.Recorder recorder,
      Consumer<ServiceEvent> fanOut,
      java.util.function.BooleanSupplier anyoneListening) {
    this.buildId = buildId;
    this.recorder = recorder;
    this.fanOut = fanOut;
    this.anyoneListening = anyoneListening;
  }

  /** Event 0; the history wrote it with the build's row. */
  synchronized void queued(Instant at, Optional<String> rebuildOf) {
    publish(new ServiceEvent.Queued(buildId, next++, at, rebuildOf));
  }

  synchronized void started(Instant at) {
    long i = next++;
    recorder.started(i, at);
    publish(new ServiceEvent.Started(buildId, i, at));
  }

  synchronized void phaseStarted(Phase phase, Instant at) {
    long i = next++;
    recorder.phaseStarted(i, phase, at);
    publish(new ServiceEvent.PhaseStarted(buildId, i, phase, at));
  }

  synchronized void phaseFinished(PhaseTiming timing) {
    long i = next++;
    phases.add(timing);
    recorder.phaseFinished(i, timing);
    publish(new ServiceEvent.PhaseFinished(buildId, i, timing));
  }

  synchronized void log(LogLine line) {
    long i = next++;
    recorder.log(i, line);
    memory.add(line);
    trim();
    if (anyoneListening.getAsBoolean()) {
      fanOut.accept(new ServiceEvent.Log(buildId, i, line));
    }
    signalSubscribers();
  }

  /** The request file was read; the future says the resolved request is durable. */
  java.util.concurrent.CompletableFuture<Void> resolved(String requestJson, String command) {
    return recorder.resolved(requestJson, command);
  }

  /** The index of the final event; it is published once the history committed the outcome. */
  synchronized long reserveFinish() {
    return next++;
  }

  synchronized void finished(ServiceEvent.Finished event) {
    finished = true;
    publish(event);
  }

  synchronized List<PhaseTiming> phases() {
    return List.copyOf(phases);
  }

  /** The index the next published event will have (the finish reservation counts). */
  synchronized long published() {
    return memoryStart + memory.size();
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /**
   * Up to {@code max} events from {@code from} on, or null when they are no longer in memory (read
   * them from the history; everything dropped from memory is committed there).
   */
  synchronized List<ServiceEvent> read(long from, int max) {
    if (from < memoryStart) {
      return null;
    }
    int start = (int) (from - memoryStart);
    if (start >= memory.size()) {
      return List.of();
    }
    int end = Math.min(memory.size(), start + max);
    List<ServiceEvent> out = new ArrayList<>(end - start);
    for (int i = start; i < end; i++) {
      Object o = memory.get(i);
      out.add(o instanceof LogLine l ? new ServiceEvent.Log(buildId, memoryStart + i, l) : (ServiceEvent) o);
    }
    return out;
  }

  void subscribe(BuildSubscription s) {
    subscribers.add(s);
  }

  void unsubscribe(BuildSubscription s) {
    subscribers.remove(s);
  }

  private void publish(ServiceEvent e) {
    memory.add(e);
    trim();
    fanOut.accept(e);
    signalSubscribers();
  }

  private void signalSubscribers() {
    for (BuildSubscription s : subscribers) {
      s.signal();
    }
  }

  /** Drops committed events but the tail; amortised, so each event is copied a bounded number of times. */
  private void trim() {
    long droppable = Math.min(recorder.committedIndex(), memoryStart + memory.size()) - TAIL - memoryStart;
    if (droppable >= TAIL) {
      int n = (int) droppable;
      ArrayList<Object> kept = new ArrayList<>(Math.max(2 * TAIL, memory.size() - n + TAIL));
      kept.addAll(memory.subList(n, memory.size()));
      memory = kept;
      memoryStart += n;
    }
  }
}
