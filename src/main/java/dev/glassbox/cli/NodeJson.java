package dev.glassbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;

/** The JSON shape of a node on the command line (same as in build requests, without a name). */
final class NodeJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeJson() {}

  static ObjectNode of(Node node) {
    ObjectNode o = MAPPER.createObjectNode();
    if (node instanceof DirectoryNode d) {
      o.put("type", "directory");
      o.put("digest", d.digest().toString());
      o.put("size", new java.math.BigInteger(Long.toUnsignedString(d.size())));
    } else if (node instanceof FileNode f) {
      o.put("type", "file");
      o.put("digest", f.digest().toString());
      o.put("size", f.size());
      o.put("executable", f.executable());
    } else if (node instanceof SymlinkNode s) {
      o.put("type", "symlink");
      o.put("target", s.target().toString());
    }
    return o;
  }

  /** One line for people: kind, digest, size, exec bit or target. */
  static String human(Node node) {
    if (node instanceof DirectoryNode d) {
      return "directory " + d.digest() + " size " + Long.toUnsignedString(d.size());
    }
    if (node instanceof FileNode f) {
      return "file " + f.digest() + " size " + f.size() + (f.executable() ? " executable" : "");
    }
    return "symlink -> " + ((SymlinkNode) node).target();
  }
}
