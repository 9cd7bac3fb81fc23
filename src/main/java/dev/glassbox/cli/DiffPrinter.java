package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.diff.ChangeKind;
import dev.glassbox.castore.diff.Contents;
import dev.glassbox.castore.diff.DiffNode;
import dev.glassbox.castore.diff.DiffSummary;
import dev.glassbox.castore.diff.HexDiff;
import dev.glassbox.castore.diff.TextDiff;
import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.request.RequestChange;
import java.io.PrintWriter;
import java.util.List;

/** Prints a tree diff for 'diff' and 'check': a listing, unified diffs of text, or JSON. */
final class DiffPrinter {
  private final Castore store;
  private final int context;
  private final boolean contents;

  /**
   * @param context lines of context around each hunk
   * @param contents whether to print the unified diff of every changed text file
   */
  DiffPrinter(Castore store, int context, boolean contents) {
    this.store = store;
    this.context = context;
    this.contents = contents;
  }

  /** The listing ({@code M  path}), then the content diffs, then the summary line. */
  void human(PrintWriter o, TreeDiff d, List<RequestChange> request)
      throws StoreException, InterruptedException {
    if (!request.isEmpty()) {
      o.println("request differences:");
      for (RequestChange c : request) {
        o.println("  " + c.describe());
      }
      o.println();
    }
    List<DiffNode> changes = d.differences();
    for (DiffNode n : changes) {
      o.println(n.kind().mark() + "  " + n.path() + detail(n));
    }
    if (contents) {
      for (DiffNode n : changes) {
        if (n.kind() == ChangeKind.CHANGED && n.bothFiles()) {
          o.println();
          content(o, n);
        }
      }
    }
    if (!changes.isEmpty()) {
      o.println();
    }
    o.println(d.summary().describe());
  }

  private static String detail(DiffNode n) {
    Node l = n.left().orElse(null);
    Node r = n.right().orElse(null);
    return switch (n.kind()) {
      case ADDED, REMOVED -> {
        Node x = n.node();
        long inside = DiffNode.entriesBelow(x);
        yield "  (" + DiffNode.typeOf(x) + (inside > 0 ? ", " + inside + " entries inside" : "") + ")";
      }
      case TYPE_CHANGED -> "  (" + DiffNode.typeOf(l) + " -> " + DiffNode.typeOf(r) + ")";
      case EXECUTABLE_CHANGED ->
          ((FileNode) r).executable() ? "  (now executable)" : "  (no longer executable)";
      case TARGET_CHANGED ->
          "  (-> " + ((SymlinkNode) l).target() + " became -> " + ((SymlinkNode) r).target() + ")";
      case CHANGED -> {
        if (l instanceof FileNode a && r instanceof FileNode b) {
          String exec = a.executable() != b.executable() ? ", exec bit changed too" : "";
          yield "  (" + a.size() + " -> " + b.size() + " bytes" + exec + ")";
        }
        yield "";
      }
      default -> "";
    };
  }

  private void content(PrintWriter o, DiffNode n) throws StoreException, InterruptedException {
    FileNode a = (FileNode) n.left().orElseThrow();
    FileNode b = (FileNode) n.right().orElseThrow();
    if (Contents.textDiffable(store, a, b)) {
      TextDiff t = TextDiff.of(Contents.readSmall(store, a), Contents.readSmall(store, b));
      for (String line : t.unified("a/" + n.path(), "b/" + n.path(), context)) {
        o.println(line);
      }
      return;
    }
    long at = HexDiff.firstDifference(store, a, b);
    o.println("Binary files a/" + n.path() + " and b/" + n.path() + " differ (first at byte " + at + ")");
    for (HexDiff.Row row : HexDiff.page(store, a, b, at, 2)) {
      o.printf("-%08x  %s |%s|%n", row.offset(), row.hex(true), row.ascii(true));
      o.printf("+%08x  %s |%s|%n", row.offset(), row.hex(false), row.ascii(false));
    }
  }

  /** The whole comparison as one JSON object. */
  ObjectNode json(TreeDiff d, List<RequestChange> request)
      throws StoreException, InterruptedException {
    ObjectNode root = NodeJson.MAPPER.createObjectNode();
    root.put("identical", d.identical());
    root.put("verdict", d.summary().verdict());
    DiffSummary s = d.summary();
    ObjectNode sum = root.putObject("summary");
    sum.put("differences", s.differences());
    sum.put("added", s.added());
    sum.put("removed", s.removed());
    sum.put("changed", s.changed());
    sum.put("typeChanged", s.typeChanged());
    sum.put("executableChanged", s.executableChanged());
    sum.put("targetChanged", s.targetChanged());
    sum.put("unchangedEntries", s.unchangedEntries());
    sum.put("entriesInAdded", s.entriesInAdded());
    sum.put("entriesInRemoved", s.entriesInRemoved());
    sum.put("ignored", s.ignored());
    sum.put("directoriesRead", s.directoriesRead());
    ArrayNode globs = root.putArray("ignore");
    d.ignore().globs().forEach(globs::add);
    ArrayNode req = root.putArray("requestChanges");
    for (RequestChange c : request) {
      ObjectNode o = req.addObject();
      o.put("path", c.path());
      o.put("kind", c.kind());
      c.left().ifPresent(v -> o.put("left", v));
      c.right().ifPresent(v -> o.put("right", v));
    }
    ArrayNode changes = root.putArray("changes");
    for (DiffNode n : d.differences()) {
      ObjectNode o = changes.addObject();
      o.put("path", n.path());
      o.put("kind", n.kind().jsonName());
      n.left().ifPresent(x -> o.set("left", NodeJson.of(x)));
      n.right().ifPresent(x -> o.set("right", NodeJson.of(x)));
      if (n.kind() == ChangeKind.ADDED || n.kind() == ChangeKind.REMOVED) {
        o.put("entriesInside", Math.max(0, DiffNode.entriesBelow(n.node())));
      }
      if (contents && n.kind() == ChangeKind.CHANGED && n.bothFiles()) {
        FileNode a = (FileNode) n.left().get();
        FileNode b = (FileNode) n.right().get();
        if (Contents.textDiffable(store, a, b)) {
          ArrayNode lines = o.putArray("unifiedDiff");
          TextDiff.of(Contents.readSmall(store, a), Contents.readSmall(store, b))
              .unified("a/" + n.path(), "b/" + n.path(), context)
              .forEach(lines::add);
        } else {
          o.put("binary", true);
          o.put("firstDifferenceAt", HexDiff.firstDifference(store, a, b));
        }
      }
    }
    return root;
  }
}
