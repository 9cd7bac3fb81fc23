package dev.glassbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launch to a usable window: the time from starting Glassbox's desktop app until the X server
 * reports its window viewable, against a bare JavaFX window (the toolkit's own floor) started the
 * same way, alternating the two. Glassbox runs with a store, settings and runtime folder of its
 * own, so neither a running window nor the user's history is touched.
 */
public final class AppStartBench {
  /** Median milliseconds to a viewable window, and every run. */
  public record Result(
      double glassboxMs, double bareMs, List<Double> glassboxRuns, List<Double> bareRuns) {}

  static final String BARE_WINDOW_CLASS = "dev.glassbox.ui.fx.BareWindow";

  private AppStartBench() {}

  public static Result run(Path work, int runs, PrintStream log) throws Exception {
    Files.createDirectories(work);
    // Installed: measure the installed launcher (with its AppCDS archive), as a user starts it.
    String launcher = System.getProperty("jpackage.app-path");
    List<String> glassbox =
        launcher != null
            ? List.of(launcher)
            : BenchSupport.javaCommand("dev.glassbox.Main", List.of(), new java.util.HashMap<>());
    List<String> bare =
        BenchSupport.javaCommand(BARE_WINDOW_CLASS, List.of(), new java.util.HashMap<>());
    log.printf(
        "app start: %s against a bare JavaFX window, %d runs each after one warm-up%n",
        launcher != null ? launcher : "java … dev.glassbox.Main", runs);
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    try (XDisplay display = XDisplay.open()) {
      for (int i = -1; i < runs; i++) {
        double g = launchToWindow(glassbox, "Glassbox", display, work);
        double b = launchToWindow(bare, "Glassbox reference", display, work);
        log.printf(
            "  %s glassbox %.0f ms, bare JavaFX window %.0f ms%n",
            i < 0 ? "warm-up" : "run " + (i + 1), g, b);
        if (i >= 0) {
          ours.add(g);
          theirs.add(b);
        }
      }
    }
    return new Result(BenchSupport.median(ours), BenchSupport.median(theirs), ours, theirs);
  }

  private static double launchToWindow(
      List<String> command, String title, XDisplay display, Path work)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Path out = work.resolve("launch.log");
    pb.redirectOutput(out.toFile());
    Map<String, String> env = pb.environment();
    env.put("DISPLAY", display.name());
    env.put("GLASSBOX_STORE", work.resolve("store").toString());
    env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
    Path runtime = work.resolve("run");
    Files.createDirectories(runtime);
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      while (p.isAlive()) {
        if (viewable(title, display)) {
          return (System.nanoTime() - t0) / 1e6;
        }
        if (System.nanoTime() - t0 > 60_000_000_000L) {
          break;
        }
        Thread.sleep(10);
      }
      throw new IOException(
          "'"
              + String.join(" ", command)
              + "' showed no window titled '"
              + title
              + "' within 60 s; it printed: "
              + Files.readString(out, StandardCharsets.UTF_8).strip());
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  private static boolean viewable(String title, XDisplay display)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("xwininfo", "-name", title).redirectErrorStream(true);
    pb.environment().put("DISPLAY", display.name());
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return text.contains("Map State: IsViewable");
  }
}
