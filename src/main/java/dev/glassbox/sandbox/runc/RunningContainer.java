package dev.glassbox.sandbox.runc;

import dev.glassbox.sandbox.LogSink;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.runc.ContainerExit.KillReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container started by {@link RuncRuntime#start}: its output is being published, and {@link
 * #exit()} completes once it has ended and runc has deleted it.
 */
public final class RunningContainer {
  private static final Logger LOG = LoggerFactory.getLogger(RunningContainer.class);

  /** Reads as large as a default Linux pipe, so a fast writer needs one read per pipe-full. */
  static final int READ_BUFFER_BYTES = 64 * 1024;

  // runc kill fails with "container does not exist" until runc run has created the container,
  // which takes a few milliseconds; retry that long, and give up on runc after this.
  private static final Duration KILL_RETRY = Duration.ofMillis(20);
  private static final Duration KILL_PATIENCE = Duration.ofSeconds(10);
  // Once runc has exited and the container is deleted, nobody should hold the pipes any more.
  private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(10);

  /** Where a container is in its life; moves only forward, and exactly once out of RUNNING. */
  private enum State {
    RUNNING,
    CANCELLING,
    TIMING_OUT,
    EXITED
  }

  private final RuncRuntime runtime;
  private final String id;
  private final Process runc;
  private final Path runcLog;
  private final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final Thread stdoutPump;
  private final Thread stderrPump;
  private volatile boolean closingPipes;
  private volatile ScheduledFuture<?> timeoutTask;
  private volatile ScheduledExecutorService timers;

  RunningContainer(
      RuncRuntime runtime, String id, Process runc, Path runcLog, LogSink sink, int maxLineBytes) {
    this.runtime = runtime;
    this.id = id;
    this.runc = runc;
    this.runcLog = runcLog;
    LogPublisher publisher = new LogPublisher(id, sink);
    this.stdoutPump =
        pumpThread(runc.getInputStream(), LogStream.STDOUT, maxLineBytes, publisher);
    this.stderrPump =
        pumpThread(runc.getErrorStream(), LogStream.STDERR, maxLineBytes, publisher);
  }

  /** The runc container id. */
  public String id() {
    return id;
  }

  /**
   * Completes when the container has ended, both output streams are fully published and the
   * container is deleted. Never completes exceptionally except on a bug in Glassbox.
   *
   * @return a fresh future each call, so completing or cancelling it does not affect the container
   */
  public CompletableFuture<ContainerExit> exit() {
    return exit.copy();
  }

  /**
   * Kills the container (SIGKILL to its init, then {@code runc delete --force}) without blocking;
   * the exit becomes {@link ContainerExit.Killed} with {@link KillReason#CANCELLED} unless the
   * container had already exited. Safe to call from any thread, any number of times.
   *
   * @return {@link #exit()}
   */
  public CompletableFuture<ContainerExit> cancel() {
    kill(KillReason.CANCELLED);
    return exit();
  }

  /**
   * Stops the time limit: a build paused for debugging waits for a person, not for its command.
   * Safe to call any number of times.
   */
  public void suspendTimeout() {
    ScheduledFuture<?> t = timeoutTask;
    if (t != null) {
      t.cancel(false);
    }
  }

  /** Starts the time limit afresh: the container is killed {@code timeout} from now. */
  public void restartTimeout(Duration timeout) {
    suspendTimeout();
    ScheduledExecutorService t = timers;
    if (t != null && state.get() == State.RUNNING) {
      timeoutTask =
          t.schedule(() -> kill(KillReason.TIMED_OUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  void start(ScheduledExecutorService timers, Duration timeout) {
    this.timers = timers;
    stdoutPump.start();
    stderrPump.start();
    Thread waiter = new Thread(this::awaitExit, "glassbox-runc-" + id + "-wait");
    waiter.setDaemon(true);
    waiter.start();
    if (timeout != null) {
      timeoutTask =
          timers.schedule(
              () -> kill(KillReason.TIMED_OUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  void kill(KillReason reason) {
    State killing = reason == KillReason.CANCELLED ? State.CANCELLING : State.TIMING_OUT;
    if (state.compareAndSet(State.RUNNING, killing)) {
      runtime.execute(this::killUntilGone);
    }
  }

  private void killUntilGone() {
    long deadline = System.nanoTime() + KILL_PATIENCE.toNanos();
    try {
      while (runc.isAlive()) {
        RuncCommand.Result result = runtime.command("kill", id, "KILL");
        if (result.succeeded()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          LOG.warn(
              "cannot kill container {} ({}); stopping runc itself instead", id, result.describe());
          runc.destroyForcibly();
          break;
        }
        Thread.sleep(KILL_RETRY.toMillis());
      }
      // runc run passes its init's death on within milliseconds; if it does not, stop runc itself.
      // The waiter's `runc delete --force` then removes whatever runc left behind.
      if (!runc.waitFor(KILL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("runc run of container {} ignored the kill; stopping runc itself", id);
        runc.destroyForcibly();
      }
    } catch (RuncException e) {
      LOG.warn("cannot kill container {}; stopping runc itself instead", id, e);
      runc.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runc.destroyForcibly();
    }
  }

  private Thread pumpThread(
      InputStream in, LogStream stream, int maxLineBytes, LogPublisher publisher) {
    LineSplitter splitter = new LineSplitter(stream, maxLineBytes, publisher);
    String name = "glassbox-runc-" + id + "-" + stream.name().toLowerCase(java.util.Locale.ROOT);
    Thread thread = new Thread(() -> pump(in, splitter), name);
    thread.setDaemon(true);
    return thread;
  }

  private void pump(InputStream in, LineSplitter splitter) {
    byte[] buffer = new byte[READ_BUFFER_BYTES];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (n > 0) {
          splitter.accept(buffer, n, System.currentTimeMillis());
        }
      }
    } catch (IOException e) {
      if (!closingPipes) {
        LOG.warn("cannot read the output of container {}; the rest of it is lost", id, e);
      }
    }
    splitter.finish(System.currentTimeMillis());
  }

  private void awaitExit() {
    ContainerExit result = null;
    try {
      int status = waitUninterruptibly();
      boolean natural = state.compareAndSet(State.RUNNING, State.EXITED);
      ScheduledFuture<?> timer = timeoutTask;
      if (timer != null) {
        timer.cancel(false);
      }
      // runc run ends only after deleting its container, so if the container is still there, runc
      // itself died (SIGKILL, OOM killer, crash) and its status says nothing about the build. Only
      // checked when the status could be a signal, as that is how a killed runc ends.
      boolean runcDied = natural && status > 128 && runtime.exists(id);
      // runc run deletes its container when the init exits; this makes sure, and it also removes
      // a container that runc left behind because runc itself was killed. It kills any process
      // still in the container, which closes the last writers of our pipes.
      runtime.deleteQuietly(id);
      drainPipes();
      KillReason reason = null;
      if (!natural) {
        reason = state.get() == State.CANCELLING ? KillReason.CANCELLED : KillReason.TIMED_OUT;
      }
      if (runcDied) {
        result =
            new ContainerExit.RuntimeFailed(
                "runc run of container "
                    + id
                    + " ended with status "
                    + status
                    + " while the container was still there, so runc itself was killed or"
                    + " crashed; the container was deleted. Check the system log for the OOM killer");
      } else {
        result = classify(status, reason, natural ? readRuncErrors() : List.of());
      }
    } catch (RuntimeException | Error e) {
      exit.completeExceptionally(e);
      throw e;
    } finally {
      try {
        Files.deleteIfExists(runcLog);
      } catch (IOException e) {
        LOG.warn("cannot delete runc log {}", runcLog, e);
      }
      runtime.release(id);
      if (result != null) {
        exit.complete(result);
      }
    }
  }

  private int waitUninterruptibly() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return runc.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drainPipes() {
    if (joinPumps(DRAIN_PATIENCE)) {
      return;
    }
    // Something outside the container still holds a pipe; stop reading rather than hang forever.
    LOG.warn("output of container {} still open {} after it ended; closing it", id, DRAIN_PATIENCE);
    closingPipes = true;
    try {
      runc.getInputStream().close();
      runc.getErrorStream().close();
    } catch (IOException e) {
      LOG.warn("cannot close the output pipes of container {}", id, e);
    }
    joinPumps(DRAIN_PATIENCE);
  }

  private boolean joinPumps(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      for (Thread pump : List.of(stdoutPump, stderrPump)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return !pump.isAlive();
        }
        pump.join(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !stdoutPump.isAlive() && !stderrPump.isAlive();
  }

  private List<String> readRuncErrors() {
    try {
      return RuncLog.errors(runcLog);
    } catch (IOException e) {
      return List.of("cannot read runc's log " + runcLog + ": " + e.getMessage());
    }
  }

  /**
   * Classifies the end of a {@code runc run}.
   *
   * <p>A kill by Glassbox wins over everything else. Otherwise an error that runc wrote to its own
   * log means runc failed. Otherwise runc passed on the container's status: {@code runc run} exits
   * with 128 + n when the container's init was killed by signal n, as a shell does, so 129..192
   * decode as signals. A build that itself exits with such a code looks the same, as does a shell
   * whose last command was killed by a signal, which is what the shell means by it.
   *
   * @param runcStatus exit status of the {@code runc run} process
   * @param killReason why Glassbox killed the container before it exited, or null
   * @param runcErrors messages of the error entries in runc's log, in order
   */
  static ContainerExit classify(int runcStatus, KillReason killReason, List<String> runcErrors) {
    if (killReason != null) {
      return new ContainerExit.Killed(killReason);
    }
    if (!runcErrors.isEmpty()) {
      return new ContainerExit.RuntimeFailed(String.join("; ", runcErrors));
    }
    if (runcStatus > 128 && runcStatus <= 128 + ContainerExit.MAX_SIGNAL) {
      return new ContainerExit.Signalled(runcStatus - 128);
    }
    if (runcStatus < 0 || runcStatus > 255) {
      // Not something a process exit status can be; report it rather than guess.
      return new ContainerExit.RuntimeFailed("runc run ended with impossible status " + runcStatus);
    }
    return new ContainerExit.Exited(runcStatus);
  }
}
