package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.PausedBuild;
import dev.glassbox.sandbox.PhaseTiming;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox show ID}: one build in full. */
@Command(name = "show", description = "Show one build in full: request, phases, outcome, outputs, sandbox.")
final class ShowCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    BuildRecord r;
    Optional<PausedBuild> paused;
    try (History h = openHistory()) {
      r = h.resolve(id);
      paused = h.paused(r.id());
    }
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode o = RecordJson.full(r);
      paused.ifPresent(
          p ->
              o.putObject("paused")
                  .put("attempt", p.attempt())
                  .put("status", p.status())
                  .put("since", RecordJson.time(p.pausedAt()))
                  .put("bundle", p.bundle().toString())
                  .put("container", p.container()));
      out().println(o);
      return 0;
    }
    PrintWriter o = out();
    Instant now = Instant.now();
    o.println("build      " + r.id() + r.rebuildOf().map(x -> "  (rebuild of " + x + ")").orElse(""));
    o.println("status     " + r.status().label() + (r.message().isEmpty() ? "" : ": " + r.message().replace("\n", "\n             ")));
    paused.ifPresent(
        p ->
            o.println(
                "paused     after failure: run " + p.attempt() + " ended with " + p.describeStatus()
                    + " at " + RecordJson.time(p.pausedAt()) + "; the container is alive."
                    + "\n           'glassbox shell " + r.id() + "' steps inside, 'glassbox resume "
                    + r.id() + "' runs the command again, 'glassbox stop " + r.id() + "' ends it"));
    r.exitCode().ifPresent(c -> o.println("exit code  " + c));
    r.signal().ifPresent(s -> o.println("signal     " + s));
    o.println("command    " + r.command());
    r.requestFile().ifPresent(f -> o.println("from file  " + f));
    o.println("submitted  " + RecordJson.time(r.submittedAt()));
    r.startedAt().ifPresent(t -> o.println("started    " + RecordJson.time(t)));
    r.finishedAt().ifPresent(t -> o.println("finished   " + RecordJson.time(t)));
    r.duration(now).ifPresent(d -> o.println("duration   " + RecordJson.duration(d)));
    o.println("process    " + r.owner());
    r.runtimeMode().ifPresent(m -> o.println("sandbox    " + m.label() + " (" + m.explanation() + ")"));
    o.println("keep       " + r.keep().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", time limit " + r.timeout().toSeconds() + " s");
    r.keptSandbox().ifPresent(p -> o.println("kept at    " + p + (r.sandboxDeletedAt().isPresent() ? " (deleted)" : "")));
    if (!r.phases().isEmpty()) {
      o.println("phases");
      for (PhaseTiming t : r.phases()) {
        o.printf("  %-24s %8d ms%n", t.phase().label(), t.durationMillis());
      }
    }
    if (!r.outputs().isEmpty()) {
      o.println("outputs");
      for (int i = 0; i < r.outputs().size(); i++) {
        var n = r.outputs().get(i);
        var needles = r.outputsNeedles().get(i);
        o.println("  " + n.name() + "  " + NodeJson.human(n.node()) + (needles.isEmpty() ? "" : "  references needles " + needles));
      }
    }
    o.println("request");
    o.println(r.requestJson().map(j -> {
      try {
        return NodeJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(NodeJson.MAPPER.readTree(j));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return j;
      }
    }).orElse("  (never resolved: the request file could not be read or was invalid)"));
    return 0;
  }
}
