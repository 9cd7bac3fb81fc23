package dev.glassbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single instance with real processes: Glassbox's own entry point, headless (Monocle), a window
 * per launch unless one runs already.
 */
class SingleInstanceIT {
  private static final String HANDED_OVER = "(handed over by another launch)";
  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSecondLaunchHandsItsFileToTheWindowAndExitsAndAKilledWindowIsReplaced() throws Exception {
    Path request = tmp.resolve("second launch.glassbox.json");
    Files.writeString(request, "{\"commandArgs\": [\"/bin/true\"]}\n");
    Files.createDirectories(tmp.resolve("run"));
    Path socket = SingleInstance.socketFor(tmp.resolve("store"), Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString()));

    Process first = launch("first.log");
    waitFor(() -> Files.exists(socket), 60, "the first window's socket " + socket);
    Process second = launch("second.log", request.toString());
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second launch exits").isTrue();
    assertThat(second.exitValue()).as(read("second.log")).isZero();
    waitFor(() -> read("first.log").contains(request.toAbsolutePath() + " " + HANDED_OVER), 90,
        "the first window to open the file; it printed: " + read("first.log"));
    assertThat(read("second.log")).doesNotContain("Exception");

    // SIGKILL: no shutdown hook runs, the socket file stays with nobody listening.
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(socket).exists();
    Process third = launch("third.log");
    waitFor(() -> read("third.log").contains("replacing the stale window socket"), 60,
        "the third launch to take over; it printed: " + read("third.log"));
    Process fourth = launch("fourth.log", request.toString());
    assertThat(fourth.waitFor(60, TimeUnit.SECONDS)).as("the fourth launch exits").isTrue();
    assertThat(fourth.exitValue()).as(read("fourth.log")).isZero();
    waitFor(() -> read("third.log").contains(HANDED_OVER), 90, "the third window to open the file");
    assertThat(third.isAlive()).isTrue();

    // A window that ends normally (SIGTERM included) removes its socket.
    third.destroy();
    assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(socket).doesNotExist();
  }

  private Process launch(String log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
        "-Dheadless.geometry=1260x780-32",
        "dev.glassbox.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile());
    Map<String, String> env = pb.environment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.put("GLASSBOX_STORE", tmp.resolve("store").toString());
    env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
    Files.createDirectories(tmp.resolve("run"));
    env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
    env.put("GLASSBOX_LOG_LEVEL", "INFO");
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private String read(String log) {
    try {
      return Files.readString(tmp.resolve(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
