package dev.glassbox.bench;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreBatch;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.diff.IgnoreGlobs;
import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.castore.diff.TreeDiffer;
import dev.glassbox.castore.ingest.Exporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The output diff against {@code diff -r}: two trees of {@code files} files that differ in {@code
 * differing} of them, stored in a disk store, compared by the tree diff (identical subtrees
 * skipped by digest) and by {@code diff -r} over the same trees exported to disk, in one run with
 * a warm page cache for both.
 */
public final class DiffBench {
  /** Tree shape: 100 top folders × 10 subfolders, files spread evenly below them. */
  private static final int TOP = 100;

  private static final int SUB = 10;

  /**
   * @param workDir scratch folder, deleted before and after
   * @param files files per tree
   * @param differing files whose contents differ between the two trees
   * @param runs measured runs after one warm-up
   */
  public record Config(Path workDir, int files, int differing, int runs) {
    public Config {
      if (files < TOP * SUB || differing < 1 || differing > files || runs < 1) {
        throw new IllegalArgumentException(
            "need at least " + TOP * SUB + " files, 1..files differing and at least one run");
      }
    }

    public static Config standard(Path workDir) {
      return new Config(workDir, 100_000, 10, 5);
    }
  }

  /**
   * Median seconds of each side.
   *
   * @param directoriesRead directories one tree diff read from the store
   */
  public record Result(
      int files, int differing, double treeDiff, double diffR, long directoriesRead) {
    /** How many times faster the tree diff is (target: at least 50). */
    public double speedup() {
      return diffR / treeDiff;
    }
  }

  private DiffBench() {}

  public static Result run(Config c, PrintStream out) throws Exception {
    if (!BenchSupport.onPath("diff")) {
      throw new IOException("diff is not installed; install it with 'apt-get install diffutils'");
    }
    BenchSupport.deleteTree(c.workDir());
    Files.createDirectories(c.workDir());
    try {
      Path storeDir = c.workDir().resolve("store");
      Castore store = DiskStore.open(storeDir);
      out.printf(
          "storing two trees of %,d files that differ in %d files in %s ...%n",
          c.files(), c.differing(), storeDir);
      DirectoryNode[] roots = makeTrees(store, c.files(), c.differing());
      Path a = c.workDir().resolve("a");
      Path b = c.workDir().resolve("b");
      out.println("exporting both trees to disk for diff -r ...");
      new Exporter(store).export(roots[0], a);
      new Exporter(store).export(roots[1], b);
      // diff exits 1 when the trees differ, which is the expected outcome here.
      String diffR =
          "diff -r " + BenchSupport.quote(a) + " " + BenchSupport.quote(b) + "; test $? -eq 1";
      List<Double> tTree = new ArrayList<>();
      List<Double> tDiff = new ArrayList<>();
      long reads = 0;
      for (int i = 0; i <= c.runs(); i++) {
        tDiff.add(BenchSupport.timeShell(diffR));
        // A fresh store object each run: nothing cached in the JVM but the classes.
        Castore fresh = DiskStore.open(storeDir);
        long t0 = System.nanoTime();
        TreeDiff d = new TreeDiffer(fresh, IgnoreGlobs.none()).compare(roots[0], roots[1]);
        tTree.add((System.nanoTime() - t0) / 1e9);
        if (d.differences().size() != c.differing()) {
          throw new IllegalStateException(
              "the tree diff found " + d.differences().size() + " differences, expected "
                  + c.differing());
        }
        reads = d.summary().directoriesRead();
        if (i == 0) {
          tTree.clear();
          tDiff.clear();
          out.println("warm-up done");
        } else {
          out.printf(
              "run %d: tree diff %.4f s (%d directories read), diff -r %.3f s%n",
              i, tTree.get(i - 1), reads, tDiff.get(i - 1));
        }
      }
      return new Result(
          c.files(), c.differing(), BenchSupport.median(tTree), BenchSupport.median(tDiff), reads);
    } finally {
      BenchSupport.deleteTree(c.workDir());
    }
  }

  /**
   * Stores two trees {@code top/sub/file}: the second equals the first except that {@code
   * differing} files, spread over different folders, have other contents.
   */
  public static DirectoryNode[] makeTrees(Castore store, int files, int differing) throws Exception {
    int perSub = (files + TOP * SUB - 1) / (TOP * SUB);
    // Which (top, sub, file) positions differ: spread evenly so each is in its own folder.
    java.util.Set<Integer> changed = new java.util.HashSet<>();
    for (int k = 0; k < differing; k++) {
      changed.add((int) ((long) k * files / differing));
    }
    Directory.Builder rootA = Directory.builder();
    Directory.Builder rootB = Directory.builder();
    try (StoreBatch batch = store.batch()) {
      int n = 0;
      for (int t = 0; t < TOP; t++) {
        Directory.Builder topA = Directory.builder();
        Directory.Builder topB = Directory.builder();
        for (int s = 0; s < SUB; s++) {
          Directory.Builder subA = Directory.builder();
          Directory.Builder subB = Directory.builder();
          for (int f = 0; f < perSub && n < files; f++, n++) {
            String text = "file " + n + " of the benchmark tree\n".repeat(1 + n % 4);
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            PathComponent name = PathComponent.of("f" + f + ".txt");
            FileNode fa = new FileNode(batch.put(data), data.length, false);
            subA.add(name, fa);
            if (changed.contains(n)) {
              byte[] other = (text + "changed\n").getBytes(StandardCharsets.UTF_8);
              subB.add(name, new FileNode(batch.put(other), other.length, false));
            } else {
              subB.add(name, fa);
            }
          }
          addDir(batch, topA, "s" + s, subA.build());
          addDir(batch, topB, "s" + s, subB.build());
        }
        addDir(batch, rootA, "d" + t, topA.build());
        addDir(batch, rootB, "d" + t, topB.build());
      }
      Directory a = rootA.build();
      Directory b = rootB.build();
      batch.putDirectory(a);
      batch.putDirectory(b);
      batch.commit();
      return new DirectoryNode[] {DirectoryNode.of(a), DirectoryNode.of(b)};
    }
  }

  private static void addDir(StoreBatch batch, Directory.Builder parent, String name, Directory d)
      throws Exception {
    batch.putDirectory(d);
    parent.add(PathComponent.of(name), DirectoryNode.of(d));
  }
}
