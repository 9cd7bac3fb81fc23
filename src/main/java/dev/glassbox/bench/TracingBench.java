package dev.glassbox.bench;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.BuildResult;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.access.AccessRecorder;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.sandbox.fuse.AccessObserver;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.fuse.FuseMount;
import dev.glassbox.sandbox.fuse.FuseOptions;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The cost of input access tracing: the engine benchmark's FUSE read (tar of an input tree inside
 * the sandbox, piped to dd) with tracing on and off, alternating in one warm JVM, on a tree with a
 * large file and on one of many small files (where per-call costs show most).
 */
public final class TracingBench {
  /** Sizes and repetitions. */
  public record Config(Path workDir, long readTreeBytes, int smallFiles, int runs) {}

  /** Median run-phase seconds per tree, tracing on and off. */
  public record Result(
      double largeOn,
      double largeOff,
      double largePairedRatio,
      double smallOn,
      double smallOff,
      double smallPairedRatio,
      long pathsTraced,
      double recorderNanosPerCall,
      double mountOn,
      double mountOff,
      double mountPairedRatio,
      double mountSmallOn,
      double mountSmallOff,
      double mountSmallPairedRatio) {
    public double mountRatio() {
      return mountOn / mountOff;
    }

    public double mountSmallRatio() {
      return mountSmallOn / mountSmallOff;
    }

    public double largeRatio() {
      return largeOn / largeOff;
    }

    public double smallRatio() {
      return smallOn / smallOff;
    }
  }

  // As the engine mounts inputs (FuseInputMounter's default): root listing on, no xattrs.
  private static final FuseOptions ENGINE_FUSE_OPTIONS = new FuseOptions(true, false);

  private final Config config;
  private final PrintStream out;
  private final Castore store;
  private final BuildEngine engine;
  private final RuncRuntime runtime;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  private TracingBench(Config config, PrintStream out) throws Exception {
    this.config = config;
    this.out = out;
    Path work = config.workDir();
    BenchSupport.deleteTree(work);
    Files.createDirectories(work);
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    this.store = DiskStore.open(work.resolve("store"));
    this.runtime = RuncRuntime.create(work.resolve("runc-state"));
    SandboxSettings settings = SandboxSettings.detect(work.resolve("bundles"));
    this.engine = new BuildEngine(store, settings, runtime, new FuseInputMounter(store), pool);
  }

  public static Result run(Config config, PrintStream out) throws Exception {
    TracingBench b = new TracingBench(config, out);
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
    double[] mount = mountOnly();
    double[] mountSmall = mountOnlySmallFiles();
    Path large = config.workDir().resolve("large");
    IngestBench.makeTree(large, config.readTreeBytes(), 2000);
    Pair l = pair("large", config.readTreeBytes() >> 20, "MiB, 2000 small files + one large");
    BenchSupport.deleteTree(large);
    Path small = config.workDir().resolve("small");
    long bytes = IngestBench.makeTree(small, 0, config.smallFiles());
    Pair s = pair("small", bytes >> 20, "MiB in " + config.smallFiles() + " small files");
    BenchSupport.deleteTree(small);
    double ns = recorderCost(config.smallFiles());
    out.printf(
        "the recorder alone, in process: %.0f ns per FUSE call (a lookup, an open and two reads per"
            + " file, %d distinct files), so about %.1f ms of the small-file run%n",
        ns, config.smallFiles(), ns * 4 * config.smallFiles() / 1e6);
    return new Result(
        l.on,
        l.off,
        l.paired,
        s.on,
        s.off,
        s.paired,
        s.paths,
        ns,
        mount[0],
        mount[1],
        mount[2],
        mountSmall[0],
        mountSmall[1],
        mountSmall[2]);
  }

  private record Pair(double on, double off, double paired, long paths) {}

