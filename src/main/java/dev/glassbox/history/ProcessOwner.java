package dev.glassbox.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The process that queued or runs a build, identified well enough to tell later whether it is
 * still alive: the pid alone is not enough, pids are reused.
 *
 * @param pid the process id
 * @param host the host name, so that a store on a shared disk never declares another machine's
 *     builds dead
 * @param startMillis when the process started (epoch milliseconds, as the kernel reports it)
 */
public record ProcessOwner(long pid, String host, long startMillis) {
  /** The kernel reports start times in clock ticks; two readings of one process agree within this. */
  private static final long START_TOLERANCE_MILLIS = 2_000;

  public ProcessOwner {
    if (pid <= 0) {
      throw new IllegalArgumentException("a pid is positive, got " + pid);
    }
    Objects.requireNonNull(host, "host");
  }

  /** This JVM. */
  public static ProcessOwner current() {
    ProcessHandle self = ProcessHandle.current();
    return new ProcessOwner(self.pid(), hostName(), startOf(self).orElse(0L));
  }

  /**
   * Whether the owner still runs. A process on another host is assumed alive: this machine cannot
   * see it, and declaring its builds interrupted would be wrong while it runs.
   */
  public boolean isAlive() {
    if (!host.equals(hostName())) {
      return true;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    Optional<Long> start = startOf(h.get());
    // A live process with another start time is a different process that got the same pid.
    return start.isEmpty() || startMillis == 0 || Math.abs(start.get() - startMillis) <= START_TOLERANCE_MILLIS;
  }

  private static Optional<Long> startOf(ProcessHandle h) {
    return h.info().startInstant().map(Instant::toEpochMilli);
  }

  static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // not Linux, or /proc is hidden: fall back to the environment
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env;
  }

  @Override
  public String toString() {
    return "pid " + pid + " on " + host;
  }
}
