package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.app.Engine;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.sandbox.KeptSandboxes;
import dev.glassbox.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glassbox sandboxes}: kept sandboxes, and deleting them. */
@Command(
    name = "sandboxes",
    description = "List the kept sandboxes (bundles of builds run with --keep or --keep-failed), or delete some.")
final class SandboxesCommand extends StoreCommand {
  @Option(names = "--json", description = "Print one JSON array.")
  boolean json;

  @Option(names = "--delete", paramLabel = "ID", description = "Delete the kept sandbox of this build (repeatable).")
  List<String> delete = new ArrayList<>();

  @Option(names = "--delete-all", description = "Delete every kept sandbox.")
  boolean deleteAll;

  @Override
  public Integer call() throws Exception {
    try (History h = openHistory()) {
      if (deleteAll || !delete.isEmpty()) {
        List<BuildRecord> targets = new ArrayList<>();
        if (deleteAll) {
          targets.addAll(h.keptSandboxes());
        }
        for (String id : delete) {
          BuildRecord r = h.resolve(id);
          if (r.liveSandbox().isEmpty()) {
            throw new UsageException(
                "build " + r.id() + " has no kept sandbox" + (r.sandboxDeletedAt().isPresent() ? " (it was deleted)" : "")
                    + "; see 'glassbox sandboxes'");
          }
          targets.add(r);
        }
        for (BuildRecord r : targets) {
          Path p = r.liveSandbox().orElseThrow();
          deleteSandbox(p);
          h.markSandboxDeleted(r.id(), Instant.now());
          out().println("deleted the sandbox of build " + r.id() + " at " + p);
        }
        return 0;
      }
      List<BuildRecord> kept = h.keptSandboxes();
      if (json) {
        ArrayNode a = NodeJson.MAPPER.createArrayNode();
        for (BuildRecord r : kept) {
          Path p = r.liveSandbox().orElseThrow();
          a.addObject().put("id", r.id()).put("status", r.status().label()).put("path", p.toString())
              .put("present", Files.isDirectory(p)).put("submittedAt", r.submittedAt().toString()).put("command", r.command());
        }
        out().println(a);
        return 0;
      }
      if (kept.isEmpty()) {
        err().println("glassbox: no kept sandboxes; 'glassbox build --keep' or '--keep-failed' keeps one");
        return 0;
      }
      out().printf("%-12s  %-19s  %-12s  %s%n", "ID", "SUBMITTED", "STATUS", "SANDBOX");
      for (BuildRecord r : kept) {
        Path p = r.liveSandbox().orElseThrow();
        out().printf("%-12s  %-19s  %-12s  %s%s%n", r.id().substring(0, Math.min(12, r.id().length())), RecordJson.time(r.submittedAt()),
            r.status().label(), p, Files.isDirectory(p) ? "" : "  (missing on disk)");
      }
      return 0;
    }
  }

  static void deleteSandbox(Path bundle) throws UsageException {
    try {
      KeptSandboxes.delete(bundle);
    } catch (SandboxException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** Where kept sandboxes of this store live (for gc's roots). */
  static Path bundleRoot(Path storeDir) {
    return Engine.bundleRoot(storeDir);
  }
}
