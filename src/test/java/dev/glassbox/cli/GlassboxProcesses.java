package dev.glassbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged Glassbox as separate processes, as a user (or a second app) would. */
final class GlassboxProcesses {
  record Result(int exit, String out, String err) {}

  private final Path bundles;

  GlassboxProcesses(Path bundles) {
    this.bundles = bundles;
  }

  ProcessBuilder command(String... args) {
    Path jar = Path.of(System.getProperty("glassbox.jar", "target/glassbox.jar"));
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m", "-cp", jar + ":" + jar.resolveSibling("lib") + "/*", "dev.glassbox.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("GLASSBOX_BUNDLES", bundles.toString());
    pb.environment().put("LC_ALL", "C.UTF-8");
    return pb;
  }

  /** Runs to the end (at most {@code seconds}) and captures both streams. */
  Result run(long seconds, String... args) throws IOException, InterruptedException {
    Process p = command(args).start();
    // Drain stderr on its own thread so that a chatty process never blocks on a full pipe.
    StringBuilder err = new StringBuilder();
    Thread drain =
        new Thread(
            () -> {
              try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // the process died; what we have is what there is
              }
            });
    drain.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("glassbox " + String.join(" ", args) + " did not end within " + seconds + " s");
    }
    drain.join();
    return new Result(p.exitValue(), out, err.toString());
  }
}
