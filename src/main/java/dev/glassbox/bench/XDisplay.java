package dev.glassbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An X display for the benchmarks that open windows: {@code $DISPLAY} when set, else a private Xvfb
 * on a free display number, stopped on {@link #close()}.
 */
final class XDisplay implements AutoCloseable {
  private final String name;
  private final Optional<Process> xvfb;

  private XDisplay(String name, Optional<Process> xvfb) {
    this.name = name;
    this.xvfb = xvfb;
  }

  /** Why no display can be had here, or empty. */
  static Optional<String> unavailable() {
    String display = System.getenv("DISPLAY");
    if (display != null && !display.isBlank()) {
      return Optional.empty();
    }
    return BenchSupport.onPath("Xvfb")
        ? Optional.empty()
        : Optional.of("no display and no Xvfb: apt-get install xvfb, or set DISPLAY");
  }

  static XDisplay open() throws IOException, InterruptedException {
    String display = System.getenv("DISPLAY");
    if (display != null && !display.isBlank()) {
      return new XDisplay(display, Optional.empty());
    }
    for (int n = 90; n < 190; n++) {
      if (Files.exists(Path.of("/tmp/.X" + n + "-lock"))
          || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
        continue;
      }
      Process p =
          new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      Path socket = Path.of("/tmp/.X11-unix/X" + n);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (p.isAlive() && !Files.exists(socket) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (p.isAlive() && Files.exists(socket)) {
        return new XDisplay(":" + n, Optional.of(p));
      }
      // Another Xvfb took the number between the check and the start: try the next one.
      p.destroyForcibly().waitFor();
    }
    throw new IOException("could not start Xvfb on any display from :90 to :189");
  }

  String name() {
    return name;
  }

  @Override
  public void close() throws InterruptedException {
    if (xvfb.isPresent()) {
      xvfb.get().destroy();
      xvfb.get().waitFor();
    }
  }
}
