package dev.glassbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Small helpers shared by the benchmarks: timing external commands, medians, cleanup. */
public final class BenchSupport {
  /** The launcher's hidden first argument that runs a benchmark's own main class (see Main). */
  public static final String CHILD_MAIN = "--glassbox-child-main";

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

  /**
   * The command that runs {@code mainClass} in a JVM of its own with this JVM's class path: the
   * runtime's {@code java} where there is one, else (the installed package, whose runtime has no
   * {@code bin/java}) the package's launcher with its hidden child-main argument.
   *
   * @param env where JVM options go when the launcher is used ({@code JAVA_TOOL_OPTIONS})
   */
  public static List<String> javaCommand(
      String mainClass, List<String> jvmOptions, java.util.Map<String, String> env) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String launcher = System.getProperty("jpackage.app-path");
    if (!Files.isExecutable(java) && launcher != null) {
      if (!jvmOptions.isEmpty()) {
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", jvmOptions));
      }
      return List.of(launcher, CHILD_MAIN, mainClass);
    }
    java.util.List<String> c = new java.util.ArrayList<>();
    c.add(java.toString());
    c.addAll(jvmOptions);
    c.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    return c;
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
