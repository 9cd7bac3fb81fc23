package dev.glassbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds the versions of the host tools the engine relies on. */
final class ToolVersions {
  private ToolVersions() {}

  static String runc() {
    try {
      Process p = new ProcessBuilder("runc", "--version").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
      p.waitFor(5, TimeUnit.SECONDS);
      return first.replaceFirst("^runc version ", "");
    } catch (IOException e) {
      return "not found (install it: apt-get install runc)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static String libfuse2() {
    for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib"}) {
      try (var s = Files.list(Path.of(dir))) {
        var hit = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("libfuse\\.so\\.2\\.[0-9.]+")).findFirst();
        if (hit.isPresent()) {
          return hit.get().substring("libfuse.so.".length());
        }
      } catch (IOException ignored) {
        // try the next directory
      }
    }
    return "2 not found (install it: apt-get install libfuse2)";
  }
}
