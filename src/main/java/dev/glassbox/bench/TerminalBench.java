package dev.glassbox.bench;

import dev.glassbox.terminal.TerminalSession;
import dev.glassbox.terminal.TerminalSize;
import dev.glassbox.terminal.TerminalSpec;
import dev.glassbox.terminal.emulator.TerminalModel;
import dev.glassbox.terminal.process.PtyTerminalLauncher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast the in-app terminal takes a program's output: {@code cat} of a coloured build log on a
 * pseudo-terminal, parsed into the emulator model while another thread takes a snapshot every 16 ms
 * (what the view does once a frame), against {@code script} (util-linux) copying the same {@code
 * cat} through its own pty to {@code /dev/null}, and against the same pty read and discarded in
 * this JVM (the floor the emulator adds to).
 */
public final class TerminalBench {
  /** What to run. */
  public record Config(Path workDir, long bytes, int runs) {
    public Config {
      if (bytes < 1 << 20) {
        throw new IllegalArgumentException("use at least 1 MiB of output");
      }
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be >= 1");
      }
    }
  }

  /** Median seconds per variant. */
  public record Result(long bytes, double emulator, double ptyDiscard, double script) {
    public double ratioToScript() {
      return emulator / script;
    }

    public double ratioToDiscard() {
      return emulator / ptyDiscard;
    }
  }

  private TerminalBench() {}

  public static Result run(Config config, PrintStream log) throws Exception {
    Files.createDirectories(config.workDir());
    Path file = config.workDir().resolve("terminal-bench.log");
    long bytes = writeLog(file, config.bytes());
    log.printf("terminal bench: %.0f MiB of coloured log lines in %s%n", bytes / 1048576.0, file);
    PtyTerminalLauncher launcher = new PtyTerminalLauncher(System.getenv());
    List<Double> emu = new ArrayList<>();
    List<Double> discard = new ArrayList<>();
    List<Double> script = new ArrayList<>();
    boolean haveScript = BenchSupport.onPath("script");
    try {
      for (int i = 0; i <= config.runs(); i++) {
        double e = throughPty(launcher, file, bytes, true);
        double d = throughPty(launcher, file, bytes, false);
        double s =
            haveScript
                ? BenchSupport.timeShell(
                    "stty cols 120 rows 40 2>/dev/null; script -q -e -c 'stty cols 120 rows 40; cat"
                        + " "
                        + BenchSupport.quote(file).replace("'", "'\\''")
                        + "' /dev/null")
                : Double.NaN;
        String tag = i == 0 ? "warm-up" : "run " + i;
        log.printf("  %-8s emulator %.3f s   pty discarded %.3f s   script %.3f s%n", tag, e, d, s);
        if (i > 0) {
          emu.add(e);
          discard.add(d);
          script.add(s);
        }
      }
    } finally {
      launcher.closeAll();
      Files.deleteIfExists(file);
    }
    return new Result(
        bytes,
        BenchSupport.median(emu),
        BenchSupport.median(discard),
        haveScript ? BenchSupport.median(script) : Double.NaN);
  }

  private static double throughPty(
      PtyTerminalLauncher launcher, Path file, long expected, boolean emulate) throws Exception {
    TerminalModel model = new TerminalModel(120, 40, TerminalModel.DEFAULT_SCROLLBACK, b -> {});
    AtomicLong received = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread frames = null;
    if (emulate) {
      frames =
          new Thread(
              () -> {
                while (!done.get()) {
                  model.snapshot(0);
                  try {
                    Thread.sleep(16);
                  } catch (InterruptedException ie) {
                    return;
                  }
                }
              },
              "terminal-bench-frames");
      frames.setDaemon(true);
      frames.start();
    }
    TerminalSpec spec =
        TerminalSpec.of("bench", List.of("cat", file.toString()))
            .withSize(new TerminalSize(120, 40));
    long t0 = System.nanoTime();
    TerminalSession s =
        launcher.start(
            spec,
            (data, off, len) -> {
              if (emulate) {
                model.feed(data, off, len);
              }
              received.addAndGet(len);
            });
    int code = s.exitStatus().get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    done.set(true);
    if (frames != null) {
      frames.join();
    }
    s.close();
    if (code != 0) {
      throw new IOException("cat " + file + " exited with " + code);
    }
    // The pty turns each \n into \r\n, so more arrives than the file holds.
    if (received.get() < expected) {
      throw new IOException("only " + received.get() + " of " + expected + " bytes arrived");
    }
    return seconds;
  }

  /** A build log: compiler lines with colours, progress, UTF-8 and long lines that wrap. */
  private static long writeLog(Path file, long target) throws IOException {
    long written = 0;
    int n = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (written < target) {
        String line =
            switch (n % 6) {
              case 0 ->
                  "\033[1mcc\033[0m -O2 -Wall -c src/module" + n + ".c -o out/module" + n + ".o";
              case 1 ->
                  "\033[1msrc/module"
                      + n
                      + ".c:"
                      + (n % 900)
                      + ":7:\033[0m \033[1;35mwarning:"
                      + "\033[0m unused variable \033[1m'tmp"
                      + n
                      + "'\033[0m [-Wunused-variable]";
              case 2 ->
                  "["
                      + (n % 100)
                      + "%] Building C object CMakeFiles/glassbox.dir/src/"
                      + "module"
                      + n
                      + ".c.o — größe "
                      + n
                      + " → ok ✓";
              case 3 -> "\033[38;5;208mnote:\033[0m " + "x".repeat(150 + n % 50);
              case 4 -> "\033[32m  PASS\033[0m test_" + n + " (" + (n % 97) + " ms)";
              default -> "\033[38;2;120;200;255mlink\033[0m out/glassbox-" + n;
            };
        w.write(line);
        w.write('\n');
        written += line.getBytes(StandardCharsets.UTF_8).length + 1;
        n++;
      }
    }
    return Files.size(file);
  }
}
