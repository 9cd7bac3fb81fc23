package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.access.AccessReport;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.sandbox.access.PathAccess;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox accessed ID}: what a build did with its inputs. */
@Command(
    name = "accessed",
    description = {
      "Show what a build did with its inputs: which inputs it read and which it never read, and"
          + " the names it looked for inside its inputs that were not there, each with the log"
          + " lines printed around that moment.",
      "Builds are traced unless tracing was turned off; exit 1 when the build has no trace."
    })
final class AccessedCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = "--json", description = "Print one JSON object, with every touched path.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    BuildRecord r;
    AccessReport report;
    try (History h = openHistory()) {
      r = h.resolve(id);
      InputAccess access = h.inputAccess(r.id()).orElse(null);
      if (access == null) {
        err()
            .println(
                "glassbox: build "
                    + r.id()
                    + " has no input access trace: it "
                    + (r.status().isFinal() ? "" : "has not finished, or it ")
                    + "never mounted its inputs, ran with tracing off, or ran before Glassbox"
                    + " traced inputs; run it again with 'glassbox rebuild "
                    + shortId(r.id())
                    + "'");
        return GlassboxCli.EXIT_FAILED;
      }
      String request = r.requestJson().orElse("{}");
      String buildId = r.id();
      report = AccessReport.of(request, access, (from, to) -> h.logLines(buildId, from, to));
    }
    if (json) {
      out().println(toJson(r, report));
    } else {
      print(out(), r, report);
    }
    return 0;
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  static void print(PrintWriter o, BuildRecord r, AccessReport report) {
    o.println("build    " + r.id() + "  " + r.status().label());
    o.println("inputs   " + report.summary());
    int width = report.inputs().stream().mapToInt(u -> u.input().name().length()).max().orElse(4);
    for (AccessReport.InputUse u : report.inputs()) {
      StringBuilder line = new StringBuilder("  ");
      line.append(String.format("%-15s", u.mark().label()));
      line.append(String.format("%-" + (width + 2) + "s", u.input().name()));
      line.append(String.format("%-11s", u.input().kind().label()));
      if (u.filesRead() > 0) {
        line.append(u.filesRead()).append(u.filesRead() == 1 ? " file, " : " files, ");
        line.append(bytes(u.bytesRead())).append(" read");
        if (u.executed() > 0) {
          line.append(", ").append(u.executed()).append(" run");
        }
      }
      o.println(line.toString().stripTrailing());
    }
    InputAccess a = report.access();
    if (report.missing().isEmpty()) {
      o.println("missing  nothing: every name the build looked for inside its inputs was there");
    } else {
      o.println(
          "missing  "
              + report.missing().size()
              + (report.missing().size() == 1 ? " name" : " names")
              + " the build looked for inside its inputs");
      for (AccessReport.Missing m : report.missing()) {
        o.println("  " + m.describe());
        o.println(
            "    first at "
                + RecordJson.time(Instant.ofEpochMilli(m.lookup().firstEpochMillis()))
                + (m.lookup().logSeq() < 0
                    ? ", before the first log line"
                    : ", after log line " + (m.lookup().logSeq() + 1)));
        for (LogLine l : m.context()) {
          o.printf(
              "    %6d %s%s%n",
              l.seq() + 1, l.stream() == LogStream.STDERR ? "[stderr] " : "", l.text());
        }
      }
    }
    if (a.droppedFailedLookups() > 0) {
      o.println(
          "  (" + a.droppedFailedLookups() + " more failed lookups of other names were not kept)");
    }
    if (a.droppedPaths() > 0) {
      o.println(
          "note     "
              + a.droppedPaths()
              + " accesses to further paths were not kept (too many"
              + " distinct paths); inputs shown as not read may have been read");
    }
  }

  static ObjectNode toJson(BuildRecord r, AccessReport report) {
    ObjectNode o = NodeJson.MAPPER.createObjectNode();
    o.put("id", r.id());
    o.put("status", r.status().label());
    o.put("summary", report.summary());
    o.put("inputsDir", report.inputsDir());
    ArrayNode inputs = o.putArray("inputs");
    for (AccessReport.InputUse u : report.inputs()) {
      inputs
          .addObject()
          .put("name", u.input().name())
          .put("type", u.input().kind().label())
          .put("mark", u.mark().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .put("filesRead", u.filesRead())
          .put("bytesRead", u.bytesRead())
          .put("executed", u.executed());
    }
    o.put("unused", report.unused().size());
    ArrayNode missing = o.putArray("missing");
    for (AccessReport.Missing m : report.missing()) {
      ObjectNode x = missing.addObject();
      x.put("path", m.lookup().path().substring(1));
      x.put("sandboxPath", m.sandboxPath());
      x.put("input", m.lookup().input());
      x.put("inputExists", m.inputExists());
      x.put("attempts", m.lookup().attempts());
      x.put("firstAt", Instant.ofEpochMilli(m.lookup().firstEpochMillis()).toString());
      x.put("logSeq", m.lookup().logSeq());
      x.put("message", m.describe());
      ArrayNode ctx = x.putArray("context");
      for (LogLine l : m.context()) {
        ctx.addObject()
            .put("seq", l.seq())
            .put("stream", l.stream().name().toLowerCase(Locale.ROOT))
            .put("text", l.text());
      }
    }
    InputAccess a = report.access();
    ArrayNode paths = o.putArray("paths");
    for (PathAccess p : a.paths()) {
      ObjectNode x = paths.addObject();
      x.put("path", p.path().substring(1));
      ArrayNode what = x.putArray("did");
      flag(what, p, PathAccess.LOOKED_UP, "looked-up");
      flag(what, p, PathAccess.OPENED, "opened");
      flag(what, p, PathAccess.READ, "read");
      flag(what, p, PathAccess.EXECUTED, "executed");
      flag(what, p, PathAccess.READLINK, "readlink");
      flag(what, p, PathAccess.LISTED, "listed");
      x.put("opens", p.opens()).put("reads", p.reads()).put("bytesRead", p.bytesRead());
    }
    o.put("droppedPaths", a.droppedPaths());
    o.put("droppedFailedLookups", a.droppedFailedLookups());
    return o;
  }

  private static void flag(ArrayNode what, PathAccess p, int bit, String name) {
    if (p.has(bit)) {
      what.add(name);
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
