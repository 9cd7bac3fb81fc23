package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox cancel ID}: stop a build, whichever Glassbox process runs it. */
@Command(
    name = "cancel",
    description = {
      "Cancel a queued or running build, whichever Glassbox process runs it: the request is recorded"
          + " in the history, the owning process notices within a second, stops the build and cleans up.",
      "Waits until the build is recorded as ended. Exit 0 when it ended (or had already), 1 when the"
          + " owning process did not confirm in time."
    })
final class CancelCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = "--wait", paramLabel = "S", description = "Seconds to wait for the build to end (default ${DEFAULT-VALUE}).", defaultValue = "60")
  long waitSeconds;

  @Override
  public Integer call() throws Exception {
    try (History h = openHistory()) {
      BuildRecord r = h.resolve(id);
      if (r.status().isFinal()) {
        out().println("build " + r.id() + " had already ended: " + r.status().label());
        return 0;
      }
      if (!h.requestCancel(r.id())) {
        out().println("build " + r.id() + " ended meanwhile: " + h.find(r.id()).orElseThrow().status().label());
        return 0;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        BuildRecord now = h.find(r.id()).orElseThrow();
        if (now.status().isFinal()) {
          out().println("build " + r.id() + " " + now.status().label() + (now.message().isEmpty() ? "" : ": " + now.message()));
          return 0;
        }
        if (!now.owner().isAlive()) {
          h.recoverInterrupted();
          continue;
        }
        Thread.sleep(100);
      }
      err().println(
          "glassbox: asked " + r.owner() + " to cancel build " + r.id() + ", but it has not ended after "
              + waitSeconds + " s; it will stop once that process notices (check with 'glassbox show " + r.id() + "')");
      return GlassboxCli.EXIT_FAILED;
    }
  }
}
