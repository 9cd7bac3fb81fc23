package dev.glassbox.service;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.history.NewBuild;
import dev.glassbox.history.PausedBuild;
import dev.glassbox.history.ProcessOwner;
import dev.glassbox.history.SandboxConfig;
import dev.glassbox.history.StoreLock;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildEvent;
import dev.glassbox.sandbox.BuildListener;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.BuildResult;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.SandboxException;
import dev.glassbox.sandbox.shell.ShellSession;
import dev.glassbox.sandbox.shell.Toolbox;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs builds in the background: a FIFO queue, at most {@link #maxConcurrent()} at once, every
 * build recorded in the history as it goes, events for one build or all of them, cancellation in
 * every state (also from other processes, through the history), rebuilds, and recovery of builds
 * a killed process left behind. Thread-safe.
 */
public final class BuildService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

  /** How long a finished build waits for the history to commit its outcome before going on. */
  private static final Duration RECORD_PATIENCE = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final BuildEngine engine;
  private final Castore store;
  private final ExecutorService ioPool;
  private final History history;
  private final StoreLock storeLock;
  private final ServiceSettings settings;
  private final BuildListener tap;
  private final ExecutorService workers;
  private final ExecutorService events;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<LiveSubscription> live = new CopyOnWriteArrayList<>();
  private volatile int maxConcurrent;
  private int running;
  private boolean closed;

  /**
   * @param ioPool threads for importing host-path inputs (the caller owns it)
   * @param storeLock the store's collection lock, held while builds write to the store
   */
  public BuildService(
      BuildEngine engine, Castore store, ExecutorService ioPool, History history, StoreLock storeLock, ServiceSettings settings) {
    this(engine, store, ioPool, history, storeLock, settings, BuildListener.NONE);
  }

  /** With {@code tap} seeing every engine event synchronously on the engine's thread (tests). */
  BuildService(
      BuildEngine engine,
      Castore store,
      ExecutorService ioPool,
      History history,
      StoreLock storeLock,
      ServiceSettings settings,
      BuildListener tap) {
    this.engine = engine;
    this.store = store;
    this.ioPool = ioPool;
    this.history = history;
    this.storeLock = storeLock;
    this.settings = settings;
    this.tap = tap;
    this.maxConcurrent = settings.maxConcurrent();
    this.workers = Executors.newCachedThreadPool(daemon("glassbox-build-"));
    this.events = Executors.newCachedThreadPool(daemon("glassbox-events-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("glassbox-service-timer-"));
  }

  /**
   * Recovers from processes that died mid-build (their builds become interrupted; their mounts,
   * containers and unkept bundles are removed), then starts watching for cancel requests from other
   * processes.
   *
   * @return what recovery did, one line each, for the log
   */
  public List<String> start() throws ServiceException {
    List<String> done = new ArrayList<>();
    try {
      for (String id : history.recoverInterrupted()) {
        done.add("build " + id + " was interrupted by the end of its process");
      }
    } catch (HistoryException e) {
      throw new ServiceException(e.getMessage(), e);
    }
    done.addAll(engine.cleanupAbandoned());
    long every = settings.cancelPollInterval().toMillis();
    timer.scheduleWithFixedDelay(this::pollCancelRequests, every, every, TimeUnit.MILLISECONDS);
    return done;
  }

  /** The store builds read their inputs from and write their outputs to. */
  public Castore store() {
    return store;
  }

  /** The history this service records into. */
  public History history() {
    return history;
  }

  /** How sandboxes map users on this host. */
  public RuntimeMode runtimeMode() {
    return engine.settings().mode();
  }

  // ---------------------------------------------------------------- submitting

  /** Queues a resolved request (inputs by digest). */
  public BuildHandle submit(BuildRequest request, BuildOptions options) throws ServiceException {
    return enqueue(new Job(newId(), request, null, options, Optional.empty()));
  }

  /**
   * Queues a request file; reading it and importing its host-path inputs is the build's first
   * phase ({@link Phase#IMPORT_INPUTS}), so an invalid file ends as a setup failure at step
   * validation, with every violation in its message.
   */
  public BuildHandle submit(Path requestFile, BuildOptions options) throws ServiceException {
    return enqueue(new Job(newId(), null, requestFile.toAbsolutePath().normalize(), options, Optional.empty()));
  }

  /** Queues the exact request of a recorded build again, linked to it, with its keep policy and time limit. */
  public BuildHandle rebuild(String idOrPrefix) throws ServiceException {
    BuildRecord original = resolve(idOrPrefix);
    return rebuild(original, new BuildOptions(original.keep(), original.timeout()));
  }

  /** Queues the exact request of a recorded build again, linked to it, with other options. */
  public BuildHandle rebuild(String idOrPrefix, BuildOptions options) throws ServiceException {
    return rebuild(resolve(idOrPrefix), options);
  }

  private BuildHandle rebuild(BuildRecord original, BuildOptions options) throws ServiceException {
    if (original.requestJson().isEmpty()) {
      throw new ServiceException(
          "build " + original.id() + " never got a valid request (it failed reading "
              + original.requestFile().map(Path::toString).orElse("its request file")
              + "), so there is nothing to rebuild; fix the file and run 'glassbox build' on it");
    }
    BuildRequest request;
    try {
      request =
          new RequestReader(RequestValidator.forThisHost(store)).parse(original.requestJson().get(), null, null);
    } catch (InvalidBuildRequestException e) {
      throw new ServiceException(
          "the request of build " + original.id() + " cannot run again here: "
              + e.violations().stream().map(Object::toString).collect(Collectors.joining("; "))
              + " (were its inputs garbage-collected, or is this another host?)",
          e);
    }
    return enqueue(new Job(newId(), request, null, options, Optional.of(original.id())));
  }

  private BuildHandle enqueue(Job job) throws ServiceException {
    synchronized (lock) {
      if (closed) {
        throw new ServiceException("the build service is shut down; start Glassbox again to build");
      }
    }
    Instant now = now();
    NewBuild row =
        new NewBuild(
            job.id,
            now,
            job.requestJson(),
            Optional.ofNullable(job.file),
            job.command(),
            job.rebuildOf,
            job.options.keep(),
            job.options.timeout(),
            history.owner());
    try {
      // The row must be durable before the build can run: it is what makes its inputs gc roots
      // and what a crash recovery finds.
      history.insert(row).get(RECORD_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ServiceException("cannot record the new build in " + history.file() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException("interrupted while recording a new build", e);
    }
    job.submittedAt = now;
    job.journal = new BuildJournal(job.id, history.recorder(job.id), this::fanOut, () -> !live.isEmpty());
    jobs.put(job.id, job);
    synchronized (lock) {
      job.journal.queued(now, job.rebuildOf);
      queue.add(job);
    }
    dispatch();
    return job;
  }

  // ---------------------------------------------------------------- concurrency

  /** How many builds may run at once. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /**
   * Changes how many builds may run at once, effective immediately: more start right away when it
   * grows; when it shrinks, running builds finish and no new one starts until fewer run.
   */
  public void setMaxConcurrent(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one build must be able to run, got " + n);
    }
    maxConcurrent = n;
    dispatch();
  }

  /** Builds running now. */
  public int running() {
    synchronized (lock) {
      return running;
    }
  }

  /** Ids of the builds waiting, first to start first. */
  public List<String> queued() {
    synchronized (lock) {
      return queue.stream().map(j -> j.id).toList();
    }
  }

  /** The handle of a build this service has not finished yet. */
  public Optional<BuildHandle> handle(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /**
   * Where the inputs of a build running in this process are mounted right now (read-only FUSE,
   * the tree the build sees at its inputs dir); empty when it is not running here or the mount is
   * not up (yet or any more).
   */
  public Optional<Path> mountedInputs(String id) {
    Job job = jobs.get(id);
    BuildEngine.Execution ex = job == null ? null : job.execution;
    return ex == null ? Optional.empty() : ex.mountedInputs();
  }

  private void dispatch() {
    synchronized (lock) {
      while (!closed && running < maxConcurrent && !queue.isEmpty()) {
        Job job = queue.poll();
        job.state = BuildStatus.RUNNING;
        // Stamped here, in queue order, not on the worker thread, which may start later.
        job.startedAt = now();
        running++;
        workers.execute(() -> runJob(job));
      }
    }
  }

  // ---------------------------------------------------------------- cancelling

  /** What {@link #cancel(String)} did. */
  public enum CancelResult {
    /** The build was waiting; it left the queue and is recorded as cancelled. */
    REMOVED_FROM_QUEUE,
    /** The build was running here; it is being stopped and cleaned up. */
    CANCELLING,
    /** Another process runs the build; it was asked through the history and stops within a second. */
    REQUESTED,
    /** The build had already ended. */
    ALREADY_FINISHED
  }

  /**
   * Deletes the kept sandbox of a finished build and records that it is gone.
   *
   * @return where the sandbox was
   */
  public Path deleteKeptSandbox(String idOrPrefix) throws ServiceException {
    BuildRecord r = resolve(idOrPrefix);
    Path p =
        r.liveSandbox()
            .orElseThrow(
                () ->
                    new ServiceException(
                        "build " + r.id() + " has no kept sandbox" + (r.sandboxDeletedAt().isPresent() ? " (it was deleted)" : "")));
    try {
      dev.glassbox.sandbox.KeptSandboxes.delete(p);
      history.markSandboxDeleted(r.id(), java.time.Instant.now());
    } catch (dev.glassbox.sandbox.SandboxException | dev.glassbox.history.HistoryException e) {
      throw new ServiceException(e.getMessage(), e);
    }
    return p;
  }

  /** Cancels a build by id or unique prefix, whichever process runs it. */
  public CancelResult cancel(String idOrPrefix) throws ServiceException {
    Job job = jobs.get(idOrPrefix);
    BuildRecord record = null;
    if (job == null) {
      record = resolve(idOrPrefix);
      job = jobs.get(record.id());
    }
    if (job != null) {
      BuildStatus before = job.state;
      if (!job.cancel()) {
        return CancelResult.ALREADY_FINISHED;
      }
      return before == BuildStatus.QUEUED ? CancelResult.REMOVED_FROM_QUEUE : CancelResult.CANCELLING;
    }
    if (record.status().isFinal()) {
      return CancelResult.ALREADY_FINISHED;
    }
    try {
      if (!record.owner().isAlive()) {
        history.recoverInterrupted();
        return CancelResult.ALREADY_FINISHED;
      }
      return history.requestCancel(record.id()) ? CancelResult.REQUESTED : CancelResult.ALREADY_FINISHED;
    } catch (HistoryException e) {
      throw new ServiceException(e.getMessage(), e);
    }
  }

  private void pollCancelRequests() {
    if (jobs.isEmpty()) {
      return;
    }
    try {
      for (String id : history.cancelRequests(history.owner())) {
        Job job = jobs.get(id);
        if (job != null && !job.cancelRequested) {
          LOG.info("build {} is cancelled at the request of another process", id);
          job.cancel();
        }
      }
    } catch (HistoryException | RuntimeException e) {
      LOG.warn("cannot look for cancel requests: {}", e.getMessage());
    }
    try {
      for (PausedBuild p : history.pauseRequests(history.owner())) {
        Job job = jobs.get(p.buildId());
        BuildEngine.Execution ex = job == null ? null : job.execution;
        if (ex != null && p.request().isPresent()) {
          LOG.info(
              "build {}: {} at the request of another process",
              p.buildId(),
              p.request().get().label());
          if (p.request().get() == PausedBuild.Request.RESUME) {
            ex.resume();
          } else {
            ex.stopPaused();
          }
        }
      }
    } catch (HistoryException | RuntimeException e) {
      LOG.warn("cannot look for resume and stop requests: {}", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- debugging paused builds

  /** Records the pause before anyone hears of it, so whoever sees the phase finds the record. */
  private void recordPause(Job job, Instant at) {
    BuildEngine.Execution ex = job.execution;
    if (ex == null || ex.pausedAfter().isEmpty()) {
      return;
    }
    var f = ex.pausedAfter().get();
    try {
      history.markPaused(
          new PausedBuild(
              job.id, at.truncatedTo(ChronoUnit.MILLIS), f.attempt(), f.status(), ex.bundle(),
              ex.containerId(), Optional.empty()));
    } catch (HistoryException e) {
      LOG.warn("cannot record that build {} paused: {}", job.id, e.getMessage());
    }
  }

  /** What {@link #resume} and {@link #stopPaused} did. */
  public enum PauseActionResult {
    /** The build runs here; it is being resumed or stopped now. */
    DONE,
    /** Another process runs the build; asked through the history, it acts within a second. */
    REQUESTED
  }

  /**
   * Runs a paused build's command again in its container as it is now; if it succeeds the build
   * goes on to ingest its outputs, if it fails it pauses again.
   *
   * @throws ServiceException if the build is not paused
   */
  public PauseActionResult resume(String idOrPrefix) throws ServiceException {
    return pauseAction(idOrPrefix, PausedBuild.Request.RESUME);
  }

  /**
   * Ends a paused build: its container is killed and everything cleaned up (the sandbox is kept
   * if its keep policy says so); it ends failed with the status of the failed run.
   *
   * @throws ServiceException if the build is not paused
   */
  public PauseActionResult stopPaused(String idOrPrefix) throws ServiceException {
    return pauseAction(idOrPrefix, PausedBuild.Request.STOP);
  }

  private PauseActionResult pauseAction(String idOrPrefix, PausedBuild.Request what)
      throws ServiceException {
    Job job = jobs.get(idOrPrefix);
    String id = job != null ? job.id : resolve(idOrPrefix).id();
    job = jobs.get(id);
    if (job != null) {
      BuildEngine.Execution ex = job.execution;
      boolean done =
          ex != null && (what == PausedBuild.Request.RESUME ? ex.resume() : ex.stopPaused());
      if (!done) {
        throw notPaused(id);
      }
      return PauseActionResult.DONE;
    }
    try {
      if (!history.requestPaused(id, what)) {
        throw notPaused(id);
      }
    } catch (HistoryException e) {
      throw new ServiceException(e.getMessage(), e);
    }
    return PauseActionResult.REQUESTED;
  }

  private static ServiceException notPaused(String id) {
    return new ServiceException(
        "build " + id + " is not paused after a failure; only builds run with pause-on-failure"
            + " pause, when their command fails ('glassbox show " + id + "' tells where it is)");
  }

  /** The pause of a build, by whichever process runs it, if it is paused now. */
  public Optional<PausedBuild> paused(String idOrPrefix) throws ServiceException {
    try {
      return history.paused(resolve(idOrPrefix).id());
    } catch (HistoryException e) {
      throw new ServiceException(e.getMessage(), e);
    }
  }

  /**
   * Runs the build's command once more inside its sandbox, exactly as the build ran it (its
   * environment, working directory and user), without resuming the build: to watch it fail again,
   * or check a fix before {@link #resume}. Run the session's argv, then close it.
   */
  public ShellSession openRerun(String idOrPrefix, boolean terminal) throws ServiceException {
    return openShell(idOrPrefix, List.of(Toolbox.RERUN), terminal);
  }

  /**
   * Opens a shell (or one command) inside a build's sandbox: {@code runc exec} into its container
   * when it is paused (whichever process runs it), or a new container on its kept sandbox with the
   * inputs mounted again. Run the session's argv, then close it.
   *
   * @param command what to run; empty for an interactive shell
   * @param terminal whether the argv will run attached to a terminal
   */
  public ShellSession openShell(String idOrPrefix, List<String> command, boolean terminal)
      throws ServiceException {
    BuildRecord r = resolve(idOrPrefix);
    try {
      if (history.paused(r.id()).isPresent()) {
        return engine.shells().openPaused(r.id(), command, terminal);
      }
      Optional<Path> kept = r.liveSandbox();
      if (kept.isEmpty()) {
        throw new ServiceException(
            "build " + r.id() + " is neither paused nor has a kept sandbox, so there is nothing to"
                + " open a shell in; run it again with --pause-on-failure or --keep");
      }
      if (r.requestJson().isEmpty()) {
        throw new ServiceException(
            "build " + r.id() + " has no recorded request to mount inputs from");
      }
      BuildRequest request;
      try {
        request =
            new RequestReader(RequestValidator.forThisHost(store))
                .parse(r.requestJson().get(), null, null);
      } catch (InvalidBuildRequestException e) {
        throw new ServiceException(
            "the inputs of build " + r.id() + " cannot be mounted again: "
                + e.violations().stream().map(Object::toString).collect(Collectors.joining("; "))
                + " (were they garbage-collected?)",
            e);
      }
      return engine.shells().openKept(r.id(), kept.get(), request.inputs(), command, terminal);
    } catch (HistoryException | SandboxException e) {
      throw new ServiceException(e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- events

  /**
   * Follows one build from event {@code fromIndex} on (0 replays it from the start), losslessly,
   * in batches: from memory while this process runs it, from the history afterwards or when
   * another process runs it. The subscription closes itself after the build's last event.
   */
  public Subscription subscribe(String idOrPrefix, long fromIndex, ServiceListener listener) throws ServiceException {
    if (fromIndex < 0) {
      throw new IllegalArgumentException("event indices start at 0, got " + fromIndex);
    }
    Job job = jobs.get(idOrPrefix);
    String id = job != null ? job.id : resolve(idOrPrefix).id();
    job = jobs.get(id);
    BuildSubscription s =
        new BuildSubscription(id, fromIndex, job == null ? null : job.journal, history, listener, events, timer);
    if (job != null) {
      job.journal.subscribe(s);
    }
    s.signal();
    return s;
  }

  /**
   * Follows every build of this service from now on. A listener that falls more than {@link
   * ServiceSettings#liveBufferEvents()} log lines behind gets {@link ServiceEvent.LogsSkipped}
   * in their place; every other event is always delivered.
   */
  public Subscription subscribeAll(ServiceListener listener) {
    LiveSubscription[] self = new LiveSubscription[1];
    self[0] = new LiveSubscription(listener, events, settings.liveBufferEvents(), () -> live.remove(self[0]));
    live.add(self[0]);
    return self[0];
  }

  private void fanOut(ServiceEvent e) {
    for (LiveSubscription s : live) {
      s.offer(e);
    }
  }

  // ---------------------------------------------------------------- running

  private void runJob(Job job) {
    try {
      BuildResult result = execute(job);
      boolean interrupted = result.inputAccess().map(a -> recordInputAccess(job, a)).orElse(false);
      finish(job, result.outcome(), result.keptBundle(), Optional.of(result.mode()));
      if (interrupted) {
        Thread.currentThread().interrupt(); // only now: the outcome had to be recorded first
      }
    } catch (RuntimeException | Error e) {
      // A bug must still end the build in the history, or it would look running forever.
      LOG.error("build {} failed unexpectedly", job.id, e);
      finish(
          job,
          new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.BUNDLE, "internal error in the build service: " + e),
          Optional.empty(),
          Optional.of(engine.settings().mode()));
    } finally {
      synchronized (lock) {
        running--;
      }
      dispatch();
    }
  }

  private BuildResult execute(Job job) {
    job.journal.started(job.startedAt);
    BuildRequest request = job.request;
    if (request == null) {
      BuildOutcome failed;
      try {
        request = importInputs(job);
        failed = job.cancelRequested ? new BuildOutcome.Cancelled(Phase.IMPORT_INPUTS) : null;
      } catch (SetupProblem p) {
        failed = p.outcome;
      }
      if (failed != null) {
        return new BuildResult(job.id, failed, job.journal.phases(), Optional.empty(), engine.settings().mode());
      }
    }
    BuildEngine.Execution execution = engine.prepare(job.id, request, job.options, e -> onEngineEvent(job, e));
    job.execution = execution;
    if (job.cancelRequested) {
      execution.cancel();
    }
    return execution.run();
  }

  /** Reads the request file and imports its host paths, as the build's first phase. */
  @SuppressWarnings("try") // the lock is held for its scope, never used by name
  private BuildRequest importInputs(Job job) throws SetupProblem {
    Instant start = now();
    job.journal.phaseStarted(Phase.IMPORT_INPUTS, start);
    try (StoreLock.Held writing = storeLock.shared()) {
      Ingester ingester = new Ingester(store, ioPool);
      BuildRequest request = new RequestReader(RequestValidator.forThisHost(store)).read(job.file, ingester::ingest);
      job.request = request;
      // Recorded before the lock is let go: from then on the imported inputs are gc roots.
      job.journal.resolved(RequestWriter.toTree(request).toString(), summary(request))
          .get(RECORD_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      return request;
    } catch (InvalidBuildRequestException e) {
      throw new SetupProblem(
          new BuildOutcome.SetupFailed(
              BuildOutcome.SetupStep.VALIDATION,
              e.violations().stream().map(Object::toString).collect(Collectors.joining("\n"))));
    } catch (NoSuchFileException e) {
      throw new SetupProblem(
          new BuildOutcome.SetupFailed(
              BuildOutcome.SetupStep.VALIDATION, "the request file " + job.file + " does not exist; check the path"));
    } catch (IOException e) {
      throw new SetupProblem(
          new BuildOutcome.SetupFailed(
              BuildOutcome.SetupStep.VALIDATION, "cannot read the request file " + job.file + ": " + e.getMessage()));
    } catch (HistoryException | ExecutionException | TimeoutException e) {
      throw new SetupProblem(
          new BuildOutcome.SetupFailed(
              BuildOutcome.SetupStep.STORE,
              "cannot record the imported request in " + history.file() + ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupProblem(new BuildOutcome.Cancelled(Phase.IMPORT_INPUTS));
    } finally {
      job.journal.phaseFinished(
          new PhaseTiming(Phase.IMPORT_INPUTS, start, Math.max(0, Duration.between(start, now()).toMillis())));
    }
  }

  private void onEngineEvent(Job job, BuildEvent e) {
    if (e instanceof BuildEvent.Log log) {
      job.journal.log(log.line());
    } else if (e instanceof BuildEvent.PhaseStarted p) {
      if (p.phase() == Phase.PAUSED) {
        recordPause(job, p.at());
      }
      if (p.phase() == Phase.INGEST_OUTPUTS) {
        // Outputs are written to the store now and recorded only at the end: keep gc away until then.
        try {
          job.writing = storeLock.shared();
        } catch (HistoryException ex) {
          LOG.warn("build {} ingests without the store lock: {}", job.id, ex.getMessage());
        }
      }
      job.journal.phaseStarted(p.phase(), p.at().truncatedTo(ChronoUnit.MILLIS));
    } else if (e instanceof BuildEvent.PhaseFinished f) {
      PhaseTiming t = f.timing();
      job.journal.phaseFinished(new PhaseTiming(t.phase(), t.start().truncatedTo(ChronoUnit.MILLIS), t.durationMillis()));
      if (t.phase() == Phase.PAUSED) {
        try {
          history.clearPaused(job.id);
        } catch (HistoryException ex) {
          LOG.warn("cannot record that build {} is no longer paused: {}", job.id, ex.getMessage());
        }
      }
    } else if (e instanceof BuildEvent.BundleWritten b) {
      // Not awaited: the build need not wait for it, and the writer orders it before the outcome.
      history
          .recordSandbox(new SandboxConfig(job.id, b.bundle(), b.configJson(), now()))
          .whenComplete(
              (v, ex) -> {
                if (ex != null) {
                  LOG.warn(
                      "the config.json of build {} was not recorded: {}", job.id, ex.toString());
                }
              });
    }
    // BuildEvent.Finished is not passed on: the service reports the end once the history has it.
    tap.onEvent(e);
  }

  /**
   * Stores the build's input access trace before its end is recorded, so that whoever sees the
   * build finished can read the trace. A failure costs the trace, never the build.
   *
   * @return whether the thread was interrupted while waiting (the caller restores the flag)
   */
  private boolean recordInputAccess(Job job, InputAccess access) {
    try {
      history
          .recordInputAccess(job.id, access)
          .get(RECORD_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "the input access trace of build {} could not be recorded in {}: {}",
          job.id,
          history.file(),
          e.toString());
    } catch (InterruptedException e) {
      LOG.warn("interrupted while recording the input access trace of build {}", job.id);
      return true;
    }
    return false;
  }

  /** Records the end, then tells everyone; idempotent per build. */
  private void finish(Job job, BuildOutcome outcome, Optional<Path> kept, Optional<RuntimeMode> mode) {
    synchronized (job) {
      if (job.state.isFinal()) {
        return;
      }
      job.state = BuildStatus.of(outcome);
    }
    Instant at = now();
    long index = job.journal.reserveFinish();
    try {
      history.recorder(job.id).finish(index, at, outcome, kept, mode).get(RECORD_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.error("the outcome of build {} could not be recorded in {}: {}", job.id, history.file(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      StoreLock.Held w = job.writing;
      job.writing = null;
      if (w != null) {
        w.close();
      }
    }
    BuildRecord record;
    try {
      record = history.find(job.id).filter(r -> r.status().isFinal()).orElseGet(() -> job.record(outcome, at, kept, mode));
    } catch (HistoryException e) {
      LOG.warn("cannot read back the record of build {}: {}", job.id, e.getMessage());
      record = job.record(outcome, at, kept, mode);
    }
    job.journal.finished(new ServiceEvent.Finished(job.id, index, record));
    jobs.remove(job.id, job);
    job.done.complete(record);
  }

  /** A setup problem found by the service itself (reading the request file). */
  private static final class SetupProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient BuildOutcome outcome;

    SetupProblem(BuildOutcome outcome) {
      super(outcome.status(), null, false, false);
      this.outcome = outcome;
    }
  }

  // ---------------------------------------------------------------- shutting down

  /**
   * Cancels every queued and running build, waits up to a minute for them to clean up and be
   * recorded, and stops the service's threads. The history stays open (its owner closes it).
   */
  @Override
  public void close() {
    List<Job> all;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(jobs.values());
    }
    timer.shutdownNow();
    for (Job j : all) {
      j.cancel();
    }
    for (Job j : all) {
      try {
        j.done.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("build {} did not end within a minute of shutdown: {}", j.id, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.shutdown();
    // Let subscribers take the last events, then stop their threads.
    events.shutdown();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
  }

  // ---------------------------------------------------------------- helpers

  private BuildRecord resolve(String idOrPrefix) throws ServiceException {
    try {
      return history.resolve(idOrPrefix);
    } catch (HistoryException e) {
      throw new ServiceException(e.getMessage(), e);
    }
  }

  /** 96 random bits as 24 hex digits: unique across processes without coordination. */
  static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The command line, shortened for one-line listings. */
  static String summary(BuildRequest r) {
    String s = String.join(" ", r.commandArgs()).replace('\n', ' ');
    return s.length() <= 120 ? s : s.substring(0, 119) + "…";
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One build inside the service. */
  private final class Job implements BuildHandle {
    final String id;
    final Path file;
    final BuildOptions options;
    final Optional<String> rebuildOf;
    final CompletableFuture<BuildRecord> done = new CompletableFuture<>();
    volatile BuildRequest request;
    volatile BuildStatus state = BuildStatus.QUEUED;
    volatile boolean cancelRequested;
    volatile BuildEngine.Execution execution;
    volatile StoreLock.Held writing;
    volatile Instant submittedAt;
    volatile Instant startedAt;
    BuildJournal journal;

    Job(String id, BuildRequest request, Path file, BuildOptions options, Optional<String> rebuildOf) {
      this.id = id;
      this.request = request;
      this.file = file;
      KeepSandbox keep = options.keep();
      if (keep == KeepSandbox.NEVER && settings.keepFailedSandboxes()) {
        keep = KeepSandbox.ON_FAILURE;
      }
      this.options =
          new BuildOptions(keep, options.timeout(), options.pauseOnFailure(), options.traceInputs());
      this.rebuildOf = rebuildOf;
    }

    Optional<String> requestJson() {
      return request == null ? Optional.empty() : Optional.of(RequestWriter.toTree(request).toString());
    }

    String command() {
      return request == null ? "(from " + file.getFileName() + ")" : summary(request);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public BuildStatus status() {
      return state;
    }

    @Override
    public CompletableFuture<BuildRecord> record() {
      return done;
    }

    @Override
    public boolean cancel() {
      boolean wasQueued;
      synchronized (lock) {
        if (state.isFinal()) {
          return false;
        }
        cancelRequested = true;
        wasQueued = queue.remove(this);
      }
      if (wasQueued) {
        // Recording takes a commit; do it off the caller's thread (which may be a UI thread).
        workers.execute(() -> finish(this, new BuildOutcome.Cancelled(null), Optional.empty(), Optional.empty()));
        return true;
      }
      BuildEngine.Execution e = execution;
      if (e != null) {
        e.cancel();
      }
      return true;
    }

    /** The record as this process knows it, when the history cannot be read back. */
    BuildRecord record(BuildOutcome outcome, Instant finishedAt, Optional<Path> kept, Optional<RuntimeMode> mode) {
      return new BuildRecord(
          id,
          BuildStatus.of(outcome),
          requestJson(),
          Optional.ofNullable(file),
          command(),
          submittedAt,
          Optional.ofNullable(startedAt),
          Optional.of(finishedAt),
          journal.phases(),
          Optional.of(outcome),
          History.messageOf(outcome),
          rebuildOf,
          options.keep(),
          options.timeout(),
          kept,
          Optional.empty(),
          mode,
          history.owner(),
          cancelRequested);
    }
  }

  /** For tests: the owner builds of this service are recorded with. */
  ProcessOwner owner() {
    return history.owner();
  }
}