  /**
   * FUSE alone, without runc: one large blob mounted twice, once traced and once not, read
   * alternately by {@code dd} in another process (warm page cache for the blob). The least noisy
   * measure; returns the traced and untraced medians and the paired ratio.
   */
  private double[] mountOnly() throws Exception {
    long size = config.readTreeBytes();
    Path tree = config.workDir().resolve("blob-tree");
    Files.createDirectories(tree);
    IngestBench.makeTree(tree, size, 0);
    Digest digest = store.blobs().putFile(tree.resolve("large.bin"));
    BenchSupport.deleteTree(tree);
    NamedNode root = new NamedNode(PathComponent.of("in"), new FileNode(digest, size, false));
    return alternateOnMounts(
        "read " + (size >> 20) + " MiB (one blob) through a FUSE mount, no sandbox",
        root,
        mnt -> "dd bs=1M of=/dev/null status=none if=" + BenchSupport.quote(mnt.resolve("in")),
        size);
  }

  /** The same with a tree of small files read by {@code tar}: per-call costs weigh most here. */
  private double[] mountOnlySmallFiles() throws Exception {
    Path tree = config.workDir().resolve("small-tree");
    long bytes = IngestBench.makeTree(tree, 0, config.smallFiles());
    Node node = new Ingester(store, pool).ingest(tree);
    BenchSupport.deleteTree(tree);
    return alternateOnMounts(
        "read " + config.smallFiles() + " small files through a FUSE mount, no sandbox",
        new NamedNode(PathComponent.of("in"), node),
        mnt ->
            "set -o pipefail; cd "
                + BenchSupport.quote(mnt)
                + " && tar cf - in | dd bs=1M of=/dev/null status=none",
        bytes);
  }

  /**
   * Mounts {@code root} twice, traced and untraced, and runs {@code command} (given the mount
   * point) alternately on each; checks the traced mount saw at least {@code minBytes} read.
   */
  private double[] alternateOnMounts(
      String label, NamedNode root, Function<Path, String> command, long minBytes)
      throws Exception {
    Path onDir = Files.createDirectories(config.workDir().resolve("mnt-traced"));
    Path offDir = Files.createDirectories(config.workDir().resolve("mnt-untraced"));
    AccessRecorder recorder = new AccessRecorder();
    List<Double> on = new ArrayList<>();
    List<Double> off = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (FuseMount tm =
            FuseMount.mount(store, List.of(root), onDir, ENGINE_FUSE_OPTIONS, recorder);
        FuseMount um =
            FuseMount.mount(
                store, List.of(root), offDir, ENGINE_FUSE_OPTIONS, AccessObserver.NONE)) {
      String onCmd = command.apply(tm.mountPoint());
      String offCmd = command.apply(um.mountPoint());
      for (int i = 0; i < 2 * config.runs() + 1; i++) {
        boolean onFirst = i % 2 == 0;
        double a = BenchSupport.timeShell(onFirst ? onCmd : offCmd);
        double b = BenchSupport.timeShell(onFirst ? offCmd : onCmd);
        if (i >= 1) {
          double tOn = onFirst ? a : b;
          double tOff = onFirst ? b : a;
          on.add(tOn);
          off.add(tOff);
          ratios.add(tOn / tOff);
        }
      }
    }
    long read = recorder.snapshot().bytesRead();
    if (read < minBytes) {
      throw new IOException(
          "the traced mount recorded " + read + " bytes read, expected " + minBytes);
    }
    out.printf(
        "%s: traced %.3f s, untraced %.3f s (medians of %d)%n",
        label, BenchSupport.median(on), BenchSupport.median(off), on.size());
    return new double[] {
      BenchSupport.median(on), BenchSupport.median(off), BenchSupport.median(ratios)
    };
  }

