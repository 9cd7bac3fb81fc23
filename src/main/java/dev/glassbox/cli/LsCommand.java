package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.CastorePath;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.InvalidNameException;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox ls DIGEST [PATH]}: list a stored directory. */
@Command(name = "ls", description = "List a stored directory (name, type, size, digest, exec bit, target).")
final class LsCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "DIGEST", description = "Directory digest (b3:… or hex).")
  String digest;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Path inside it, e.g. lib/x.")
  String path;

  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Digest d = parseDigest(digest);
    Castore store = openStore();
    if (!store.directories().has(d)) {
      throw new UsageException(
          "no directory "
              + d
              + " in the store at "
              + storeDir()
              + (store.blobs().has(d) ? " (it is a file: use 'glassbox cat')" : "")
              + "; import it first or check --store");
    }
    CastorePath sub;
    try {
      sub = path == null ? CastorePath.ROOT : CastorePath.parse(path.replaceAll("^/+|/+$", ""));
    } catch (InvalidNameException e) {
      throw new UsageException("the path '" + path + "' is not valid: " + e.getMessage(), e);
    }
    Node root = new DirectoryNode(d, 0);
    Node target =
        store
            .descend(root, sub)
            .orElseThrow(() -> new UsageException("'" + path + "' does not exist in " + d));
    if (!(target instanceof DirectoryNode dir)) {
      print(java.util.List.of(new NamedNode(sub.components().get(sub.components().size() - 1), target)));
      return 0;
    }
    Directory listing =
        store
            .directories()
            .get(dir.digest())
            .orElseThrow(() -> new UsageException("the directory " + dir.digest() + " is missing from the store"));
    print(listing.entries());
    return 0;
  }

  private void print(java.util.List<NamedNode> entries) {
    if (json) {
      ArrayNode arr = NodeJson.MAPPER.createArrayNode();
      for (NamedNode e : entries) {
        ObjectNode o = NodeJson.MAPPER.createObjectNode();
        o.put("name", e.name().toString());
        o.setAll(NodeJson.of(e.node()));
        arr.add(o);
      }
      out().println(arr);
      return;
    }
    for (NamedNode e : entries) {
      Node n = e.node();
      String line;
      if (n instanceof DirectoryNode d) {
        line = String.format("d   %12s  %s  %s/", "-", d.digest(), e.name());
      } else if (n instanceof FileNode f) {
        line = String.format("%s   %12d  %s  %s", f.executable() ? "x" : "-", f.size(), f.digest(), e.name());
      } else {
        line = String.format("l   %12s  %44s  %s -> %s", "-", "", e.name(), ((SymlinkNode) n).target());
      }
      out().println(line);
    }
  }
}
