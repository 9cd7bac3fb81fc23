package dev.glassbox.bench;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ingest speed against {@code b3sum} (hashing only) and {@code cp -r} + sync (the disk-copy floor)
 * over the same tree, measured side by side in one run, warm page cache for all.
 */
public final class IngestBench {
  /** What to build and how often to measure. */
  public record Config(Path workDir, long totalBytes, int smallFiles, int runs) {}

  /** Median seconds of each contender. */
  public record Result(double ingest, double ingestTmpfs, double b3sum, double copy, long bytes, int files) {
    public double ratioToB3sum() {
      return ingest / b3sum;
    }

    public double ratioToCopy() {
      return ingest / copy;
    }

    /** Store in RAM: what copying plus hashing costs without waiting for the disk (NaN if skipped). */
    public double tmpfsRatioToB3sum() {
      return ingestTmpfs / b3sum;
    }
  }

  private IngestBench() {}

  public static Result run(Config c, PrintStream out) throws Exception {
    if (!BenchSupport.onPath("b3sum")) {
      throw new IOException("b3sum is not installed; install it with 'apt-get install b3sum'");
    }
    Path tree = c.workDir().resolve("tree");
    BenchSupport.deleteTree(c.workDir());
    Files.createDirectories(tree);
    out.printf("building a %d MiB tree with %d small files in %s ...%n", c.totalBytes() >> 20, c.smallFiles(), tree);
    long bytes = makeTree(tree, c.totalBytes(), c.smallFiles());
    int files = c.smallFiles() + 1;
    String b3 = "cd " + BenchSupport.quote(tree) + " && find . -type f -print0 | xargs -0 b3sum";
    BenchSupport.timeShell(b3); // warm the page cache
    List<Double> tIngest = new ArrayList<>();
    List<Double> tTmpfs = new ArrayList<>();
    Path shm = Path.of("/dev/shm");
    boolean tmpfs = Files.isDirectory(shm) && shm.toFile().getUsableSpace() > 2 * bytes;
    List<Double> tB3 = new ArrayList<>();
    List<Double> tCp = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    try {
      for (int i = 0; i <= c.runs(); i++) {
        boolean warmup = i == 0;
        tB3.add(BenchSupport.timeShell(b3));
        Path copy = c.workDir().resolve("copy");
        tCp.add(BenchSupport.timeShell("cp -r " + BenchSupport.quote(tree) + " " + BenchSupport.quote(copy) + " && sync -f " + BenchSupport.quote(copy)));
        BenchSupport.deleteTree(copy);
        Path storeDir = c.workDir().resolve("store");
        Castore store = DiskStore.open(storeDir);
        long t0 = System.nanoTime();
        Node root = new Ingester(store, pool).ingest(tree);
        tIngest.add((System.nanoTime() - t0) / 1e9);
        BenchSupport.deleteTree(storeDir);
        if (tmpfs) {
          Path ramStore = shm.resolve("glassbox-bench-store");
          try {
            Castore ram = DiskStore.open(ramStore);
            long t1 = System.nanoTime();
            new Ingester(ram, pool).ingest(tree);
            tTmpfs.add((System.nanoTime() - t1) / 1e9);
          } finally {
            BenchSupport.deleteTree(ramStore);
          }
        }
        if (warmup) {
          tB3.clear();
          tCp.clear();
          tIngest.clear();
          tTmpfs.clear();
          out.println("warm-up done; root " + root);
        } else {
          out.printf(
              "run %d: ingest %.3f s, ingest into tmpfs %s, b3sum %.3f s, cp -r+sync %.3f s%n",
              i, tIngest.get(i - 1), tmpfs ? String.format("%.3f s", tTmpfs.get(i - 1)) : "skipped", tB3.get(i - 1), tCp.get(i - 1));
        }
      }
    } finally {
      pool.shutdownNow();
      BenchSupport.deleteTree(c.workDir());
    }
    return new Result(
        BenchSupport.median(tIngest),
        tmpfs ? BenchSupport.median(tTmpfs) : Double.NaN,
        BenchSupport.median(tB3),
        BenchSupport.median(tCp),
        bytes,
        files);
  }

  /** One large file plus {@code smallFiles} files of 0-8 KiB in 100 folders, random contents. */
  static long makeTree(Path tree, long totalBytes, int smallFiles) throws IOException {
    SplittableRandom rnd = new SplittableRandom(42);
    long written = 0;
    byte[] buf = new byte[8192];
    for (int i = 0; i < smallFiles; i++) {
      Path dir = tree.resolve("d" + (i % 100));
      Files.createDirectories(dir);
      int len = rnd.nextInt(8193);
      fill(rnd, buf, len);
      try (OutputStream o = Files.newOutputStream(dir.resolve("f" + i))) {
        o.write(buf, 0, len);
      }
      written += len;
    }
    long large = Math.max(0, totalBytes - written);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(tree.resolve("large.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long left = large;
      while (left > 0) {
        int n = (int) Math.min(chunk.capacity(), left);
        fill(rnd, chunk.array(), n);
        chunk.clear().limit(n);
        while (chunk.hasRemaining()) {
          ch.write(chunk);
        }
        left -= n;
      }
    }
    return written + large;
  }

  private static void fill(SplittableRandom rnd, byte[] b, int len) {
    for (int i = 0; i < len; i += 8) {
      long v = rnd.nextLong();
      for (int k = 0; k < 8 && i + k < len; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
  }
}
