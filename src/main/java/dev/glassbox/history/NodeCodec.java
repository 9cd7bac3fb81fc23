package dev.glassbox.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Output nodes and needle lists as JSON columns, exactly: names and symlink targets that are not
 * UTF-8 are kept as base64 so that a record reads back equal to what was written.
 */
final class NodeCodec {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeCodec() {}

  static String outputsToJson(List<NamedNode> outputs) {
    ArrayNode a = MAPPER.createArrayNode();
    for (NamedNode n : outputs) {
      ObjectNode o = a.addObject();
      bytes(o, "name", n.name().bytes());
      Node node = n.node();
      if (node instanceof FileNode f) {
        o.put("type", "file").put("digest", f.digest().toString()).put("size", f.size()).put("executable", f.executable());
      } else if (node instanceof DirectoryNode d) {
        o.put("type", "directory").put("digest", d.digest().toString()).put("size", d.size());
      } else {
        o.put("type", "symlink");
        bytes(o, "target", ((SymlinkNode) node).target().bytes());
      }
    }
    return a.toString();
  }

  static List<NamedNode> outputsFromJson(String json) throws HistoryException {
    List<NamedNode> out = new ArrayList<>();
    try {
      for (JsonNode o : MAPPER.readTree(json)) {
        PathComponent name = PathComponent.of(bytes(o, "name"));
        String type = o.path("type").asText();
        Node node;
        if (type.equals("file")) {
          node = new FileNode(Digest.parse(o.path("digest").asText()), o.path("size").asLong(), o.path("executable").asBoolean());
        } else if (type.equals("directory")) {
          node = new DirectoryNode(Digest.parse(o.path("digest").asText()), o.path("size").asLong());
        } else if (type.equals("symlink")) {
          node = new SymlinkNode(SymlinkTarget.of(bytes(o, "target")));
        } else {
          throw new HistoryException("a recorded output has the unknown type '" + type + "'");
        }
        out.add(new NamedNode(name, node));
      }
    } catch (JsonProcessingException | CastoreException | IllegalArgumentException e) {
      throw new HistoryException("recorded outputs cannot be read back (" + e.getMessage() + "): " + json, e);
    }
    return out;
  }

  static String needlesToJson(List<List<Integer>> needles) {
    ArrayNode a = MAPPER.createArrayNode();
    for (List<Integer> list : needles) {
      ArrayNode inner = a.addArray();
      list.forEach(inner::add);
    }
    return a.toString();
  }

  static List<List<Integer>> needlesFromJson(String json) throws HistoryException {
    List<List<Integer>> out = new ArrayList<>();
    try {
      for (JsonNode inner : MAPPER.readTree(json)) {
        List<Integer> list = new ArrayList<>();
        inner.forEach(n -> list.add(n.asInt()));
        out.add(List.copyOf(list));
      }
    } catch (JsonProcessingException e) {
      throw new HistoryException("recorded needles cannot be read back: " + json, e);
    }
    return out;
  }

  /**
   * Every digest a request's inputs or a build's outputs name, for garbage collection: only
   * {@code type} and {@code digest} are read, so this works on any request JSON Glassbox wrote.
   */
  static void digestsOf(JsonNode nodes, Consumer<Node> sink) {
    for (JsonNode o : nodes) {
      String type = o.path("type").asText();
      String digest = o.path("digest").asText("");
      if (digest.isEmpty()) {
        continue;
      }
      try {
        if (type.equals("file")) {
          sink.accept(new FileNode(Digest.parse(digest), 0, false));
        } else if (type.equals("directory")) {
          sink.accept(new DirectoryNode(Digest.parse(digest), 0));
        }
      } catch (IllegalArgumentException e) {
        // a request we could not have run; it keeps nothing alive
      }
    }
  }

  private static void bytes(ObjectNode o, String field, byte[] value) {
    try {
      o.put(field, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString());
    } catch (CharacterCodingException e) {
      o.put(field + "Base64", Base64.getEncoder().encodeToString(value));
    }
  }

  private static byte[] bytes(JsonNode o, String field) {
    if (o.has(field + "Base64")) {
      return Base64.getDecoder().decode(o.get(field + "Base64").asText());
    }
    return o.path(field).asText().getBytes(StandardCharsets.UTF_8);
  }
}
