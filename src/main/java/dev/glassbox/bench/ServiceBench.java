package dev.glassbox.bench;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.History;
import dev.glassbox.history.RecordedEvent;
import dev.glassbox.history.StoreLock;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.BuildResult;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.BuildService;
import dev.glassbox.service.ServiceSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A build printing many lines through the whole build service into the history, against {@code
 * runc run} of the same bundle with its output read and discarded: what streaming, numbering,
 * recording and committing every line costs.
 *
 * <p>The service's time runs from the start of the container until every line it printed is
 * committed to the history (seen by polling the history, as another process would).
 */
public final class ServiceBench {
  /** Sizes and repetitions. */
  public record Config(Path workDir, int lines, int runs) {}

  /**
   * Medians and memory.
   *
   * @param serviceSeconds container start until every line is committed, through the service
   * @param bareSeconds {@code runc run} with output discarded
   * @param pairedRatio the median of the ratios of each service run to the bare run right after
   *     it (robust against load that drifts during the benchmark)
   * @param peakRssBytes the JVM's peak resident set ({@code VmHWM})
   */
  public record Result(double serviceSeconds, double bareSeconds, double pairedRatio, int lines, long peakRssBytes) {
    /** Ratio of the medians. */
    public double ratio() {
      return serviceSeconds / bareSeconds;
    }

    public double linesPerSecond() {
      return lines / serviceSeconds;
    }
  }

  private ServiceBench() {}

  public static Result run(Config config, PrintStream out) throws Exception {
    Path work = config.workDir();
    BenchSupport.deleteTree(work);
    Files.createDirectories(work);
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Path storeDir = work.resolve("store");
    Castore store = DiskStore.open(storeDir);
    Path runcState = work.resolve("runc-state");
    try (RuncRuntime runtime = RuncRuntime.create(runcState);
        History history = History.open(storeDir)) {
      SandboxSettings settings = SandboxSettings.detect(work.resolve("bundles"));
      BuildEngine engine = new BuildEngine(store, settings, runtime, new FuseInputMounter(store), pool);
      BuildService service =
          new BuildService(engine, store, pool, history, StoreLock.of(storeDir), ServiceSettings.defaults().withMaxConcurrent(1));
      try {
        service.start();
        out.println("runtime mode: " + settings.mode().label());
        BuildRequest chatty = request(store, pool, work, "seq 1 " + config.lines() + " && mkdir -p $out");
        Path bundle = keptBundle(engine, chatty);
        List<Double> through = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        BuildRecord last = null;
        for (int i = 0; i < config.runs() + 1; i++) {
          long t0 = System.nanoTime();
          BuildHandle h = service.submit(chatty, BuildOptions.defaults());
          Instant durable = awaitRunRecorded(history, h);
          BuildRecord r = h.record().get(10, TimeUnit.MINUTES);
          double whole = (System.nanoTime() - t0) / 1e9;
          if (r.status() != BuildStatus.SUCCEEDED) {
            throw new IOException("the benchmark build did not succeed: " + r.status().label() + " " + r.message());
          }
          double streamed = streamedSeconds(r, durable);
          double b = bareRun(runtime, bundle, runcState);
          out.printf(
              "%s run %d: through the service into the history %.3f s (whole build %.3f s: %s), runc run > /dev/null %.3f s%n",
              i == 0 ? "warm-up" : "measured", i, streamed, whole, phases(r), b);
          if (i > 0) {
            through.add(streamed);
            bare.add(b);
            ratios.add(streamed / b);
          }
          last = r;
        }
        long recorded = countLogLines(history, last.id());
        if (recorded != config.lines()) {
          throw new IOException("the history holds " + recorded + " log lines of build " + last.id() + ", expected " + config.lines());
        }
        out.printf("the history holds all %d lines of the last build%n", recorded);
        return new Result(
            BenchSupport.median(through), BenchSupport.median(bare), BenchSupport.median(ratios), config.lines(), peakRss());
      } finally {
        service.close();
      }
    } finally {
      pool.shutdownNow();
      BenchSupport.deleteTree(work);
    }
  }

  /**
   * When the end of the run phase is committed to the history: events commit in index order, so
   * by then every line the build printed is in the database too. Polled every few milliseconds,
   * which can only make the service look slower.
   */
  private static Instant awaitRunRecorded(History history, BuildHandle h) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      java.util.Optional<BuildRecord> r = history.find(h.id());
      if (r.isPresent() && r.get().phases().stream().anyMatch(t -> t.phase() == Phase.RUN)) {
        return Instant.now();
      }
      if (h.record().isDone()) {
        throw new IOException("build " + h.id() + " ended without a run phase: " + h.record().get().message());
      }
      Thread.sleep(3);
    }
    throw new IOException("build " + h.id() + " did not finish running within 10 minutes");
  }

  /** From the container's start until all its lines were committed to the history. */
  private static double streamedSeconds(BuildRecord r, Instant durable) {
    PhaseTiming start =
        r.phases().stream().filter(t -> t.phase() == Phase.START_CONTAINER).findFirst().orElseThrow();
    return Duration.between(start.start(), durable).toNanos() / 1e9;
  }

  private static String phases(BuildRecord r) {
    StringBuilder sb = new StringBuilder();
    for (PhaseTiming t : r.phases()) {
      if (t.phase().ordinal() >= Phase.START_CONTAINER.ordinal()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(t.phase().label()).append(' ').append(t.durationMillis()).append(" ms");
      }
    }
    return sb.toString();
  }

  private static long countLogLines(History history, String id) throws Exception {
    long n = 0;
    long next = 0;
    while (true) {
      List<RecordedEvent> page = history.events(id, next, 8192);
      if (page.isEmpty()) {
        return n;
      }
      for (RecordedEvent e : page) {
        if (e instanceof RecordedEvent.Log) {
          n++;
        }
      }
      next = page.get(page.size() - 1).index() + 1;
    }
  }

  /** The JVM's peak resident set size, from the kernel. */
  static long peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM in /proc/self/status");
  }

  private static BuildRequest request(Castore store, ExecutorService pool, Path dir, String script) throws Exception {
    String json =
        """
        {"commandArgs": ["/bin/sh", "-c", %s],
         "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
         "outputs": ["nix/store/00000000000000000000000000000000-out"],
         "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
         "constraints": {"system": "%s", "provideBinSh": true}}
        """
            .formatted(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(script), HostFacts.detect().system());
    return new RequestReader(RequestValidator.forThisHost(store)).parse(json, dir, new Ingester(store, pool)::ingest);
  }

  /** Runs once keeping the bundle, to get the same bundle for bare runc. */
  private static Path keptBundle(BuildEngine engine, BuildRequest r) throws IOException {
    BuildResult res = engine.prepare(r, new BuildOptions(KeepSandbox.ALWAYS, Duration.ofMinutes(10)), e -> {}).run();
    if (!(res.outcome() instanceof BuildOutcome.Succeeded)) {
      throw new IOException("the benchmark build failed: " + res.outcome());
    }
    return res.keptBundle().orElseThrow();
  }

  /** {@code runc run} of the bundle; its output is read by the kernel into /dev/null. */
  private static double bareRun(RuncRuntime runtime, Path bundle, Path state) throws IOException, InterruptedException {
    String id = "bench-" + System.nanoTime();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(runtime.runcBinary().toString(), "--root", state.toString(), "run", "--bundle", bundle.toString(), id)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int code = p.waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IOException("bare runc run exited with " + code);
    }
    return s;
  }
}
