package dev.glassbox.bench;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildEvent;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.BuildResult;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox engine against bare runc, side by side in one warm JVM: per-build overhead, reading
 * a large input tree through FUSE, and streaming a million log lines.
 */
public final class EngineBench {
  /** Sizes and repetitions. */
  public record Config(Path workDir, int overheadRuns, long readTreeBytes, int lines, int runs) {}

  /** Median seconds for each pair and their ratios. */
  public record Result(
      double buildSeconds,
      double bareRuncSeconds,
      double fuseReadSeconds,
      double nativeReadSeconds,
      double streamSeconds,
      double bareStreamSeconds) {
    public double overheadRatio() {
      return buildSeconds / bareRuncSeconds;
    }

    public double readRatio() {
      return fuseReadSeconds / nativeReadSeconds;
    }

    public double streamRatio() {
      return streamSeconds / bareStreamSeconds;
    }
  }

  private final Config config;
  private final PrintStream out;
  private final Castore store;
  private final BuildEngine engine;
  private final RuncRuntime runtime;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final Path runc;
  private final Path runcState;

  private EngineBench(Config config, PrintStream out) throws Exception {
    this.config = config;
    this.out = out;
    Path work = config.workDir();
    BenchSupport.deleteTree(work);
    Files.createDirectories(work);
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    this.store = DiskStore.open(work.resolve("store"));
    this.runcState = work.resolve("runc-state");
    this.runtime = RuncRuntime.create(runcState);
    this.runc = runtime.runcBinary();
    SandboxSettings settings = SandboxSettings.detect(work.resolve("bundles"));
    this.engine = new BuildEngine(store, settings, runtime, new FuseInputMounter(store), pool);
  }

  public static Result run(Config config, PrintStream out) throws Exception {
    EngineBench b = new EngineBench(config, out);
    try {
      return b.measure();
    } finally {
      b.runtime.close();
      b.pool.shutdownNow();
      BenchSupport.deleteTree(config.workDir());
    }
  }

  private Result measure() throws Exception {
    out.println("runtime mode: " + engine.settings().mode().label());
    // 1. Overhead: a tiny build with one input and one output.
    Path src = Files.createDirectories(config.workDir().resolve("src"));
    Files.writeString(src.resolve("data.txt"), "hello\n");
    BuildRequest tiny = request("[{\"name\": \"src\", \"path\": \"src\"}]", "mkdir -p $out && cat /nix/store/src/data.txt > $out/f");
    Path tinyBundle = keptBundle(tiny);
    Files.createDirectories(tinyBundle.resolve("inputs/src"));
    Files.copy(src.resolve("data.txt"), tinyBundle.resolve("inputs/src/data.txt"));
    List<Double> build = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    java.util.Map<Phase, List<Double>> byPhase = new java.util.EnumMap<>(Phase.class);
    for (int i = 0; i < config.overheadRuns() + 3; i++) {
      Timed tb = timeBuild(tiny);
      double tr = timeBareRunc(tinyBundle, false);
      if (i >= 3) {
        build.add(tb.total);
        bare.add(tr);
        for (PhaseTiming pt : tb.result.phases()) {
          byPhase.computeIfAbsent(pt.phase(), k -> new ArrayList<>()).add((double) pt.durationMillis());
        }
      }
    }
    out.printf("overhead: build %.1f ms, bare runc run %.1f ms; median per phase:", 1000 * BenchSupport.median(build), 1000 * BenchSupport.median(bare));
    byPhase.forEach((ph, xs) -> out.printf(" %s %.0f ms,", ph.label(), BenchSupport.median(xs)));
    out.println();

    // 2. Reading a large input tree through FUSE inside the sandbox vs natively. Both pipe tar
    // into dd: "tar cf /dev/null" alone would sendfile(2) to /dev/null, which reads nothing.
    Path tree = config.workDir().resolve("readtree");
    IngestBench.makeTree(tree, config.readTreeBytes(), 2000);
    BuildRequest reader = request("[{\"name\": \"in\", \"path\": \"readtree\"}]", "tar cf - /nix/store/in | dd bs=1M of=/dev/null 2>/dev/null && mkdir -p $out");
    List<Double> fuse = new ArrayList<>();
    List<Double> nat = new ArrayList<>();
    String shell = SandboxSettings.findSandboxShell().orElseThrow().toString();
    for (int i = 0; i < config.runs() + 1; i++) {
      Timed t = timeBuild(reader);
      double n = BenchSupport.timeShell("cd " + BenchSupport.quote(config.workDir()) + " && " + shell + " tar cf - readtree | " + shell + " dd bs=1M of=/dev/null 2>/dev/null");
      if (i >= 1) {
        fuse.add(t.run);
        nat.add(n);
      }
    }
    out.printf("read %d MiB: through FUSE in the sandbox %.3f s, native %.3f s%n", config.readTreeBytes() >> 20, BenchSupport.median(fuse), BenchSupport.median(nat));
    BenchSupport.deleteTree(tree);

    // 3. A build that prints many lines, through the engine vs runc with output discarded.
    BuildRequest chatty = request("[]", "seq 1 " + config.lines() + " && mkdir -p $out");
    Path chattyBundle = keptBundle(chatty);
    List<Double> stream = new ArrayList<>();
    List<Double> bareStream = new ArrayList<>();
    for (int i = 0; i < config.runs() + 1; i++) {
      AtomicLong count = new AtomicLong();
      Timed t = timeBuild(chatty, count);
      if (count.get() != config.lines()) {
        throw new IOException("expected " + config.lines() + " log lines, got " + count.get());
      }
      double r = timeBareRunc(chattyBundle, true);
      if (i >= 1) {
        stream.add(t.startAndRun);
        bareStream.add(r);
      }
    }
    out.printf("stream %d lines: engine %.3f s, runc run > /dev/null %.3f s%n", config.lines(), BenchSupport.median(stream), BenchSupport.median(bareStream));
    return new Result(
        BenchSupport.median(build), BenchSupport.median(bare),
        BenchSupport.median(fuse), BenchSupport.median(nat),
        BenchSupport.median(stream), BenchSupport.median(bareStream));
  }

