package dev.glassbox.ui.log;

import dev.glassbox.sandbox.BuildEvent;
import dev.glassbox.sandbox.BuildListener;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.ui.fx.FxThreads;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Drives a {@link LogView} in a real window with a build that prints as fast as it can, and
 * measures what a user would feel: the longest gap between two frames, how long after the build's
 * last line the view shows it, and the heap. Used by {@code dev.glassbox.bench.LogViewBench}; it
 * lives here because it needs JavaFX and the bench package must not.
 */
public final class LogViewLoad {
  private LogViewLoad() {}

  /**
   * One run.
   *
   * @param lines lines the build prints
   * @param width window width
   * @param height window height
   */
  public record Config(int lines, int width, int height) {}

  /**
   * What one run measured.
   *
   * @param lines logical lines in the document at the end
   * @param produceMillis how long the producer took to hand over every line
   * @param maxPulseGapMillis the longest time between two frames while the build ran and the view
   *     caught up
   * @param p99PulseGapMillis the 99th percentile of those gaps
   * @param frames frames drawn in that time
   * @param catchUpMillis from the build's last line until a frame showed it at the bottom
   * @param peakHeapBytes the most heap in use (live objects and garbage not yet collected) at any
   *     sample, every 5 ms, during the run
   * @param heapAfterGcBytes heap in use after a full GC at the end, with the document still open
   * @param storedBytes bytes of log text in the document's temporary file
   */
  public record Result(
      int lines,
      long produceMillis,
      double maxPulseGapMillis,
      double p99PulseGapMillis,
      long frames,
      double catchUpMillis,
      long peakHeapBytes,
      long heapAfterGcBytes,
      long storedBytes) {}

  /** Runs once; the JavaFX toolkit is started if needed and left running. */
  public static Result run(Config config) throws Exception {
    FxThreads.startToolkit();
    LogDocument doc = LogDocument.create();
    try {
      return run(config, doc);
    } finally {
      doc.close();
    }
  }

  private static Result run(Config config, LogDocument doc) throws Exception {
    Probe probe = new Probe();
    Stage[] stage = new Stage[1];
    LogView[] view = new LogView[1];
    FxThreads.call(
        () -> {
          view[0] = new LogView();
          view[0].setDocument(doc);
          stage[0] = new Stage();
          stage[0].setTitle("LogViewBench");
          stage[0].setScene(new Scene(view[0], config.width(), config.height()));
          stage[0].show();
          probe.view = view[0];
          probe.start();
          return null;
        });
    Thread.sleep(1000); // let the window settle and the pulse rhythm start

    // The app's path: the engine hands BuildEvents to a listener that feeds the document.
    BuildListener listener =
        e -> {
          if (e instanceof BuildEvent.Log log) {
            doc.accept(log.line());
          }
        };
    HeapSampler heap = new HeapSampler();
    heap.start();
    probe.measuring = true;
    long t0 = System.nanoTime();
    Thread producer = new Thread(() -> produce(config.lines(), listener), "bench-build-output");
    producer.start();
    producer.join();
    long t1 = System.nanoTime();
    probe.expectedLines = doc.lineCount();
    probe.producerEnd = t1;
    try {
      probe.caughtUp.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      String why =
          FxThreads.call(
              () ->
                  "shows "
                      + view[0].displayedLineCount()
                      + " of "
                      + probe.expectedLines
                      + " lines, follow "
                      + view[0].isFollow()
                      + ", at end "
                      + view[0].isScrolledToEnd());
      throw new IllegalStateException("the view did not catch up within 60 s: " + why, e);
    }
    Thread.sleep(200); // a few more frames after catching up count too
    probe.measuring = false;
    heap.stop();
    FxThreads.call(
        () -> {
          probe.stop();
          return null;
        });
    System.gc();
    long afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Result r =
        new Result(
            doc.lineCount(),
            (t1 - t0) / 1_000_000,
            probe.maxGap / 1e6,
            probe.percentile(0.99) / 1e6,
            probe.frames,
            probe.catchUpNanos / 1e6,
            heap.max.get(),
            afterGc,
            doc.storedBytes());
    FxThreads.call(
        () -> {
          stage[0].close();
          view[0].dispose();
          return null;
        });
    return r;
  }

  /** A noisy, realistic build: colours, stderr, a long line now and then, progress bars. */
  static void produce(int lines, BuildListener listener) {
    String id = "bench";
    long seq = 0;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      long now = System.currentTimeMillis();
      if (i % 100_000 == 50_000) {
        // A 300 KB line, in 64 KiB pieces as the engine cuts it.
        String chunk = "x".repeat(64 * 1024);
        for (int p = 0; p < 4; p++) {
          listener.onEvent(
              new BuildEvent.Log(id, new LogLine(seq++, LogStream.STDOUT, now, chunk, true)));
        }
        listener.onEvent(
            new BuildEvent.Log(
                id, new LogLine(seq++, LogStream.STDOUT, now, "y".repeat(40_000), false)));
        continue;
      }
      if (i % 20_000 == 10_000) {
        b.setLength(0);
        for (int p = 0; p <= 100; p++) {
          b.append("\rDownloading dependency ").append(i).append(": ").append(p).append('%');
        }
        listener.onEvent(
            new BuildEvent.Log(id, new LogLine(seq++, LogStream.STDOUT, now, b.toString(), false)));
        continue;
      }
      b.setLength(0);
      boolean stderr = i % 10 == 3;
      if (i % 7 == 0) {
        b.append("\u001b[32m[").append(i % 100).append("%]\u001b[0m ");
      }
      if (stderr) {
        b.append(i % 1000 == 3 ? "\u001b[1;31merror:\u001b[0m " : "warning: ");
      }
      b.append("Compiling module ")
          .append(i)
          .append(" src/main/java/dev/example/Module")
          .append(i % 997)
          .append(".java (")
          .append(i * 31 % 4096)
          .append(" bytes)");
      listener.onEvent(
          new BuildEvent.Log(
              id,
              new LogLine(
                  seq++, stderr ? LogStream.STDERR : LogStream.STDOUT, now, b.toString(), false)));
    }
  }

  /** Records the time between frames, on the FX thread, and notices when the view caught up. */
  private static final class Probe extends AnimationTimer {
    LogView view;
    volatile boolean measuring;
    volatile int expectedLines = -1;
    volatile long producerEnd;
    final CompletableFuture<Boolean> caughtUp = new CompletableFuture<>();
    long last;
    long maxGap;
    long frames;
    long catchUpNanos = -1;
    long[] gaps = new long[1 << 16];
    int gapCount;

    @Override
    public void handle(long pulseTime) {
      long t = System.nanoTime();
      if (measuring && last > 0) {
        long gap = t - last;
        maxGap = Math.max(maxGap, gap);
        frames++;
        if (gapCount < gaps.length) {
          gaps[gapCount++] = gap;
        }
      }
      last = t;
      int expected = expectedLines;
      // This timer runs before the view's own update in the same pulse, so a frame that shows
      // everything is detected at the pulse after it: the catch-up time is at most a frame long.
      if (expected >= 0
          && catchUpNanos < 0
          && view.displayedLineCount() == expected
          && view.isScrolledToEnd()) {
        catchUpNanos = t - producerEnd;
        caughtUp.complete(true);
      }
    }

    long percentile(double q) {
      long[] sorted = java.util.Arrays.copyOf(gaps, gapCount);
      java.util.Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
    }
  }

  /** Samples the heap in use every 5 ms and keeps the maximum. */
  private static final class HeapSampler {
    final AtomicLong max = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    void start() {
      thread =
          new Thread(
              () -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                  max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }
  }
}
