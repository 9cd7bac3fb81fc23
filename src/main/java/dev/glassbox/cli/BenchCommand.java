package dev.glassbox.cli;

import dev.glassbox.bench.EngineBench;
import dev.glassbox.bench.IngestBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox bench ingest}: run a benchmark and print its ratios. */
@Command(name = "bench", description = "Run a benchmark side by side with its reference tool and print the ratios.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(paramLabel = "WHICH", description = "Which benchmark: ingest or engine.", defaultValue = "ingest")
  String which;

  @Option(names = "--size-mib", description = "Tree size in MiB (default ${DEFAULT-VALUE}).", defaultValue = "1024")
  long sizeMib;

  @Option(names = "--small-files", description = "Number of small files (default ${DEFAULT-VALUE}).", defaultValue = "20000")
  int smallFiles;

  @Option(names = "--runs", description = "Measured runs after one warm-up (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int runs;

  @Option(names = "--work-dir", description = "Scratch folder (default: /var/tmp/glassbox-bench).", defaultValue = "/var/tmp/glassbox-bench")
  Path workDir;

  @Option(names = "--lines", description = "Lines printed by the streaming build (engine bench, default ${DEFAULT-VALUE}).", defaultValue = "1000000")
  int lines;

  private int engine() throws Exception {
    EngineBench.Result r =
        EngineBench.run(new EngineBench.Config(workDir, 20, sizeMib << 20, lines, runs), System.out);
    System.out.printf(
        "%nENGINE%n  per-build overhead   %.2fx bare runc run   (target <= 2.00x)%n"
            + "  FUSE read in sandbox %.2fx native read      (target <= 3.00x)%n"
            + "  1M-line streaming    %.2fx runc > /dev/null (target <= 1.50x)%n",
        r.overheadRatio(), r.readRatio(), r.streamRatio());
    return 0;
  }

  @Override
  public Integer call() throws Exception {
    if (which.equals("engine")) {
      return engine();
    }
    if (!which.equals("ingest")) {
      throw new UsageException("unknown benchmark '" + which + "'; available: ingest, engine");
    }
    IngestBench.Result r =
        IngestBench.run(new IngestBench.Config(workDir, sizeMib << 20, smallFiles, runs), System.out);
    System.out.printf(
        "%nINGEST  %d files, %.0f MiB%n  glassbox ingest (durable, disk store)  %.3f s  (%.0f MB/s)%n"
            + "  glassbox ingest (store on tmpfs)       %.3f s%n  b3sum                                  %.3f s%n  cp -r + sync                           %.3f s%n"
            + "  ratio ingest/b3sum          %.2fx (target <= 2.00x)%n  ratio tmpfs ingest/b3sum    %.2fx (copy + hash, no disk wait)%n"
            + "  ratio ingest/(cp -r + sync) %.2fx%n",
        r.files(), r.bytes() / 1048576.0, r.ingest(), r.bytes() / r.ingest() / 1e6, r.ingestTmpfs(), r.b3sum(), r.copy(),
        r.ratioToB3sum(), r.tmpfsRatioToB3sum(), r.ratioToCopy());
    return 0;
  }
}
