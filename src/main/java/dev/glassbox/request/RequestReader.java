package dev.glassbox.request;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.Node;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON request format into a validated {@link BuildRequest}, importing host-path inputs
 * on the way, and reports every problem at once: JSON type errors first (with field paths), then
 * the validator's rules.
 *
 * <p>Format: an object with the optional fields {@code inputs}, {@code commandArgs}, {@code
 * workingDir}, {@code scratchPaths}, {@code inputsDir}, {@code outputs}, {@code environmentVars},
 * {@code constraints}, {@code additionalFiles} and {@code refscanNeedles}; omitted fields (and
 * {@code null}) take proto3 defaults. See {@link RequestWriter} for an example.
 */
public final class RequestReader {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** The top-level fields of the request format, in the order of the format. */
  public static final List<String> FIELDS =
      List.of(
          "inputs",
          "commandArgs",
          "workingDir",
          "scratchPaths",
          "inputsDir",
          "outputs",
          "environmentVars",
          "constraints",
          "additionalFiles",
          "refscanNeedles");

  private static final Map<String, Set<String>> INPUT_FIELDS =
      Map.of(
          "file", Set.of("name", "type", "digest", "size", "executable"),
          "directory", Set.of("name", "type", "digest", "size"),
          "symlink", Set.of("name", "type", "target"));
  private static final Set<String> ANY_INPUT_FIELD =
      Set.of("name", "type", "digest", "size", "executable", "target", "path");
  /** The fields of {@code constraints}. */
  public static final Set<String> CONSTRAINT_FIELDS =
      Set.of("system", "minMemory", "availableRoPaths", "networkAccess", "provideBinSh");

  private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private final RequestValidator validator;

  public RequestReader(RequestValidator validator) {
    this.validator = validator;
  }

  /**
   * Reads a request file; host-path inputs are resolved against the file's directory and imported
   * with {@code importer} (which may be {@code null} when the request has none).
   *
   * @throws IOException if the file cannot be read
   */
  public BuildRequest read(Path requestFile, InputImporter importer)
      throws IOException, InvalidBuildRequestException {
    byte[] bytes = Files.readAllBytes(requestFile);
    Path base = requestFile.toAbsolutePath().getParent();
    return parse(bytes, base, importer);
  }

  /** Parses request JSON text; relative host paths are resolved against {@code baseDir}. */
  public BuildRequest parse(String json, Path baseDir, InputImporter importer)
      throws InvalidBuildRequestException {
    return parse(json.getBytes(StandardCharsets.UTF_8), baseDir, importer);
  }