  private BuildRequest request(String inputs, String script) throws Exception {
    String json =
        """
        {"inputs": %s,
         "commandArgs": ["/bin/sh", "-c", %s],
         "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
         "outputs": ["nix/store/00000000000000000000000000000000-out"],
         "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
         "constraints": {"system": "%s", "provideBinSh": true}}
        """
            .formatted(inputs, new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(script), HostFacts.detect().system());
    Ingester ingester = new Ingester(store, pool);
    return new RequestReader(RequestValidator.forThisHost(store)).parse(json, config.workDir(), ingester::ingest);
  }

  /** Runs once keeping the bundle, to get an equivalent hand-runnable bundle for bare runc. */
  private Path keptBundle(BuildRequest r) throws IOException {
    BuildResult res = engine.prepare(r, new BuildOptions(KeepSandbox.ALWAYS, Duration.ofMinutes(10)), e -> {}).run();
    if (!(res.outcome() instanceof BuildOutcome.Succeeded)) {
      throw new IOException("the benchmark build failed: " + res.outcome());
    }
    return res.keptBundle().orElseThrow();
  }

  /** Wall time of a whole build, of its run phase, and of container start plus run. */
  private record Timed(double total, double run, double startAndRun, BuildResult result) {}

  private Timed timeBuild(BuildRequest r) throws IOException {
    return timeBuild(r, new AtomicLong());
  }

  private Timed timeBuild(BuildRequest r, AtomicLong lines) throws IOException {
    long t0 = System.nanoTime();
    BuildResult res =
        engine.prepare(r, BuildOptions.defaults(), e -> {
          if (e instanceof BuildEvent.Log) {
            lines.incrementAndGet();
          }
        }).run();
    double total = (System.nanoTime() - t0) / 1e9;
    if (!(res.outcome() instanceof BuildOutcome.Succeeded)) {
      throw new IOException("the benchmark build failed: " + res.outcome());
    }
    double run = millis(res, Phase.RUN) / 1000.0;
    return new Timed(total, run, run + millis(res, Phase.START_CONTAINER) / 1000.0, res);
  }

  private static long millis(BuildResult r, Phase p) {
    return r.phases().stream().filter(t -> t.phase() == p).mapToLong(PhaseTiming::durationMillis).sum();
  }

  private double timeBareRunc(Path bundle, boolean discard) throws IOException, InterruptedException {
    String id = "bench-" + System.nanoTime();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(runc.toString(), "--root", runcState.toString(), "run", "--bundle", bundle.toString(), id)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(discard ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT)
            .start();
    int code = p.waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IOException("bare runc run exited with " + code);
    }
    return s;
  }
}