  /**
   * The recorder's own cost per call, without FUSE, runc or the disk: the calls a build reading
   * {@code files} small files makes, on fresh recorders, best of several rounds. This bounds what
   * tracing can add, independent of how loaded the machine is.
   */
  static double recorderCost(int files) {
    String[] paths = new String[files];
    for (int i = 0; i < files; i++) {
      paths[i] = "/in/d" + (i % 100) + "/f" + i;
    }
    double best = Double.MAX_VALUE;
    long sink = 0;
    for (int round = 0; round < 15; round++) {
      AccessRecorder r = new AccessRecorder();
      long t0 = System.nanoTime();
      for (String p : paths) {
        // Fresh strings, as jnr-fuse decodes a new one for every call.
        r.lookup(new String(p), true);
        r.open(new String(p), 0x8000);
        r.read(new String(p), 0, 4096);
        r.read(new String(p), 4096, 0);
      }
      long t = System.nanoTime() - t0;
      sink += r.snapshot().paths().size();
      best = Math.min(best, t / (4.0 * files));
    }
    if (sink == 0) {
      throw new IllegalStateException("the recorder recorded nothing");
    }
    return best;
  }

  /** Alternates traced and untraced builds reading the tree; the first pair warms up. */
  private Pair pair(String name, long mib, String what) throws Exception {
    BuildRequest reader =
        request(
            name, "tar cf - /nix/store/in | dd bs=1M of=/dev/null 2>/dev/null && mkdir -p $out");
    List<Double> on = new ArrayList<>();
    List<Double> off = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    long paths = 0;
    for (int i = 0; i < config.runs() + 1; i++) {
      // Alternate which goes first, so drift (page cache, other load) hits both alike.
      boolean onFirst = i % 2 == 0;
      double a = onFirst ? time(reader, true) : time(reader, false);
      double b = onFirst ? time(reader, false) : time(reader, true);
      double tOn = onFirst ? a : b;
      double tOff = onFirst ? b : a;
      if (i >= 1) {
        on.add(tOn);
        off.add(tOff);
        ratios.add(tOn / tOff);
      }
    }
    paths = lastPaths;
    out.printf(
        "read %d %s through FUSE: traced %.3f s, untraced %.3f s (medians of %d), %d paths"
            + " traced%n",
        mib, what, BenchSupport.median(on), BenchSupport.median(off), on.size(), paths);
    return new Pair(
        BenchSupport.median(on), BenchSupport.median(off), BenchSupport.median(ratios), paths);
  }

  private long lastPaths;

  private double time(BuildRequest r, boolean trace) throws IOException {
    BuildResult res =
        engine.prepare(r, BuildOptions.defaults().withTraceInputs(trace), e -> {}).run();
    if (!(res.outcome() instanceof BuildOutcome.Succeeded)) {
      throw new IOException("the benchmark build failed: " + res.outcome());
    }
    if (trace) {
      InputAccess a =
          res.inputAccess().orElseThrow(() -> new IOException("a traced build returned no trace"));
      if (a.bytesRead() == 0) {
        throw new IOException("the traced build read nothing: tracing is broken");
      }
      lastPaths = a.paths().size();
    } else if (res.inputAccess().isPresent()) {
      throw new IOException("an untraced build returned a trace");
    }
    return res.phases().stream()
            .filter(t -> t.phase() == Phase.RUN)
            .mapToLong(PhaseTiming::durationMillis)
            .sum()
        / 1000.0;
  }

  private BuildRequest request(String dir, String script) throws Exception {
    String json =
        """
{"inputs": [{"name": "in", "path": "%s"}],
 "commandArgs": ["/bin/sh", "-c", %s],
 "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
 "outputs": ["nix/store/00000000000000000000000000000000-out"],
 "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
 "constraints": {"system": "%s", "provideBinSh": true}}
"""
            .formatted(
                dir,
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(script),
                HostFacts.detect().system());
    Ingester ingester = new Ingester(store, pool);
    return new RequestReader(RequestValidator.forThisHost(store))
        .parse(json, config.workDir(), ingester::ingest);
  }
}
