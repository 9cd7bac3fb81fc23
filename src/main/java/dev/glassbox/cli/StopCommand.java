package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.PausedBuild;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox stop ID}: end a paused build. */
@Command(
    name = "stop",
    description = {
      "Stop a build paused after a failure: its container is killed, its inputs unmounted and its"
          + " bundle removed (kept with --keep/--keep-failed); it ends failed with the exit code of"
          + " the failed run.",
      "Waits until the build is recorded as ended. Exit 0 when it ended, 1 when the owning process"
          + " did not confirm in time."
    })
final class StopCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(
      names = "--wait",
      paramLabel = "S",
      description = "Seconds to wait for the build to end (default ${DEFAULT-VALUE}).",
      defaultValue = "60")
  long waitSeconds;

  @Override
  public Integer call() throws Exception {
    try (History h = openHistory()) {
      BuildRecord r = h.resolve(id);
      PauseRequests.pausedOrFail(h, r);
      if (!h.requestPaused(r.id(), PausedBuild.Request.STOP)) {
        throw new UsageException(
            "build "
                + r.id()
                + " is no longer paused: "
                + h.find(r.id()).orElseThrow().status().label());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        BuildRecord now = h.find(r.id()).orElseThrow();
        if (now.status().isFinal()) {
          out()
              .println(
                  "build "
                      + r.id()
                      + " "
                      + now.status().label()
                      + (now.message().isEmpty() ? "" : ": " + now.message()));
          now.liveSandbox().ifPresent(p -> out().println("the sandbox was kept at " + p));
          return 0;
        }
        if (!now.owner().isAlive()) {
          h.recoverInterrupted();
          continue;
        }
        Thread.sleep(100);
      }
      err()
          .println(
              "glassbox: asked "
                  + r.owner()
                  + " to stop build "
                  + r.id()
                  + ", but it has not ended after "
                  + waitSeconds
                  + " s; it will once that process notices (check with 'glassbox show "
                  + r.id()
                  + "')");
      return GlassboxCli.EXIT_FAILED;
    }
  }
}
