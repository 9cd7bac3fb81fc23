package dev.glassbox.cli;

import dev.glassbox.bench.BenchEntry;
import dev.glassbox.bench.BenchReport;
import dev.glassbox.bench.BenchSize;
import dev.glassbox.bench.BenchSuite;
import dev.glassbox.bench.EngineBench;
import dev.glassbox.bench.IngestBench;
import dev.glassbox.bench.ServiceBench;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code glassbox bench [all|NAME]}: with no name (or {@code all}) every benchmark of the suite,
 * side by side with its reference, into one table, JSON and a chart; with a name one of them
 * (ingest, engine and service also take their own sizes).
 */
@Command(
    name = "bench",
    description = {
      "Run the benchmarks side by side with their reference tools and print the ratios.",
      "With no WHICH (or 'all'): every benchmark, one table, written to target/bench/ as"
          + " results.json, results.png and results.md."
    })
final class BenchCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "WHICH",
      arity = "0..1",
      description = "all (the default), or one of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Names.class,
      defaultValue = "all")
  String which;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--quick", description = "Small workloads: a CI smoke run (the whole suite in a few minutes).")
  boolean quick;

  @Option(names = "--out", description = "Where the suite writes its results (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/bench")
  Path out;

  @Option(names = "--size-mib", description = "ingest/engine alone: tree size in MiB (default ${DEFAULT-VALUE}).", defaultValue = "1024")
  long sizeMib;

  @Option(names = "--small-files", description = "ingest alone: number of small files (default ${DEFAULT-VALUE}).", defaultValue = "20000")
  int smallFiles;

  @Option(names = "--runs", description = "ingest/engine/service alone: measured runs after one warm-up (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int runs;

  @Option(names = "--work-dir", description = "Scratch folder (default: /var/tmp/glassbox-bench).", defaultValue = "/var/tmp/glassbox-bench")
  Path workDir;

  @Option(names = "--lines", description = "engine/service alone: lines printed by the streaming build (default ${DEFAULT-VALUE}).", defaultValue = "1000000")
  int lines;

  /** The names picocli lists in the help. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return BenchSuite.ENTRIES.stream().map(BenchEntry::name).iterator();
    }
  }

  private int suite(List<BenchEntry> entries) throws Exception {
    BenchSize size = quick ? BenchSize.QUICK : BenchSize.FULL;
    Instant started = Instant.now();
    List<BenchSuite.Outcome> outcomes = BenchSuite.run(entries, size, workDir.resolve("suite"), System.out);
    BenchReport report = new BenchReport(outcomes, size, started);
    System.out.printf("%n%s%n", report.table());
    for (Path p : report.write(out)) {
      System.out.println("wrote " + p.toAbsolutePath());
    }
    boolean failed = outcomes.stream().anyMatch(o -> o instanceof BenchSuite.Outcome.Failed);
    System.out.println(
        failed
            ? "some benchmarks failed (above)"
            : report.allMet() ? "every target met" : "not every benchmark ran or met its target (see the table)");
    // A missed target is a result, not an error; a benchmark that could not run at all is.
    return failed ? 1 : 0;
  }

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

  private int service() throws Exception {
    ServiceBench.Result r = ServiceBench.run(new ServiceBench.Config(workDir, lines, runs), System.out);
    System.out.printf(
        "%nSERVICE  %d lines through the build service into the history%n"
            + "  service (container start to last line committed)  %.3f s   %.0f lines/s%n"
            + "  runc run > /dev/null                               %.3f s%n"
            + "  ratio of medians %.2fx, median of paired ratios %.2fx (target <= 1.50x)%n"
            + "  peak RSS of this JVM (VmHWM) %.0f MiB, max heap %.0f MiB%n",
        r.lines(), r.serviceSeconds(), r.linesPerSecond(), r.bareSeconds(), r.ratio(), r.pairedRatio(),
        r.peakRssBytes() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    return 0;
  }

  private int ingest() throws Exception {
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

  @Override
  public Integer call() throws Exception {
    if (which.equals("all")) {
      return suite(BenchSuite.ENTRIES);
    }
    // The three older benchmarks keep their own sizes and detailed report when run alone.
    if (!quick && which.equals("engine")) {
      return engine();
    }
    if (!quick && which.equals("service")) {
      return service();
    }
    if (!quick && which.equals("ingest")) {
      return ingest();
    }
    BenchEntry entry =
        BenchSuite.find(which)
            .orElseThrow(
                () ->
                    new UsageException(
                        "unknown benchmark '" + which + "'; available: all, "
                            + BenchSuite.ENTRIES.stream().map(BenchEntry::name).collect(Collectors.joining(", "))));
    return suite(List.of(entry));
  }
}
