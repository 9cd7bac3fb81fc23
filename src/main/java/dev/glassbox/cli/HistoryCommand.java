package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glassbox history}: the most recent builds. */
@Command(name = "history", description = "List recent builds, newest first: id, time, status, duration, command.")
final class HistoryCommand extends StoreCommand {
  @Option(names = "--json", description = "Print one JSON array of builds.")
  boolean json;

  @Option(names = "--limit", paramLabel = "N", description = "How many builds (default ${DEFAULT-VALUE}).", defaultValue = "20")
  int limit;

  @Override
  public Integer call() throws Exception {
    if (limit <= 0) {
      throw new UsageException("--limit must be a positive number, got " + limit);
    }
    List<BuildRecord> builds;
    java.util.Set<String> paused;
    try (History h = openHistory()) {
      builds = h.recent(limit);
      paused =
          h.pausedBuilds().stream()
              .map(dev.glassbox.history.PausedBuild::buildId)
              .collect(java.util.stream.Collectors.toSet());
    }
    Instant now = Instant.now();
    if (json) {
      ArrayNode a = NodeJson.MAPPER.createArrayNode();
      builds.forEach(b -> a.add(RecordJson.summary(b, now)));
      out().println(a);
      return 0;
    }
    if (builds.isEmpty()) {
      err().println("glassbox: no builds recorded in " + storeDir() + " yet; run 'glassbox build FILE'");
      return 0;
    }
    out().printf("%-12s  %-19s  %-12s  %10s  %s%n", "ID", "SUBMITTED", "STATUS", "DURATION", "COMMAND");
    for (BuildRecord b : builds) {
      out().printf(
          "%-12s  %-19s  %-12s  %10s  %s%s%n",
          b.id().substring(0, Math.min(12, b.id().length())),
          RecordJson.time(b.submittedAt()),
          paused.contains(b.id()) ? "paused" : b.status().label(),
          b.duration(now).map(RecordJson::duration).orElse("-"),
          b.command(),
          b.rebuildOf().map(o -> "  (rebuild of " + o.substring(0, Math.min(12, o.length())) + ")").orElse(""));
    }
    return 0;
  }
}
