package dev.glassbox.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;

/**
 * Writes a resolved request (digests only) as pretty JSON with a stable field order, the form
 * Glassbox records and that {@link RequestReader} reads back to an equal request.
 *
 * <pre>{@code
 * {
 *   "inputs": [
 *     {"name": "src", "type": "directory", "digest": "b3:…", "size": 8}
 *   ],
 *   "commandArgs": ["/bin/sh", "-c", "…"],
 *   "workingDir": "build",
 *   "scratchPaths": ["build", "nix/store"],
 *   "inputsDir": "nix/store",
 *   "outputs": ["nix/store/…-out"],
 *   "environmentVars": [{"key": "out", "value": "/nix/store/…-out"}],
 *   "constraints": {"system": "x86_64-linux", "minMemory": 0, "availableRoPaths": [],
 *                   "networkAccess": false, "provideBinSh": true},
 *   "additionalFiles": [{"path": "build/.attrs.json", "contents": "{}"}],
 *   "refscanNeedles": ["…"]
 * }
 * }</pre>
 */
public final class RequestWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"));

  private RequestWriter() {}

  /** The request as a JSON tree, fields in the order of the format. */
  public static ObjectNode toTree(BuildRequest r) {
    ObjectNode root = NODES.objectNode();
    ArrayNode inputs = root.putArray("inputs");
    for (NamedNode n : r.inputs()) {
      inputs.add(namedNode(n));
    }
    strings(root.putArray("commandArgs"), r.commandArgs());
    root.put("workingDir", r.workingDir());
    strings(root.putArray("scratchPaths"), r.scratchPaths());
    root.put("inputsDir", r.inputsDir());
    strings(root.putArray("outputs"), r.outputs());
    ArrayNode env = root.putArray("environmentVars");
    for (EnvVar e : r.environmentVars()) {
      env.addObject().put("key", e.key()).put("value", e.value());
    }
    r.constraints()
        .ifPresent(
            c -> {
              ObjectNode o = root.putObject("constraints");
              o.put("system", c.system());
              u64(o, "minMemory", c.minMemory());
              strings(o.putArray("availableRoPaths"), c.availableRoPaths());
              o.put("networkAccess", c.networkAccess());
              o.put("provideBinSh", c.provideBinSh());
            });
    ArrayNode files = root.putArray("additionalFiles");
    for (AdditionalFile f : r.additionalFiles()) {
      ObjectNode o = files.addObject().put("path", f.path());
      byte[] contents = f.contents();
      if (Utf8.isValid(contents)) {
        o.put("contents", new String(contents, StandardCharsets.UTF_8));
      } else {
        o.put("contentsBase64", Base64.getEncoder().encodeToString(contents));
      }
    }
    strings(root.putArray("refscanNeedles"), r.refscanNeedles());
    return root;
  }

  /** Pretty JSON with a trailing newline. */
  public static String toJson(BuildRequest r) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(toTree(r)) + "\n";
    } catch (JsonProcessingException e) {
      // A tree of strings, numbers and booleans always serializes.
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code r} to {@code file}, replacing it atomically so a reader never sees half. */
  public static void write(BuildRequest r, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".request-", ".json.tmp");
    try {
      Files.writeString(tmp, toJson(r), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** One named node in the request format ({@code name}, {@code type}, digest, size, exec or target). */
  public static ObjectNode namedNode(NamedNode n) {
    ObjectNode o = NODES.objectNode();
    // Valid requests have UTF-8 names (RequestValidator), so the text form is exact.
    o.put("name", n.name().asUtf8());
    Node node = n.node();
    if (node instanceof FileNode f) {
      o.put("type", "file");
      o.put("digest", f.digest().toString());
      u64(o, "size", f.size());
      o.put("executable", f.executable());
    } else if (node instanceof DirectoryNode d) {
      o.put("type", "directory");
      o.put("digest", d.digest().toString());
      u64(o, "size", d.size());
    } else if (node instanceof SymlinkNode s) {
      o.put("type", "symlink");
      o.put("target", s.target().asUtf8());
    }
    return o;
  }

  private static void u64(ObjectNode o, String field, long value) {
    if (value >= 0) {
      o.put(field, value);
    } else {
      o.put(field, new BigInteger(Long.toUnsignedString(value)));
    }
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
