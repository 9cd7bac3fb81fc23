package dev.glassbox.bench;

import dev.glassbox.ui.log.LogViewLoad;

/**
 * The live log view under a build that prints a million lines as fast as it can, through the path
 * the app uses (BuildEvent listener, LogDocument, LogView in a real window).
 *
 * <p>Usage: {@code LogViewBench [lines] [warmupLines]} (defaults 1000000 and 200000). Needs a
 * display: run under Xvfb ({@code xvfb-run}) or with Monocle on the class path and {@code
 * -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw}. Run with {@code -Xmx1g}
 * to show the heap target holds. Targets: no frame gap over 100 ms, the view shows the last line
 * within 1 s of the build's end, heap under 1 GiB.
 */
public final class LogViewBench {
  static final String RESULT_PREFIX = "LOGVIEW-RESULT";

  private LogViewBench() {}

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    if (warmup > 0) {
      LogViewLoad.Result w = LogViewLoad.run(new LogViewLoad.Config(warmup, 1200, 800));
      System.out.printf(
          "warm-up: %,d lines, max frame gap %.1f ms, caught up after %.1f ms%n",
          w.lines(), w.maxPulseGapMillis(), w.catchUpMillis());
    }
    LogViewLoad.Result r = LogViewLoad.run(new LogViewLoad.Config(lines, 1200, 800));
    double mib = 1024.0 * 1024.0;
    boolean gapOk = r.maxPulseGapMillis() <= 100;
    boolean catchUpOk = r.catchUpMillis() <= 1000;
    boolean heapOk = r.peakHeapBytes() < 1024 * mib;
    System.out.printf(
        "%nLOG VIEW  %,d lines printed in %,d ms (%,.0f lines/s), %.0f MiB of text on disk%n"
            + "  max frame gap        %7.1f ms   (target <= 100 ms)  %s%n"
            + "  p99 frame gap        %7.1f ms   (%,d frames)%n"
            + "  catch-up after end   %7.1f ms   (target <= 1000 ms) %s%n"
            + "  peak heap used       %7.1f MiB  (target < 1024 MiB) %s%n"
            + "  heap after full GC   %7.1f MiB  (max heap %.0f MiB)%n",
        lines,
        r.produceMillis(),
        lines / (r.produceMillis() / 1000.0),
        r.storedBytes() / mib,
        r.maxPulseGapMillis(),
        gapOk ? "ok" : "MISSED",
        r.p99PulseGapMillis(),
        r.frames(),
        r.catchUpMillis(),
        catchUpOk ? "ok" : "MISSED",
        r.peakHeapBytes() / mib,
        heapOk ? "ok" : "MISSED",
        r.heapAfterGcBytes() / mib,
        Runtime.getRuntime().maxMemory() / mib);
    // One machine-readable line for the benchmark suite, which runs this in a JVM of its own.
    System.out.printf(
        java.util.Locale.ROOT,
        "%s maxGapMs=%.3f catchUpMs=%.3f peakHeapMiB=%.3f linesPerSecond=%.1f%n",
        RESULT_PREFIX,
        r.maxPulseGapMillis(),
        r.catchUpMillis(),
        r.peakHeapBytes() / mib,
        lines / (r.produceMillis() / 1000.0));
    System.exit(gapOk && catchUpOk && heapOk ? 0 : 1);
  }
}
