package dev.glassbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Small helpers shared by the benchmarks: timing external commands, medians, cleanup. */
public final class BenchSupport {
  private BenchSupport() {}

  /** Runs a shell command, fails loudly on a non-zero exit, returns wall seconds. */
  public static double timeShell(String command) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder("bash", "-c", command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int code = p.waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IOException("'" + command + "' exited with " + code);
    }
    return s;
  }

  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  public static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  public static void deleteTree(Path root) throws IOException {
    dev.glassbox.castore.ingest.HostTrees.delete(root);
  }

  public static String quote(Path p) {
    return "'" + p.toString().replace("'", "'\\''") + "'";
  }
}
