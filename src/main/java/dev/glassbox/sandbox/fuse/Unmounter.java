package dev.glassbox.sandbox.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Detaches FUSE mounts with the system tools, and waits for mountinfo to show them gone. */
final class Unmounter {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  static final Duration POLL_STEP = Duration.ofMillis(1);

  private Unmounter() {}

  /**
   * Lazily detaches the mount at {@code mountPoint}: {@code umount -l} (works as root), then {@code
   * fusermount -u -z} (works for the user who mounted it).
   *
   * @return what the tools said when both failed, or an empty list when one succeeded
   */
  static List<String> detach(Path mountPoint) {
    List<String> complaints = new ArrayList<>();
    for (List<String> command :
        List.of(
            List.of("umount", "-l", mountPoint.toString()),
            List.of("fusermount", "-u", "-z", mountPoint.toString()))) {
      String problem = run(command);
      if (problem == null) {
        return List.of();
      }
      complaints.add(String.join(" ", command) + ": " + problem);
    }
    return complaints;
  }

  /** Runs a command; null when it exited 0, else what went wrong. */
  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return "did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s";
      }
      return p.exitValue() == 0
          ? null
          : "exit code " + p.exitValue() + (output.isEmpty() ? "" : ", " + output);
    } catch (IOException e) {
      return "could not run it (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Polls mountinfo until no Glassbox mount is at {@code mountPoint}; false on timeout. */
  static boolean awaitGone(Path mountPoint, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (MountTable.glassboxMountedAt(mountPoint)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      if (!pause()) {
        return !MountTable.glassboxMountedAt(mountPoint);
      }
    }
    return true;
  }

  /** Sleeps one poll step; false when interrupted (the interrupt flag is kept). */
  static boolean pause() {
    try {
      Thread.sleep(POLL_STEP.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
