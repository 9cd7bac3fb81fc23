package dev.glassbox.bench;

import dev.glassbox.castore.blake3.Blake3;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compares {@link Blake3#hashFile} with the {@code b3sum} tool on one large file and on many
 * small files; usage: {@code Blake3Bench [largeMiB] [smallFiles]} (defaults 512 and 20000).
 */
public final class Blake3Bench {
  private static final int RUNS = 5;

  private Blake3Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--hash-tree")) {
      hashTree(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int largeMib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    int smallCount = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Path dir = Files.createTempDirectory("blake3-bench");
    try {
      System.out.printf("JVM %s, %d cores%n",
          System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
      large(dir, largeMib);
      small(dir, smallCount);
      tree(dir);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Median seconds to hash one large file, ours (warm JIT) and b3sum's (process included). */
  public record LargeFile(double hashFileSeconds, double b3sumSeconds, long bytes) {}

  /**
   * For the suite: one file of {@code mib} MiB of random bytes in {@code dir}, hashed by
   * {@link Blake3#hashFile} and by {@code b3sum}, alternating, after one warm-up of each; the
   * digests must agree.
   */
  public static LargeFile compareLarge(Path dir, int mib, int runs) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("large.bin");
    SplittableRandom random = new SplittableRandom(1);
    byte[] block = new byte[1 << 20];
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < mib; i++) {
        random.nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      out.force(true);
    }
    double[] ours = new double[runs];
    double[] theirs = new double[runs];
    for (int i = -1; i < runs; i++) {
      long t0 = System.nanoTime();
      String digest = HexFormat.of().formatHex(Blake3.hashFile(file));
      double o = seconds(t0);
      t0 = System.nanoTime();
      String reference = b3sum(List.of(file.toString())).trim();
      double t = seconds(t0);
      check(digest.equals(reference), "Blake3.hashFile gives " + digest + ", b3sum " + reference);
      if (i >= 0) {
        ours[i] = o;
        theirs[i] = t;
      }
    }
    return new LargeFile(median(ours), median(theirs), (long) mib << 20);
  }

  private static void large(Path dir, int mib) throws Exception {
    Path file = dir.resolve("large.bin");
    SplittableRandom random = new SplittableRandom(1);
    byte[] block = new byte[1 << 20];
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      for (int i = 0; i < mib; i++) {
        random.nextBytes(block);
        ByteBuffer buffer = ByteBuffer.wrap(block);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      // Write-back of dirty pages would otherwise compete for the CPU during the first runs.
      out.force(true);
    }
    double mb = mib * 1048576.0 / 1e6;
    System.out.printf("%nLarge file: %d MiB (in the page cache after writing)%n", mib);

    long t0 = System.nanoTime();
    byte[] first = Blake3.hashFile(file);
    double cold = seconds(t0);
    System.out.printf("  Blake3.hashFile, first call (cold JIT): %.3f s = %.0f MB/s%n",
        cold, mb / cold);
    for (int i = 0; i < 3; i++) {
      Blake3.hashFile(file);
    }
    double[] ours = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      t0 = System.nanoTime();
      byte[] digest = Blake3.hashFile(file);
      ours[i] = seconds(t0);
      check(Arrays.equals(digest, first), "hashFile is not deterministic");
    }
    report("Blake3.hashFile (warm)", ours, mb);

    if (!hasB3sum()) {
      System.out.println("  b3sum not found on PATH; no comparison");
      return;
    }
    double[] theirs = new double[RUNS];
    String expected = HexFormat.of().formatHex(first);
    for (int i = 0; i < RUNS + 1; i++) {
      t0 = System.nanoTime();
      String out = b3sum(List.of(file.toString()));
      double s = seconds(t0);
      if (i > 0) {
        theirs[i - 1] = s;
      }
      check(out.trim().equals(expected), "digest differs from b3sum: " + out);
    }
    report("b3sum (process incl. start)", theirs, mb);
    System.out.printf(
        "  ratio hashFile/b3sum (median wall time): %.2f; cold first call/b3sum: %.2f%n",
        median(ours) / median(theirs), cold / median(theirs));
  }

  private static void small(Path dir, int count) throws Exception {
    Path root = dir.resolve("small");
    SplittableRandom random = new SplittableRandom(2);
    List<Path> files = new ArrayList<>(count);
    long bytes = 0;
    for (int i = 0; i < count; i++) {
      Path sub = root.resolve(Integer.toString(i / 200));
      if (i % 200 == 0) {
        Files.createDirectories(sub);
      }
      byte[] content = new byte[random.nextInt(8193)];
      random.nextBytes(content);
      Path f = sub.resolve("f" + i);
      Files.write(f, content);
      files.add(f);
      bytes += content.length;
    }
    System.out.printf("%nSmall files: %d files, 0-8 KiB each, %.1f MB in total%n",
        count, bytes / 1e6);

    byte[][] digests = new byte[count][];
    double[] ours = new double[RUNS];
    for (int run = -1; run < RUNS; run++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        digests[i] = Blake3.hashFile(files.get(i));
      }
      double s = seconds(t0);
      if (run == -1) {
        System.out.printf("  Blake3.hashFile, 1 thread, first pass: %.3f s = %.1f us/file%n",
            s, s * 1e6 / count);
      } else {
        ours[run] = s;
      }
    }
    System.out.printf("  Blake3.hashFile, 1 thread: median %.3f s = %.1f us/file%n",
        median(ours), median(ours) * 1e6 / count);
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double[] par = new double[RUNS];
      for (int run = 0; run < RUNS; run++) {
        long t0 = System.nanoTime();
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<Path> part = files.subList(t * count / threads, (t + 1) * count / threads);
          parts.add(pool.submit(() -> {
            for (Path f : part) {
              Blake3.hashFile(f);
            }
            return null;
          }));
        }
        for (Future<?> part : parts) {
          part.get();
        }
        par[run] = seconds(t0);
      }
      System.out.printf("  Blake3.hashFile, %d threads: median %.3f s = %.1f us/file%n",
          threads, median(par), median(par) * 1e6 / count);
    } finally {
      pool.shutdown();
    }

    if (!hasB3sum()) {
      return;
    }
    double[] theirs = new double[RUNS];
    for (int run = 0; run < RUNS; run++) {
      long t0 = System.nanoTime();
      StringBuilder all = new StringBuilder();
      // Batches keep each command line well below ARG_MAX.
      for (int from = 0; from < count; from += 2000) {
        List<String> batch = new ArrayList<>();
        for (Path f : files.subList(from, Math.min(count, from + 2000))) {
          batch.add(f.toString());
        }
        all.append(b3sum(batch));
      }
      theirs[run] = seconds(t0);
      if (run == 0) {
        String[] lines = all.toString().split("\n");
        check(lines.length == count, "b3sum printed " + lines.length + " lines");
        for (int i = 0; i < count; i++) {
          check(lines[i].trim().equals(HexFormat.of().formatHex(digests[i])),
              "digest differs from b3sum for " + files.get(i));
        }
      }
    }
    System.out.printf("  b3sum (%d processes of 2000 files): median %.3f s = %.1f us/file%n",
        (count + 1999) / 2000, median(theirs), median(theirs) * 1e6 / count);
    System.out.printf("  ratio hashFile 1 thread/b3sum: %.2f%n", median(ours) / median(theirs));
  }

  /**
   * The ingest case: every file of the tree (the large file and the small ones) hashed once by
   * a fresh JVM, so JIT warm-up counts, against b3sum over the same files.
   */
  private static void tree(Path dir) throws Exception {
    List<Path> files = regularFiles(dir);
    System.out.printf("%nTree: all %d files above, hashed once by a fresh JVM (cold JIT)%n",
        files.size());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int cores = Runtime.getRuntime().availableProcessors();
    double[] ours = new double[3];
    for (int threads : new int[] {1, cores}) {
      for (int run = 0; run < ours.length; run++) {
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            Blake3Bench.class.getName(), "--hash-tree", dir.toString(), Integer.toString(threads))
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        check(p.waitFor() == 0, out);
        ours[run] = Double.parseDouble(out);
      }
      System.out.printf("  Blake3.hashFile, %d thread(s), timed from main(): median %.3f s%n",
          threads, median(ours));
    }
    if (!hasB3sum()) {
      return;
    }
    double[] theirs = new double[3];
    for (int run = 0; run < theirs.length; run++) {
      long t0 = System.nanoTime();
      for (int from = 0; from < files.size(); from += 2000) {
        List<String> batch = new ArrayList<>();
        for (Path f : files.subList(from, Math.min(files.size(), from + 2000))) {
          batch.add(f.toString());
        }
        b3sum(batch);
      }
      theirs[run] = seconds(t0);
    }
    System.out.printf("  b3sum, processes of 2000 files: median %.3f s%n", median(theirs));
    System.out.printf("  ratio (%d threads)/b3sum: %.2f%n", cores, median(ours) / median(theirs));
  }

  private static void hashTree(Path dir, int threads) throws Exception {
    List<Path> files = regularFiles(dir);
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
          Blake3.hashFile(files.get(i));
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    System.out.println(seconds(t0));
    pool.shutdown();
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  private static boolean hasB3sum() {
    try {
      b3sum(List.of("--version"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String b3sum(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("b3sum");
    if (!args.contains("--version")) {
      command.add("--no-names");
    }
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("b3sum failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  private static void report(String what, double[] seconds, double mb) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    System.out.printf("  %s: best %.3f s, median %.3f s = %.0f MB/s (best %.0f MB/s)%n",
        what, sorted[0], median(seconds), mb / median(seconds), mb / sorted[0]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
