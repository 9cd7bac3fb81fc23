package dev.glassbox.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.RuntimeMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Build records as JSON and as text for people, shared by build, history, show and rebuild. */
final class RecordJson {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private RecordJson() {}

  /** The result of a build: the fields 'glassbox build --json' has always printed, plus the record's. */
  static ObjectNode result(BuildRecord r) {
    ObjectNode o = NodeJson.MAPPER.createObjectNode();
    o.put("id", r.id());
    o.put("status", r.status().label());
    r.outcome().ifPresent(out -> {
      if (out instanceof BuildOutcome.SetupFailed f) {
        o.put("step", f.step().label());
      }
    });
    if (!r.message().isEmpty()) {
      o.put("message", r.message());
    }
    putNullable(o, "exitCode", r.exitCode());
    putNullable(o, "signal", r.signal());
    ArrayNode outputs = o.putArray("outputs");
    r.outputs().forEach(n -> outputs.add(RequestWriter.namedNode(n)));
    ArrayNode needles = o.putArray("outputsNeedles");
    r.outputsNeedles().forEach(list -> list.forEach(needles.addArray()::add));
    ArrayNode phases = o.putArray("phases");
    for (PhaseTiming t : r.phases()) {
      phases.addObject().put("name", t.phase().label()).put("start", t.start().toString()).put("durationMs", t.durationMillis());
    }
    Optional<Path> bundle = r.liveSandbox();
    if (bundle.isPresent()) {
      o.put("bundle", bundle.get().toString());
    } else {
      o.putNull("bundle");
    }
    Optional<RuntimeMode> mode = r.runtimeMode();
    if (mode.isPresent()) {
      o.put("runtimeMode", mode.get().label());
    } else {
      o.putNull("runtimeMode");
    }
    putNullable(o, "rebuildOf", r.rebuildOf());
    o.put("submittedAt", r.submittedAt().toString());
    putNullable(o, "startedAt", r.startedAt().map(Instant::toString));
    putNullable(o, "finishedAt", r.finishedAt().map(Instant::toString));
    return o;
  }

  /** One line of 'glassbox history --json'. */
  static ObjectNode summary(BuildRecord r, Instant now) {
    ObjectNode o = NodeJson.MAPPER.createObjectNode();
    o.put("id", r.id());
    o.put("status", r.status().label());
    o.put("submittedAt", r.submittedAt().toString());
    putNullable(o, "startedAt", r.startedAt().map(Instant::toString));
    putNullable(o, "finishedAt", r.finishedAt().map(Instant::toString));
    putNullable(o, "durationMs", r.duration(now).map(Duration::toMillis));
    putNullable(o, "exitCode", r.exitCode());
    putNullable(o, "signal", r.signal());
    o.put("command", r.command());
    putNullable(o, "rebuildOf", r.rebuildOf());
    return o;
  }

  /** Everything, for 'glassbox show --json': the result, the request and where it ran. */
  static ObjectNode full(BuildRecord r) {
    ObjectNode o = result(r);
    o.put("command", r.command());
    putNullable(o, "requestFile", r.requestFile().map(Path::toString));
    o.put("keep", r.keep().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    o.put("timeoutSeconds", r.timeout().toSeconds());
    putNullable(o, "keptSandbox", r.keptSandbox().map(Path::toString));
    putNullable(o, "sandboxDeletedAt", r.sandboxDeletedAt().map(Instant::toString));
    o.putObject("owner").put("pid", r.owner().pid()).put("host", r.owner().host());
    o.put("cancelRequested", r.cancelRequested());
    if (r.requestJson().isPresent()) {
      try {
        o.set("request", NodeJson.MAPPER.readTree(r.requestJson().get()));
      } catch (JsonProcessingException e) {
        o.put("request", r.requestJson().get());
      }
    } else {
      o.putNull("request");
    }
    return o;
  }

  static String time(Instant t) {
    return LOCAL.format(t);
  }

  /** 850 ms, 12.3 s, 4 min 05 s. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format("%.1f s", ms / 1000.0);
    }
    return String.format("%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }

  private static void putNullable(ObjectNode o, String field, Optional<?> v) {
    if (v.isEmpty()) {
      o.putNull(field);
    } else if (v.get() instanceof Integer i) {
      o.put(field, i);
    } else if (v.get() instanceof Long l) {
      o.put(field, l);
    } else {
      o.put(field, v.get().toString());
    }
  }
}