  private BuildRequest parse(byte[] json, Path baseDir, InputImporter importer)
      throws InvalidBuildRequestException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidBuildRequestException(List.of(malformed(e)));
    } catch (IOException e) {
      // readTree on a byte array does no I/O; anything else is still a syntax problem.
      throw new InvalidBuildRequestException(
          List.of(new Violation("", "MalformedJson", "the request could not be read: " + e.getMessage())));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidBuildRequestException(
          List.of(new Violation("", "MalformedJson", "the request file is empty; write a JSON object")));
    }
    List<Violation> out = new ArrayList<>();
    RequestDraft draft = new Walker(baseDir, importer, out).request(root);
    out.addAll(validator.check(draft));
    if (!out.isEmpty()) {
      throw new InvalidBuildRequestException(out);
    }
    return RequestValidator.toModel(draft);
  }

  private static Violation malformed(JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String where =
        loc == null || loc.getLineNr() < 0
            ? ""
            : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new Violation(
        "",
        "MalformedJson",
        "the request is not valid JSON" + where + ": " + e.getOriginalMessage() + "; fix the syntax");
  }

  /** Turns the JSON tree into a draft, reporting type errors with their field paths. */
  private static final class Walker {
    private final Path baseDir;
    private final InputImporter importer;
    private final List<Violation> out;

    Walker(Path baseDir, InputImporter importer, List<Violation> out) {
      this.baseDir = baseDir;
      this.importer = importer;
      this.out = out;
    }

    RequestDraft request(JsonNode root) {
      if (!root.isObject()) {
        out.add(
            new Violation(
                "", "WrongType", "the request must be a JSON object, not " + typeOf(root)));
        return new RequestDraft(List.of(), List.of(), "", List.of(), "", List.of(), List.of(), null, List.of(), List.of());
      }
      unknownFields(root, Set.copyOf(FIELDS), "", "a request");
      List<RequestDraft.Input> inputs = new ArrayList<>();
      for (Element e : array(root, "inputs")) {
        inputs.add(input(e.node, e.path));
      }
      RequestDraft.Constraints constraints = null;
      JsonNode c = present(root, "constraints");
      if (c != null) {
        constraints = constraints(c);
      }
      List<RequestDraft.Env> env = new ArrayList<>();
      for (Element e : array(root, "environmentVars")) {
        env.add(env(e.node, e.path));
      }
      List<RequestDraft.File> files = new ArrayList<>();
      for (Element e : array(root, "additionalFiles")) {
        files.add(additionalFile(e.node, e.path));
      }
      return new RequestDraft(
          inputs,
          strings(root, "commandArgs", ""),
          string(root, "workingDir", ""),
          strings(root, "scratchPaths", ""),
          string(root, "inputsDir", ""),
          strings(root, "outputs", ""),
          env,
          constraints,
          files,
          strings(root, "refscanNeedles", ""));
    }

    private RequestDraft.Input input(JsonNode n, String at) {
      if (!n.isObject()) {
        out.add(new Violation(at, "WrongType", "an input must be a JSON object, not " + typeOf(n)));
        return null;
      }
      int before = out.size();
      String nameText = string(n, "name", at + ".");
      byte[] name = nameText == null ? null : Utf8.encodeLossless(nameText);
      if (present(n, "path") != null) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!f.equals("name") && !f.equals("path")) {
            out.add(
                new Violation(
                    at + "." + f,
                    "UnknownField",
                    "an input given by host \"path\" has only \"name\" and \"path\"; its type and"
                        + " digest come from importing it, so remove \""
                        + f
                        + "\""));
          }
        }
        String path = string(n, "path", at + ".");
        if (path == null || name == null || out.size() > before) {
          return null;
        }
        return imported(name, path, at);
      }
      JsonNode typeNode = present(n, "type");
      RequestDraft.Kind kind = RequestDraft.Kind.NONE;
      String type = null;
      if (typeNode != null) {
        type = text(typeNode, at + ".type");
        if (type != null) {
          java.util.Optional<RequestDraft.Kind> k = RequestDraft.Kind.ofType(type);
          if (k.isEmpty() || type.isEmpty()) {
            out.add(new Violation(at + ".type", "BadValue", RequestDraft.Kind.badTypeMessage(type)));
            type = null;
          } else {
            kind = k.get();
          }
        }
      }
      Set<String> allowed = type == null ? ANY_INPUT_FIELD : INPUT_FIELDS.get(type);
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          out.add(
              new Violation(
                  at + "." + f,
                  "UnknownField",
                  ANY_INPUT_FIELD.contains(f)
                      ? "a " + type + " input has no \"" + f + "\"; remove it"
                      : "inputs have no field \"" + f + "\"; the fields are name, type, digest, size,"
                          + " executable, target (or name and path)"));
        }
      }
      byte[] digest = null;
      String digestText = string(n, "digest", at + ".");
      if (digestText != null) {
        digest = digestBytes(digestText, at + ".digest");
      }
      long size = u64(n, "size", at + ".");
      Boolean executable = bool(n, "executable", at + ".");
      String target = string(n, "target", at + ".");
      if (out.size() > before || name == null) {
        return null;
      }
      return new RequestDraft.Input(
          kind,
          name,
          digest,
          size,
          executable != null && executable,
          target == null ? null : Utf8.encodeLossless(target));
    }

    private RequestDraft.Input imported(byte[] name, String pathText, String at) {
      Path host;
      try {
        host = baseDir == null ? Path.of(pathText) : baseDir.resolve(pathText);
      } catch (InvalidPathException e) {
        out.add(
            new Violation(
                at + ".path", "BadValue", "'" + pathText + "' is not a valid host path: " + e.getReason()));
        return null;
      }
      if (importer == null) {
        out.add(
            new Violation(
                at + ".path",
                "InputImportFailed",
                "'"
                    + host
                    + "' cannot be imported here (no store to import into); give the input's type"
                    + " and digest instead"));
        return null;
      }
      Node node;
      try {
        node = importer.importPath(host.normalize());
      } catch (CastoreException e) {
        out.add(
            new Violation(
                at + ".path",
                "InputImportFailed",
                "could not import '" + host.normalize() + "': " + e.getMessage()));
        return null;
      }
      return RequestDraft.Input.of(name, node);
    }

    private RequestDraft.Constraints constraints(JsonNode c) {
      if (!c.isObject()) {
        out.add(
            new Violation(
                "constraints", "WrongType", "constraints must be a JSON object, not " + typeOf(c)));
        return null;
      }
      unknownFields(c, CONSTRAINT_FIELDS, "constraints.", "constraints");
      String system = string(c, "system", "constraints.");
      long minMemory = u64(c, "minMemory", "constraints.");
      List<String> ro = strings(c, "availableRoPaths", "constraints.");
      Boolean network = bool(c, "networkAccess", "constraints.");
      Boolean sh = bool(c, "provideBinSh", "constraints.");
      return new RequestDraft.Constraints(
          system, minMemory, ro, network != null && network, sh != null && sh);
    }

    private RequestDraft.Env env(JsonNode n, String at) {
      if (!n.isObject()) {
        out.add(
            new Violation(
                at, "WrongType", "an environment variable must be an object {\"key\", \"value\"}, not " + typeOf(n)));
        return null;
      }
      int before = out.size();
      unknownFields(n, Set.of("key", "value"), at + ".", "an environment variable");
      String key = string(n, "key", at + ".");
      String value = string(n, "value", at + ".");
      if (out.size() > before || key == null || value == null) {
        return null;
      }
      return new RequestDraft.Env(key, Utf8.encodeLossless(value));
    }

    private RequestDraft.File additionalFile(JsonNode n, String at) {
      if (!n.isObject()) {
        out.add(
            new Violation(
                at, "WrongType", "an additional file must be an object {\"path\", \"contents\"}, not " + typeOf(n)));
        return null;
      }
      int before = out.size();
      unknownFields(n, Set.of("path", "contents", "contentsBase64"), at + ".", "an additional file");
      String path = string(n, "path", at + ".");
      String text = optionalString(n, "contents", at + ".");
      String base64 = optionalString(n, "contentsBase64", at + ".");
      byte[] contents = new byte[0];
      if (text != null && base64 != null) {
        out.add(
            new Violation(
                at,
                "BadValue",
                "give either \"contents\" (text) or \"contentsBase64\" (binary), not both"));
      } else if (text != null) {
        int bad = Utf8.loneSurrogate(text);
        if (bad >= 0) {
          out.add(
              new Violation(
                  at + ".contents",
                  "BadValue",
                  "the text has a lone UTF-16 surrogate at index "
                      + bad
                      + " and cannot be written as UTF-8; use \"contentsBase64\" for binary"
                      + " contents"));
        } else {
          contents = text.getBytes(StandardCharsets.UTF_8);
        }
      } else if (base64 != null) {
        try {
          contents = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
          out.add(
              new Violation(
                  at + ".contentsBase64",
                  "BadValue",
                  "this is not standard base64 (" + e.getMessage() + "); encode the bytes with"
                      + " padding and the +/ alphabet"));
        }
      }
      if (out.size() > before || path == null) {
        return null;
      }
      return new RequestDraft.File(path, contents);
    }

    // --- typed field access: report and return null (or a default) on a type error ---

    private record Element(JsonNode node, String path) {}

    private List<Element> array(JsonNode parent, String field) {
      JsonNode a = present(parent, field);
      List<Element> elements = new ArrayList<>();
      if (a == null) {
        return elements;
      }
      if (!a.isArray()) {
        out.add(new Violation(field, "WrongType", field + " must be a JSON array, not " + typeOf(a)));
        return elements;
      }
      for (int i = 0; i < a.size(); i++) {
        elements.add(new Element(a.get(i), field + "[" + i + "]"));
      }
      return elements;
    }

    private List<String> strings(JsonNode parent, String field, String prefix) {
      JsonNode a = present(parent, field);
      List<String> values = new ArrayList<>();
      if (a == null) {
        return values;
      }
      if (!a.isArray()) {
        out.add(
            new Violation(
                prefix + field, "WrongType", field + " must be an array of strings, not " + typeOf(a)));
        return values;
      }
      for (int i = 0; i < a.size(); i++) {
        values.add(text(a.get(i), prefix + field + "[" + i + "]"));
      }
      return values;
    }

    /**
     * The string field; {@code ""} (the proto default) when absent, so an omitted digest becomes
     * empty bytes and is reported as tvix reports it; null after reporting a type error.
     */
    private String string(JsonNode parent, String field, String prefix) {
      JsonNode v = present(parent, field);
      return v == null ? "" : text(v, prefix + field);
    }

    /** Like {@link #string} but null when absent, for fields whose presence matters. */
    private String optionalString(JsonNode parent, String field, String prefix) {
      JsonNode v = present(parent, field);
      return v == null ? null : text(v, prefix + field);
    }

    private String text(JsonNode v, String at) {
      if (!v.isTextual()) {
        out.add(new Violation(at, "WrongType", "must be a string, not " + typeOf(v)));
        return null;
      }
      return v.textValue();
    }

    private long u64(JsonNode parent, String field, String prefix) {
      JsonNode v = present(parent, field);
      if (v == null) {
        return 0;
      }
      if (!v.isIntegralNumber()) {
        out.add(
            new Violation(
                prefix + field, "WrongType", "must be a whole number of bytes, not " + typeOf(v)));
        return 0;
      }
      BigInteger b = v.bigIntegerValue();
      if (b.signum() < 0 || b.compareTo(U64_LIMIT) >= 0) {
        out.add(
            new Violation(
                prefix + field,
                "BadValue",
                b + " is out of range; it must be between 0 and 18446744073709551615"));
        return 0;
      }
      return b.longValue();
    }

    private Boolean bool(JsonNode parent, String field, String prefix) {
      JsonNode v = present(parent, field);
      if (v == null) {
        return Boolean.FALSE;
      }
      if (!v.isBoolean()) {
        out.add(new Violation(prefix + field, "WrongType", "must be true or false, not " + typeOf(v)));
        return null;
      }
      return v.booleanValue();
    }

    private byte[] digestBytes(String text, String at) {
      String s = text.strip();
      try {
        if (s.startsWith("b3:")) {
          return Base64.getDecoder().decode(s.substring(3));
        }
        if (s.length() % 2 == 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          return HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      out.add(
          new Violation(
              at,
              "BadValue",
              "'"
                  + text
                  + "' is not a digest: write it as b3:<base64 of 32 bytes> (as glassbox prints"
                  + " digests) or as 64 hex digits"));
      return null;
    }

    private void unknownFields(JsonNode obj, Set<String> known, String prefix, String what) {
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (known.contains(f)) {
          continue;
        }
        String suggestion = closest(f, known);
        out.add(
            new Violation(
                prefix + f,
                "UnknownField",
                what
                    + " has no field \""
                    + f
                    + "\""
                    + (suggestion == null ? "; remove it" : "; did you mean \"" + suggestion + "\"?")));
      }
    }

    private static String closest(String f, Set<String> known) {
      String norm = f.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
      for (String k : known) {
        if (k.toLowerCase(Locale.ROOT).equals(norm)) {
          return k;
        }
      }
      return null;
    }

    /** The field's node, or null when it is absent or JSON null (both mean the proto default). */
    private static JsonNode present(JsonNode parent, String field) {
      JsonNode v = parent.get(field);
      return v == null || v.isNull() ? null : v;
    }

    private static String typeOf(JsonNode n) {
      if (n.isTextual()) {
        return "a string";
      }
      if (n.isNumber()) {
        return "a number";
      }
      if (n.isBoolean()) {
        return "a boolean";
      }
      if (n.isArray()) {
        return "an array";
      }
      if (n.isObject()) {
        return "an object";
      }
      if (n.isNull()) {
        return "null";
      }
      return n.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
  }
}
