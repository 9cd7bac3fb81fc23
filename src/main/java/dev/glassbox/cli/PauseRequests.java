package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.history.PausedBuild;

/** What 'resume' and 'stop' share. */
final class PauseRequests {
  private PauseRequests() {}

  static PausedBuild pausedOrFail(History h, BuildRecord r)
      throws HistoryException, UsageException {
    return h.paused(r.id())
        .orElseThrow(
            () ->
                new UsageException(
                    "build "
                        + r.id()
                        + " is not paused (it is "
                        + r.status().label()
                        + "); only a"
                        + " build run with --pause-on-failure pauses, when its command fails"));
  }
}
