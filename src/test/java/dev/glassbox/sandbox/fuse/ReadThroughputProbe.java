package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.disk.FileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures sequential read throughput of one blob, straight from the store's file and through the
 * mount, with {@code dd} in a separate process (warm: the blob is in the page cache). Not a test;
 * run it by hand:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *   dev.glassbox.sandbox.fuse.ReadThroughputProbe [SIZE_MIB=1024] [RUNS=5] [WORK_DIR=/tmp]
 * </pre>
 */
public final class ReadThroughputProbe {
  private ReadThroughputProbe() {}

  public static void main(String[] args) throws Exception {
    long sizeMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path work =
        Files.createTempDirectory(Path.of(args.length > 2 ? args[2] : "/tmp"), "glassbox-probe");
    try {
      Castore store = DiskStore.open(work.resolve("store"));
      Path source = work.resolve("source.bin");
      LargeFileIT.writePattern(source, sizeMib << 20);
      Digest digest = store.blobs().putFile(source);
      Files.delete(source);
      Path blobFile = ((FileBlobStore) store.blobs()).pathOf(digest);
      Path mnt = Files.createDirectories(work.resolve("mnt"));
      NamedNode root =
          new NamedNode(PathComponent.of("blob"), new FileNode(digest, sizeMib << 20, false));
      try (FuseMount m =
          FuseMount.mount(store, List.of(root), mnt, FuseOptions.DEFAULT, AccessObserver.NONE)) {
        report("store file  ", blobFile, sizeMib, runs);
        report("through FUSE", m.mountPoint().resolve("blob"), sizeMib, runs);
      }
    } finally {
      try (Stream<Path> all = Files.walk(work)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void report(String label, Path file, long sizeMib, int runs) throws Exception {
    dd(file); // warm the page cache (and, through FUSE, the JIT)
    List<String> rates = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      rates.add(String.format("%.0f", (sizeMib << 20) / dd(file) / 1e6));
    }
    System.out.println(label + " MB/s: " + String.join(" ", rates));
  }

  /** Runs dd and returns the seconds it reports for the copy (process start-up excluded). */
  private static double dd(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("dd", "if=" + file, "of=/dev/null", "bs=1M")
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("dd " + file + " failed with exit code " + p.exitValue() + ": " + out);
    }
    // "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 0.0681867 s, 15.7 GB/s"
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("copied, ([0-9.e-]+) s").matcher(out);
    if (!m.find()) {
      throw new IOException("cannot read dd's timing from: " + out);
    }
    return Double.parseDouble(m.group(1));
  }
}
