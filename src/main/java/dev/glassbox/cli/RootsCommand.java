package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.history.GcRoot;
import dev.glassbox.history.History;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox roots}: the explicit gc roots. */
@Command(
    name = "roots",
    description = {
      "List, add or remove explicit gc roots: store entries kept by 'glassbox gc' although no build"
          + " refers to them. 'glassbox import' adds one for what it imports.",
      "Usage: glassbox roots [--json] | glassbox roots add DIGEST [--label TEXT] | glassbox roots remove DIGEST"
    })
final class RootsCommand extends StoreCommand {
  @Parameters(paramLabel = "ACTION", arity = "0..1", description = "add or remove (none: list).")
  String action;

  @Parameters(paramLabel = "DIGEST", arity = "0..1", index = "1", description = "The root's digest.")
  String digest;

  @Option(names = "--label", paramLabel = "TEXT", description = "What the root is, for people (add).")
  String label;

  @Option(names = "--json", description = "Print the roots as one JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (History h = openHistory()) {
      if (action == null) {
        List<GcRoot> roots = h.roots();
        if (json) {
          ArrayNode a = NodeJson.MAPPER.createArrayNode();
          roots.forEach(r -> a.addObject().put("digest", r.digest().toString()).put("type", r.kind()).put("label", r.label()).put("addedAt", r.addedAt().toString()));
          out().println(a);
        } else {
          roots.forEach(r -> out().println(r.kind() + (r.kind().equals("file") ? "      " : " ") + r.digest() + "  " + r.label()));
        }
        return 0;
      }
      if (digest == null) {
        throw new UsageException("give the DIGEST to " + action + ": glassbox roots " + action + " DIGEST");
      }
      Digest d = parseDigest(digest);
      if (action.equals("add")) {
        Castore store = openStore();
        Node node;
        if (store.directories().has(d)) {
          node = new DirectoryNode(d, 0);
        } else if (store.blobs().has(d)) {
          node = new FileNode(d, 0, false);
        } else {
          throw new UsageException(d + " is neither a directory nor a blob in " + storeDir() + "; import it first");
        }
        h.addRoot(node, label == null ? "added by hand" : label);
        out().println("root " + d);
        return 0;
      }
      if (action.equals("remove")) {
        if (!h.removeRoot(d)) {
          throw new UsageException(d + " is not a root; 'glassbox roots' lists them");
        }
        out().println("no longer a root: " + d + " (gc may now delete it)");
        return 0;
      }
      throw new UsageException("unknown action '" + action + "'; use add or remove, or nothing to list the roots");
    }
  }
}
