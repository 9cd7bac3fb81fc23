package dev.glassbox.bench;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogSink;
import dev.glassbox.sandbox.runc.ContainerExit;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures what streaming a noisy build's output through {@link RuncRuntime} costs, against the
 * same {@code runc run} with its output thrown away.
 *
 * <p>Usage: {@code LogStreamBench [lines] [runs] [warmups]} (defaults 1000000, 7, 3), as root
 * with runc and /bin/busybox installed. Each run starts a fresh container that prints {@code seq 1
 * lines}; the two variants alternate so that machine noise hits both alike.
 */
public final class LogStreamBench {
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private LogStreamBench() {}

  /** Counts lines and characters, so the text must really be decoded and can't be optimized out. */
  private static final class CountingSink implements LogSink {
    private long lines;
    private long chars;

    @Override
    public synchronized void accept(LogLine line) {
      lines++;
      chars += line.text().length();
    }

    synchronized long lines() {
      return lines;
    }
  }

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;

    Path work = Files.createTempDirectory("glassbox-bench-");
    try (RuncRuntime runtime = RuncRuntime.create(work.resolve("runc-state"))) {
      Path bundle = writeBundle(work, lines);
      List<Long> streamed = new ArrayList<>();
      List<Long> discarded = new ArrayList<>();
      for (int i = 0; i < warmups + runs; i++) {
        long s = timeStreamed(runtime, bundle, "bench-s-" + i, lines);
        long d = timeDiscarded(runtime, bundle, "bench-d-" + i);
        if (i >= warmups) {
          streamed.add(s);
          discarded.add(d);
        }
        System.out.printf(
            "%s run %d: RuncRuntime %6.1f ms   runc > /dev/null %6.1f ms%n",
            i < warmups ? "warm-up" : "measured", i, s / 1e6, d / 1e6);
      }
      double medianStreamed = median(streamed) / 1e6;
      double medianDiscarded = median(discarded) / 1e6;
      System.out.printf(
          "%n%d lines, median of %d runs: RuncRuntime %.1f ms, runc > /dev/null %.1f ms,"
              + " ratio %.2fx (target <= 1.5x)%n",
          lines, runs, medianStreamed, medianDiscarded, medianStreamed / medianDiscarded);
    } finally {
      deleteTree(work);
    }
  }

  private static long timeStreamed(RuncRuntime runtime, Path bundle, String id, int expected)
      throws Exception {
    CountingSink sink = new CountingSink();
    long start = System.nanoTime();
    ContainerExit exit = runtime.start(id, bundle, sink).exit().get(5, TimeUnit.MINUTES);
    long took = System.nanoTime() - start;
    if (!exit.equals(new ContainerExit.Exited(0)) || sink.lines() != expected) {
      throw new IllegalStateException(
          "streamed run " + id + " ended " + exit + " with " + sink.lines() + " lines");
    }
    return took;
  }

  private static long timeDiscarded(RuncRuntime runtime, Path bundle, String id)
      throws Exception {
    long start = System.nanoTime();
    Process runc =
        new ProcessBuilder(
                runtime.runcBinary().toString(),
                "--root",
                runtime.stateRoot().toString(),
                "run",
                "--bundle",
                bundle.toString(),
                id)
            .redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int status = runc.waitFor();
    long took = System.nanoTime() - start;
    if (status != 0) {
      throw new IllegalStateException("runc run " + id + " exited with " + status);
    }
    return took;
  }

  /** A busybox rootfs and a config.json that runs {@code seq 1 lines}, written by hand. */
  private static Path writeBundle(Path work, int lines) throws IOException {
    Path bundle = Files.createDirectories(work.resolve("bundle"));
    Path bin = Files.createDirectories(bundle.resolve("root/bin"));
    for (String dir : List.of("proc", "dev", "tmp")) {
      Files.createDirectories(bundle.resolve("root").resolve(dir));
    }
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    String config =
        """
        {"ociVersion":"1.0.2-dev","root":{"path":"root","readonly":true},
         "process":{"terminal":false,"user":{"uid":1000,"gid":1000},
          "args":["/bin/busybox","seq","1","%d"],"env":["PATH=/bin"],"cwd":"/",
          "noNewPrivileges":true},
         "hostname":"bench",
         "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
          {"destination":"/dev","type":"tmpfs","source":"tmpfs",
           "options":["nosuid","strictatime","mode=755","size=65536k"]},
          {"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["nosuid","mode=1777"]}],
         "linux":{"namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"uts"},{"type":"mount"},
          {"type":"network"}]}}
        """
            .formatted(lines);
    Files.writeString(bundle.resolve("config.json"), config, StandardCharsets.UTF_8);
    return bundle;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static void deleteTree(Path root) throws IOException {
    dev.glassbox.castore.ingest.HostTrees.delete(root);
  }
}
