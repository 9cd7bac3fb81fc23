package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.PausedBuild;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox resume ID}: run a paused build's command again and go on. */
@Command(
    name = "resume",
    description = {
      "Resume a build paused after a failure: its command runs again in the same container, as it"
          + " is now (whatever was changed inside with 'glassbox shell' stays). If it succeeds the"
          + " build goes on to ingest its outputs and ends as succeeded; if it fails again the"
          + " build pauses again.",
      "The request goes through the history to the process that runs the build. Waits until that"
          + " process has resumed it; 'glassbox log -f ID' follows what it prints."
    })
final class ResumeCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(
      names = "--wait",
      paramLabel = "S",
      description = "Seconds to wait for the resume (default ${DEFAULT-VALUE}).",
      defaultValue = "30")
  long waitSeconds;

  @Override
  public Integer call() throws Exception {
    try (History h = openHistory()) {
      BuildRecord r = h.resolve(id);
      PausedBuild before = PauseRequests.pausedOrFail(h, r);
      if (!h.requestPaused(r.id(), PausedBuild.Request.RESUME)) {
        throw new UsageException(
            "build "
                + r.id()
                + " is no longer paused: "
                + h.find(r.id()).orElseThrow().status().label());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        Optional<PausedBuild> now = h.paused(r.id());
        if (now.isEmpty() || now.get().attempt() > before.attempt()) {
          out()
              .println(
                  "build "
                      + r.id()
                      + " resumed: its command runs again (follow it with 'glassbox log -f "
                      + r.id()
                      + "')");
          return 0;
        }
        if (!r.owner().isAlive()) {
          h.recoverInterrupted();
          err()
              .println(
                  "glassbox: the process that ran build "
                      + r.id()
                      + " is gone; the build was interrupted");
          return GlassboxCli.EXIT_FAILED;
        }
        Thread.sleep(100);
      }
      err()
          .println(
              "glassbox: asked "
                  + r.owner()
                  + " to resume build "
                  + r.id()
                  + ", but it has not after "
                  + waitSeconds
                  + " s; it will once that process notices (check with 'glassbox show "
                  + r.id()
                  + "')");
      return GlassboxCli.EXIT_FAILED;
    }
  }
}
