package dev.glassbox.sandbox.runc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.sandbox.LogSink;
import dev.glassbox.sandbox.runc.ContainerExit.KillReason;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs OCI bundles with the {@code runc} binary, under a runc state root of its own.
 *
 * <p>Every runc command gets {@code --root stateRoot}, so Glassbox's containers never mix with
 * anybody else's: {@link #listContainers()} and {@link #cleanupOrphans} see only ours. runc needs
 * root (or a rootless setup) on the machine; this class does not check that, runc reports it.
 */
public final class RuncRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuncRuntime.class);

  /** State root used when none is given; on tmpfs, so a reboot forgets stale containers. */
  public static final Path DEFAULT_STATE_ROOT = Path.of("/run/glassbox/runc");

  /** Longest line published in one piece; longer lines are cut (see LogLine). */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

  // runc's own rule for ids is ^[\w+-\.]+$ (a range that also admits ','); this is the sane subset.
  private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9_+.-]{1,1024}");
  private static final List<Path> SBIN_DIRS =
      List.of(Path.of("/usr/local/sbin"), Path.of("/usr/sbin"), Path.of("/sbin"));
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(30);
  private static final File DEV_NULL = new File("/dev/null");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path runc;
  private final Path stateRoot;
  private final int maxLineBytes;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final RuncCommand commands;
  // Ids between start() and the end of their container; start() refuses them, cleanup skips them.
  private final Set<String> idsInUse = ConcurrentHashMap.newKeySet();
  private final Map<String, RunningContainer> running = new ConcurrentHashMap<>();
  private volatile boolean closed;
  // Kills our containers when the JVM exits normally (window closed, SIGTERM); after a SIGKILL of
  // the JVM only cleanupOrphans at the next start can remove them.
  private final Thread shutdownHook;

  private RuncRuntime(Path runc, Path stateRoot, int maxLineBytes) {
    this.runc = runc;
    this.stateRoot = stateRoot;
    this.maxLineBytes = maxLineBytes;
    this.workers = Executors.newCachedThreadPool(daemonThreads("glassbox-runc-worker-"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("glassbox-runc-timer-"));
    this.commands = new RuncCommand(runc.toString(), stateRoot.toString(), COMMAND_TIMEOUT, workers);
    this.shutdownHook = new Thread(this::cancelAll, "glassbox-runc-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A runtime using the runc found by {@link #findRunc()}, with 64 KiB lines. */
  public static RuncRuntime create(Path stateRoot) throws RuntimeNotFoundException {
    Optional<Path> found = findRunc();
    if (found.isEmpty()) {
      throw new RuntimeNotFoundException(searchedDescription());
    }
    return create(found.get(), stateRoot, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * A runtime using the given runc binary.
   *
   * @param runcBinary the runc executable
   * @param stateRoot runc's {@code --root}; runc creates it when needed
   * @param maxLineBytes lines longer than this many bytes are published in pieces, at least 8
   * @throws RuntimeNotFoundException if {@code runcBinary} is not an executable file
   */
  public static RuncRuntime create(Path runcBinary, Path stateRoot, int maxLineBytes)
      throws RuntimeNotFoundException {
    Objects.requireNonNull(runcBinary, "runcBinary");
    Objects.requireNonNull(stateRoot, "stateRoot");
    if (maxLineBytes < LineSplitter.MIN_MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          "maxLineBytes must be at least " + LineSplitter.MIN_MAX_LINE_BYTES + ", got " + maxLineBytes);
    }
    if (!Files.isRegularFile(runcBinary) || !Files.isExecutable(runcBinary)) {
      throw new RuntimeNotFoundException(runcBinary.toString());
    }
    return new RuncRuntime(runcBinary.toAbsolutePath(), stateRoot.toAbsolutePath(), maxLineBytes);
  }

  /** The runc binary on PATH, or in an sbin directory (often not on a user's PATH). */
  public static Optional<Path> findRunc() {
    return findRunc(System.getenv("PATH"));
  }

  static Optional<Path> findRunc(String pathVariable) {
    for (Path dir : searchPath(pathVariable)) {
      Path candidate = dir.resolve("runc");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Set<Path> searchPath(String pathVariable) {
    Set<Path> dirs = new LinkedHashSet<>();
    if (pathVariable != null) {
      for (String entry : pathVariable.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    dirs.addAll(SBIN_DIRS);
    return dirs;
  }

  private static String searchedDescription() {
    return "PATH and " + SBIN_DIRS;
  }

  /** The runc binary this runtime runs. */
  public Path runcBinary() {
    return runc;
  }

  /** runc's {@code --root} for all of this runtime's containers. */
  public Path stateRoot() {
    return stateRoot;
  }

  /** Runs the bundle with no time limit; see {@link #start(String, Path, LogSink, Duration)}. */
  public RunningContainer start(String containerId, Path bundleDir, LogSink sink)
      throws RuncException {
    return startContainer(containerId, bundleDir, sink, null);
  }

  /**
   * Runs {@code runc run --bundle bundleDir containerId} with stdin from /dev/null and publishes
   * its stdout and stderr to {@code sink} line by line as they arrive.
   *
   * <p>Returns as soon as runc is started; setup failures inside runc (bad config.json, missing
   * executable) arrive later as {@link ContainerExit.RuntimeFailed}. The container is deleted when
   * it ends, whatever the reason.
   *
   * @param containerId a fresh id, letters, digits and {@code _+.-} (a UUID is a good choice)
   * @param timeout the container is killed this long after the start, ending as {@link
   *     ContainerExit.Killed} with {@link KillReason#TIMED_OUT}
   * @throws RuncException if runc cannot be started, or the id is in use
   */
  public RunningContainer start(String containerId, Path bundleDir, LogSink sink, Duration timeout)
      throws RuncException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return startContainer(containerId, bundleDir, sink, timeout);
  }

  private RunningContainer startContainer(
      String containerId, Path bundleDir, LogSink sink, Duration timeout) throws RuncException {
    requireValidId(containerId);
    Objects.requireNonNull(bundleDir, "bundleDir");
    Objects.requireNonNull(sink, "sink");
    if (closed) {
      throw new IllegalStateException("this RuncRuntime is closed; create a new one");
    }
    if (!Files.isDirectory(bundleDir)) {
      throw new RuncException(
          "the bundle directory "
              + bundleDir
              + " does not exist; write the bundle before starting container "
              + containerId);
    }
    if (!idsInUse.add(containerId)) {
      throw new RuncException(
          "container id " + containerId + " is already running here; give each container a fresh id");
    }
    Path runcLog = null;
    try {
      if (Files.exists(stateRoot.resolve(containerId))) {
        // Never reuse it: the cleanup after a failed start would delete the other container.
        throw new RuncException(
            "a container "
                + containerId
                + " already exists in "
                + stateRoot
                + "; remove it with forceDelete or cleanupOrphans, or use a fresh id");
      }
      runcLog = createRuncLog(containerId);
      List<String> argv =
          commands.argv(
              "--log",
              runcLog.toString(),
              "--log-format",
              "json",
              "run",
              "--bundle",
              bundleDir.toAbsolutePath().toString(),
              containerId);
      Process process;
      try {
        process = new ProcessBuilder(argv).redirectInput(DEV_NULL).start();
      } catch (IOException e) {
        throw new RuncException(
            "cannot start " + runc + " for container " + containerId + ": " + e.getMessage(), e);
      }
      RunningContainer container =
          new RunningContainer(this, containerId, process, runcLog, sink, maxLineBytes);
      running.put(containerId, container);
      container.start(timers, timeout);
      return container;
    } catch (RuncException | RuntimeException e) {
      idsInUse.remove(containerId);
      running.remove(containerId);
      deleteFileQuietly(runcLog);
      throw e;
    }
  }

  private static Path createRuncLog(String containerId) throws RuncException {
    try {
      return Files.createTempFile("glassbox-runc-" + containerId + "-", ".log");
    } catch (IOException e) {
      throw new RuncException(
          "cannot create a log file for runc in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage()
              + "; check that the temporary directory is writable",
          e);
    }
  }

  private static void deleteFileQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}", file, e);
    }
  }

  private static void requireValidId(String containerId) {
    Objects.requireNonNull(containerId, "containerId");
    if (!CONTAINER_ID.matcher(containerId).matches()
        || containerId.equals(".")
        || containerId.equals("..")) {
      throw new IllegalArgumentException(
          "invalid container id '"
              + containerId
              + "': use 1 to 1024 letters, digits and _+.- (a UUID works)");
    }
  }

  /** Ids of all containers in this runtime's state root, running or not, in runc's order. */
  public List<String> listContainers() throws RuncException {
    RuncCommand.Result result = commands.run("list", "--format", "json");
    if (!result.succeeded()) {
      throw new RuncException("cannot list containers: " + result.describe());
    }
    JsonNode list;
    try {
      list = JSON.readTree(result.stdout());
    } catch (JsonProcessingException e) {
      throw new RuncException(
          "runc list printed something that is not JSON: " + abbreviate(result.stdout()), e);
    }
    List<String> ids = new ArrayList<>();
    // runc prints `null`, not `[]`, when there are no containers.
    if (list == null || list.isNull() || list.isMissingNode()) {
      return ids;
    }
    if (!list.isArray()) {
      throw new RuncException("runc list printed JSON that is not a list: " + abbreviate(list.toString()));
    }
    for (JsonNode container : list) {
      String id = container.path("id").asText("");
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replace('\n', ' ');
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }

  /**
   * Kills a container with SIGKILL and deletes it; a container that is already gone is fine.
   *
   * @throws RuncException if runc could not delete it
   */
  public void forceDelete(String containerId) throws RuncException {
    requireValidId(containerId);
    // The kill is a courtesy: delete --force kills too, but only after runc has looked at the
    // state, and a kill first makes a container that is still starting stop sooner.
    RuncCommand.Result kill = commands.run("kill", containerId, "KILL");
    if (!kill.succeeded()) {
      LOG.debug("{} (deleting anyway)", kill.describe());
    }
    RuncCommand.Result delete = commands.run("delete", "--force", containerId);
    if (!delete.succeeded() && !delete.stderr().contains("does not exist")) {
      throw new RuncException("cannot delete container " + containerId + ": " + delete.describe());
    }
  }

  /**
   * Deletes the containers in the state root that {@code isOurs} claims and that this runtime is
   * not running: the leftovers of a Glassbox that was killed. Call it at startup.
   *
   * @return the ids of the deleted containers
   * @throws RuncException if some could not be deleted; the others are deleted anyway
   */
  public List<String> cleanupOrphans(Predicate<String> isOurs) throws RuncException {
    Objects.requireNonNull(isOurs, "isOurs");
    List<String> deleted = new ArrayList<>();
    RuncException failure = null;
    for (String id : listContainers()) {
      if (idsInUse.contains(id) || !isOurs.test(id)) {
        continue;
      }
      try {
        forceDelete(id);
        deleted.add(id);
        LOG.info("deleted orphaned container {}", id);
      } catch (RuncException | IllegalArgumentException e) {
        if (failure == null) {
          failure = new RuncException("cannot delete all orphaned containers: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return deleted;
  }

  /**
   * Cancels every container still running and waits up to 30 s for them to be deleted; then stops
   * this runtime's threads. Further starts fail.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and the hook is running or has run: nothing to remove.
    }
    cancelAll();
    timers.shutdownNow();
    workers.shutdown();
  }

  private void cancelAll() {
    closed = true;
    List<CompletableFuture<ContainerExit>> exits = new ArrayList<>();
    for (RunningContainer container : running.values()) {
      exits.add(container.cancel());
    }
    try {
      CompletableFuture.allOf(exits.toArray(new CompletableFuture<?>[0]))
          .get(CLOSE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn(
          "containers {} did not end cleanly; check `runc --root {} list`",
          running.keySet(),
          stateRoot,
          e);
    }
  }

  RuncCommand.Result command(String... args) throws RuncException {
    return commands.run(args);
  }

  void execute(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile; a kill must still happen, so it gets a thread of its own.
      Thread thread = new Thread(task, "glassbox-runc-late-kill");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Deletes a container that has ended; logs instead of throwing, since the build is over. */
  void deleteQuietly(String containerId) {
    try {
      RuncCommand.Result delete = commands.run("delete", "--force", containerId);
      if (!delete.succeeded() && !delete.stderr().contains("does not exist")) {
        LOG.warn("cannot delete container {}: {}", containerId, delete.describe());
      }
    } catch (RuncException e) {
      LOG.warn("cannot delete container {}", containerId, e);
    }
  }

  /** Whether runc knows the container, in any state; false if that cannot be found out. */
  boolean exists(String containerId) {
    try {
      return commands.run("state", containerId).succeeded();
    } catch (RuncException e) {
      LOG.warn("cannot ask runc about container {}", containerId, e);
      return false;
    }
  }

  void release(String containerId) {
    running.remove(containerId);
    idsInUse.remove(containerId);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
