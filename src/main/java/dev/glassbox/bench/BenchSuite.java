package dev.glassbox.bench;

import static dev.glassbox.bench.Measurement.Target.atMost;
import static dev.glassbox.bench.Measurement.Target.none;
import static dev.glassbox.bench.Measurement.Target.ratioAtMost;

import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every benchmark of the project, run one after the other, each against its reference in the same
 * run. Adding a benchmark is adding one {@link BenchEntry} to {@link #ENTRIES}.
 */
public final class BenchSuite {
  private BenchSuite() {}

  /** The benchmarks, in the order they run (cheap and unprivileged ones first). */
  public static final List<BenchEntry> ENTRIES =
      List.of(
          new BenchEntry(
              "blake3",
              "BLAKE3 of one large file: Blake3.hashFile vs b3sum",
              () -> tool("b3sum", "apt-get install b3sum"),
              BenchSuite::blake3),
          new BenchEntry(
              "ingest",
              "import a tree (1 large + many small files) vs b3sum and cp -r + sync",
              () -> tool("b3sum", "apt-get install b3sum"),
              BenchSuite::ingest),
          new BenchEntry(
              "engine",
              "per-build overhead vs bare runc run, FUSE read vs native, log streaming vs runc >"
                  + " /dev/null",
              BenchSuite::sandboxUnmet,
              BenchSuite::engine),
          new BenchEntry(
              "service",
              "a million log lines through the build service into the history vs runc > /dev/null",
              BenchSuite::sandboxUnmet,
              BenchSuite::service),
          new BenchEntry(
              "tracing",
              "input access tracing on vs off: FUSE read alone and in the sandbox",
              BenchSuite::sandboxUnmet,
              BenchSuite::tracing),
          new BenchEntry(
              "diff",
              "tree diff of two 100,000-file outputs differing in 10 files vs diff -r",
              () -> tool("diff", "apt-get install diffutils"),
              BenchSuite::diff),
          new BenchEntry(
              "terminal",
              "coloured build output through a pty into the terminal emulator vs script -c cat",
              () -> tool("script", "apt-get install bsdutils"),
              BenchSuite::terminal),
          new BenchEntry(
              "log-view",
              "the live log view under a build printing as fast as it can: frame gaps, catch-up,"
                  + " heap",
              BenchSuite::displayUnmet,
              BenchSuite::logView),
          new BenchEntry(
              "app-start",
              "launch to a viewable window vs a bare JavaFX window",
              BenchSuite::displayUnmet,
              BenchSuite::appStart));

  /** How one entry went. */
  public sealed interface Outcome {
    BenchEntry entry();

    record Ran(BenchEntry entry, List<Measurement> measurements, Duration took) implements Outcome {
      public Ran {
        measurements = List.copyOf(measurements);
      }
    }

    record Skipped(BenchEntry entry, String reason) implements Outcome {}

    record Failed(BenchEntry entry, String message) implements Outcome {}
  }

  /** The entry called {@code name}, or empty. */
  public static Optional<BenchEntry> find(String name) {
    return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * Runs {@code entries} in order, each in its own folder under {@code workDir} (removed after it),
   * printing progress to {@code log}. A benchmark that fails is reported and the next one runs.
   */
  public static List<Outcome> run(
      List<BenchEntry> entries, BenchSize size, Path workDir, PrintStream log) {
    List<Outcome> outcomes = new ArrayList<>();
    for (BenchEntry entry : entries) {
      Optional<String> unmet = entry.unmet().get();
      if (unmet.isPresent()) {
        log.printf("%n== %s: skipped (%s)%n", entry.name(), unmet.get());
        outcomes.add(new Outcome.Skipped(entry, unmet.get()));
        continue;
      }
      log.printf("%n== %s: %s%n", entry.name(), entry.description());
      Path dir = workDir.resolve(entry.name());
      Instant t0 = Instant.now();
      try {
        BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        List<Measurement> m = entry.runner().run(size, dir, log);
        outcomes.add(new Outcome.Ran(entry, m, Duration.between(t0, Instant.now())));
      } catch (Exception e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        log.printf("%s failed: %s%n", entry.name(), message);
        outcomes.add(new Outcome.Failed(entry, message));
      } finally {
        try {
          BenchSupport.deleteTree(dir);
        } catch (IOException e) {
          log.printf("could not remove %s: %s%n", dir, e.getMessage());
        }
      }
    }
    return outcomes;
  }

  // ---------------------------------------------------------------- what each needs

  private static Optional<String> tool(String name, String install) {
    return BenchSupport.onPath(name)
        ? Optional.empty()
        : Optional.of("'" + name + "' is missing: " + install);
  }

  private static Optional<String> sandboxUnmet() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("needs root for runc and FUSE mounts: run it with sudo");
    }
    if (RuncRuntime.findRunc().isEmpty()) {
      return Optional.of("runc is missing: apt-get install runc");
    }
    if (!Files.exists(Path.of("/bin/busybox"))) {
      return Optional.of("busybox is missing: apt-get install busybox-static");
    }
    return Optional.empty();
  }

  private static Optional<String> displayUnmet() {
    Optional<String> display = XDisplay.unavailable();
    if (display.isPresent()) {
      return display;
    }
    return tool("xwininfo", "apt-get install x11-utils");
  }

  // ---------------------------------------------------------------- the runners

  private static List<Measurement> blake3(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    int mib = size.pick(64, 512);
    Blake3Bench.LargeFile r = Blake3Bench.compareLarge(dir, mib, size.pick(3, 5));
    log.printf(
        "  %d MiB: Blake3.hashFile %.3f s (%.0f MB/s), b3sum %.3f s%n",
        mib, r.hashFileSeconds(), r.bytes() / r.hashFileSeconds() / 1e6, r.b3sumSeconds());
    return List.of(
        Measurement.vs(
            "blake3",
            "hash " + mib + " MiB",
            "s",
            r.hashFileSeconds(),
            "b3sum",
            r.b3sumSeconds(),
            none()));
  }

  private static List<Measurement> ingest(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    long mib = size.pick(64L, 1024L);
    int small = size.pick(2_000, 20_000);
    IngestBench.Result r =
        IngestBench.run(new IngestBench.Config(dir, mib << 20, small, size.pick(1, 3)), log);
    String what = String.format(Locale.ROOT, "import %d MiB + %d files", mib, small);
    return List.of(
        Measurement.vs("ingest", what, "s", r.ingest(), "b3sum", r.b3sum(), ratioAtMost(2.0)),
        Measurement.vs("ingest", what, "s", r.ingest(), "cp -r + sync", r.copy(), none()));
  }

  private static List<Measurement> engine(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    long readMib = size.pick(64L, 1024L);
    int lines = size.pick(100_000, 1_000_000);
    EngineBench.Result r =
        EngineBench.run(
            new EngineBench.Config(dir, size.pick(5, 20), readMib << 20, lines, size.pick(1, 3)),
            log);
    return List.of(
        Measurement.vs(
            "engine",
            "per-build overhead",
            "s",
            r.buildSeconds(),
            "bare runc run",
            r.bareRuncSeconds(),
            ratioAtMost(2.0)),
        Measurement.vs(
            "engine",
            "FUSE read " + readMib + " MiB",
            "s",
            r.fuseReadSeconds(),
            "native read",
            r.nativeReadSeconds(),
            ratioAtMost(3.0)),
        Measurement.vs(
            "engine",
            "stream " + lines + " log lines",
            "s",
            r.streamSeconds(),
            "runc > /dev/null",
            r.bareStreamSeconds(),
            ratioAtMost(1.5)));
  }

  private static List<Measurement> service(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    int lines = size.pick(100_000, 1_000_000);
    ServiceBench.Result r =
        ServiceBench.run(new ServiceBench.Config(dir, lines, size.pick(1, 3)), log);
    return List.of(
        Measurement.vs(
            "service",
            lines + " lines into the history",
            "s",
            r.serviceSeconds(),
            "runc > /dev/null",
            r.bareSeconds(),
            ratioAtMost(1.5)));
  }

  private static List<Measurement> tracing(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    long mib = size.pick(64L, 512L);
    TracingBench.Result r =
        TracingBench.run(
            new TracingBench.Config(dir, mib << 20, size.pick(1_000, 5_000), size.pick(2, 5)),
            log);
    return List.of(
        Measurement.vs(
            "tracing",
            "FUSE read " + mib + " MiB, traced",
            "s",
            r.mountOn(),
            "untraced",
            r.mountOff(),
            ratioAtMost(1.10)),
        Measurement.vs(
            "tracing",
            "in the sandbox, traced",
            "s",
            r.largeOn(),
            "untraced",
            r.largeOff(),
            ratioAtMost(1.10)));
  }

  private static List<Measurement> diff(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    int files = size.pick(20_000, 100_000);
    DiffBench.Result r = DiffBench.run(new DiffBench.Config(dir, files, 10, size.pick(1, 3)), log);
    // At least 50 times faster than diff -r: ours / reference at most 1/50.
    return List.of(
        Measurement.vs(
            "diff",
            "tree diff, " + files + " files, 10 differ",
            "s",
            r.treeDiff(),
            "diff -r",
            r.diffR(),
            ratioAtMost(1.0 / 50)));
  }

  private static List<Measurement> terminal(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    long mib = size.pick(4L, 16L);
    TerminalBench.Result r =
        TerminalBench.run(new TerminalBench.Config(dir, mib << 20, size.pick(1, 3)), log);
    return List.of(
        Measurement.vs(
            "terminal",
            mib + " MiB through the in-app terminal",
            "s",
            r.emulator(),
            "script -c cat",
            r.script(),
            none()));
  }

  private static List<Measurement> logView(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    int lines = size.pick(100_000, 1_000_000);
    int warmup = size.pick(20_000, 200_000);
    Map<String, Double> r;
    try (XDisplay display = XDisplay.open()) {
      ProcessBuilder pb = new ProcessBuilder().redirectErrorStream(true);
      List<String> command =
          new ArrayList<>(
              BenchSupport.javaCommand(
                  LogViewBench.class.getName(), List.of("-Xmx1g"), pb.environment()));
      command.addAll(List.of(Integer.toString(lines), Integer.toString(warmup)));
      pb.command(command);
      pb.environment().put("DISPLAY", display.name());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      log.print(out.lines().map(l -> "  " + l + "\n").reduce("", String::concat));
      r = parseResult(out, LogViewBench.RESULT_PREFIX);
    }
    return List.of(
        Measurement.absolute(
            "log-view", "max frame gap, " + lines + " lines", "ms", r.get("maxGapMs"), atMost(100)),
        Measurement.absolute(
            "log-view", "last line shown after the end", "ms", r.get("catchUpMs"), atMost(1000)),
        Measurement.absolute("log-view", "peak heap", "MiB", r.get("peakHeapMiB"), atMost(1024)));
  }

  private static List<Measurement> appStart(BenchSize size, Path dir, PrintStream log)
      throws Exception {
    AppStartBench.Result r = AppStartBench.run(dir, size.pick(2, 5), log);
    return List.of(
        Measurement.vs(
            "app-start",
            "launch to window",
            "ms",
            r.glassboxMs(),
            "bare JavaFX window",
            r.bareMs(),
            atMost(2000)));
  }

  /** {@code PREFIX key=value key=value} from a benchmark's output. */
  static Map<String, Double> parseResult(String output, String prefix) throws IOException {
    for (String line : output.lines().toList()) {
      if (line.startsWith(prefix + " ")) {
        Map<String, Double> values = new TreeMap<>();
        for (String pair : line.substring(prefix.length() + 1).trim().split("\\s+")) {
          int eq = pair.indexOf('=');
          values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
        }
        return values;
      }
    }
    String tail = output.lines().reduce((a, b) -> b).orElse("(no output)");
    throw new IOException("the benchmark printed no '" + prefix + "' line; its last line: " + tail);
  }
}
