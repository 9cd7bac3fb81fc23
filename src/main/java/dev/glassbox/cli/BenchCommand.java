package dev.glassbox.cli;

import dev.glassbox.bench.DiffBench;
import dev.glassbox.bench.TerminalBench;
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

  @Option(
      names = "--output-mib",
      description = "terminal alone: output printed into the terminal (default ${DEFAULT-VALUE}).",
      defaultValue = "64")
  long outputMib;

  @Option(names = "--files", description = "diff alone: files per tree (default ${DEFAULT-VALUE}).", defaultValue = "100000")
  int files;

  @Option(names = "--differing", description = "diff alone: files that differ between the two trees (default ${DEFAULT-VALUE}).", defaultValue = "10")
  int differing;

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

  private int terminal() throws Exception {
    TerminalBench.Result r =
        TerminalBench.run(new TerminalBench.Config(workDir, outputMib << 20, runs), System.out);
    System.out.printf(
        "%nTERMINAL  %.0f MiB of coloured build output through a pty into the emulator%n"
            + "  glassbox terminal (pty + emulator + 60 fps snapshots) %.3f s  (%.0f MB/s)%n"
            + "  script -c cat > /dev/null (util-linux, its own pty)    %.3f s%n"
            + "  same pty read and discarded in this JVM                %.3f s%n"
            + "  ratio to script %.2fx, to the bare pty %.2fx%n",
        r.bytes() / 1048576.0, r.emulator(), r.bytes() / r.emulator() / 1e6, r.script(),
        r.ptyDiscard(), r.ratioToScript(), r.ratioToDiscard());
    return 0;
  }
  private int diff() throws Exception {
    DiffBench.Result r = DiffBench.run(new DiffBench.Config(workDir, files, differing, runs), System.out);
    System.out.printf(
        "%nDIFF  two trees of %d files differing in %d%n"
            + "  glassbox tree diff  %.4f s  (%d directories read)%n"
            + "  diff -r             %.3f s%n"
            + "  speed-up %.0fx over diff -r (target >= 50x)%n",
        r.files(), r.differing(), r.treeDiff(), r.directoriesRead(), r.diffR(), r.speedup());
    return 0;
  }
  private int tracing() throws Exception {
    dev.glassbox.bench.TracingBench.Result r =
        dev.glassbox.bench.TracingBench.run(
            new dev.glassbox.bench.TracingBench.Config(workDir, sizeMib << 20, smallFiles, runs),
            System.out);
    System.out.printf(
        "%nTRACING  input access tracing on vs off%n"
            + "  FUSE mount   traced %.3f s, untraced %.3f s: %.3fx (median of paired ratios %.3fx)"
            + " (dd of one blob, no sandbox)%n"
            + "  FUSE mount   traced %.3f s, untraced %.3f s: %.3fx (median of paired ratios %.3fx)"
            + " (tar of the small files, no sandbox)%n"
            + "  in the sandbox (run phase of tar | dd):%n"
            + "  large tree   traced %.3f s, untraced %.3f s: %.3fx (median of paired ratios %.3fx)"
            + " (target <= 1.10x)%n"
            + "  small files  traced %.3f s, untraced %.3f s: %.3fx (median of paired ratios %.3fx)"
            + " (target <= 1.10x), %d paths traced%n"
            + "  the recorder's own cost %.0f ns per FUSE call%n",
        r.mountOn(), r.mountOff(), r.mountRatio(), r.mountPairedRatio(),
        r.mountSmallOn(), r.mountSmallOff(), r.mountSmallRatio(), r.mountSmallPairedRatio(),
        r.largeOn(), r.largeOff(), r.largeRatio(), r.largePairedRatio(),
        r.smallOn(), r.smallOff(), r.smallRatio(), r.smallPairedRatio(), r.pathsTraced(),
        r.recorderNanosPerCall());
    return 0;
  }
  @Override
  public Integer call() throws Exception {
    if (which.equals("all")) {
      return suite(BenchSuite.ENTRIES);
    }
    // These benchmarks keep their own sizes and detailed report when run alone.
    if (!quick && which.equals("engine")) {
      return engine();
    }
    if (!quick && which.equals("service")) {
      return service();
    }
    if (!quick && which.equals("ingest")) {
      return ingest();
    }
    if (!quick && which.equals("terminal")) {
      return terminal();
    }
    if (!quick && which.equals("diff")) {
      return diff();
    }
    if (!quick && which.equals("tracing")) {
      return tracing();
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
