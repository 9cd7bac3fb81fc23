package dev.glassbox.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Why two builds may differ: the field-level differences between two recorded requests (the
 * resolved JSON the history keeps). Inputs are matched by name and compared by type and digest,
 * environment variables by key, additional files by path; list fields that are sets in the format
 * (scratch paths, outputs, needles, read-only paths) by membership; command arguments by position.
 */
public final class RequestComparison {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SHOWN = 120;

  private RequestComparison() {}

  /**
   * Compares two recorded requests.
   *
   * @throws IllegalArgumentException when one of them is not JSON, naming which
   */
  public static List<RequestChange> compare(String leftJson, String rightJson) {
    JsonNode l = parse(leftJson, "first");
    JsonNode r = parse(rightJson, "second");
    List<RequestChange> out = new ArrayList<>();
    Set<String> fields = new LinkedHashSet<>(RequestReader.FIELDS);
    l.fieldNames().forEachRemaining(fields::add);
    r.fieldNames().forEachRemaining(fields::add);
    for (String f : fields) {
      JsonNode a = l.path(f);
      JsonNode b = r.path(f);
      switch (f) {
        case "inputs" -> keyed(out, f, a, b, "name");
        case "environmentVars" -> keyed(out, f, a, b, "key");
        case "additionalFiles" -> keyed(out, f, a, b, "path");
        case "commandArgs" -> positional(out, f, f, a, b);
        case "scratchPaths", "outputs", "refscanNeedles" -> members(out, f, f, a, b);
        case "constraints" -> constraints(out, a, b);
        default -> scalar(out, f, f, a, b);
      }
    }
    return out;
  }

  private static JsonNode parse(String json, String which) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("the " + which + " request is not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the " + which + " request is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void keyed(List<RequestChange> out, String field, JsonNode a, JsonNode b, String key) {
    Map<String, JsonNode> left = byKey(a, key);
    Map<String, JsonNode> right = byKey(b, key);
    Set<String> keys = new LinkedHashSet<>(left.keySet());
    keys.addAll(right.keySet());
    for (String k : keys.stream().sorted().toList()) {
      JsonNode x = left.get(k);
      JsonNode y = right.get(k);
      if (x != null && x.equals(y)) {
        continue;
      }
      out.add(
          new RequestChange(
              field,
              field + "[" + k + "]",
              Optional.ofNullable(x).map(n -> show(field, n, key)),
              Optional.ofNullable(y).map(n -> show(field, n, key))));
    }
  }

  private static Map<String, JsonNode> byKey(JsonNode list, String key) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode n : list) {
      m.put(n.path(key).asText(), n);
    }
    return m;
  }

  /** The value of a keyed entry without its key: an input's type and digest, a variable's value. */
  private static String show(String field, JsonNode n, String key) {
    if (field.equals("environmentVars")) {
      return quote(n.path("value").asText());
    }
    if (field.equals("inputs")) {
      String type = n.path("type").asText();
      return switch (type) {
        case "symlink" -> "symlink -> " + n.path("target").asText();
        case "file" ->
            (n.path("executable").asBoolean() ? "executable file " : "file ")
                + n.path("digest").asText()
                + " ("
                + n.path("size").asText()
                + " bytes)";
        default -> type + " " + n.path("digest").asText() + " (size " + n.path("size").asText() + ")";
      };
    }
    if (field.equals("additionalFiles")) {
      if (n.has("contentsBase64")) {
        return "base64 " + clip(n.path("contentsBase64").asText());
      }
      return quote(n.path("contents").asText());
    }
    var copy = n.deepCopy();
    if (copy.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(key);
    }
    return clip(copy.toString());
  }

  private static void positional(List<RequestChange> out, String field, String path, JsonNode a, JsonNode b) {
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      JsonNode x = a.path(i);
      JsonNode y = b.path(i);
      if (x.equals(y)) {
        continue;
      }
      out.add(
          new RequestChange(
              field,
              path + "[" + i + "]",
              x.isMissingNode() ? Optional.empty() : Optional.of(quote(x.asText())),
              y.isMissingNode() ? Optional.empty() : Optional.of(quote(y.asText()))));
    }
  }

  private static void members(List<RequestChange> out, String field, String path, JsonNode a, JsonNode b) {
    Set<String> left = new LinkedHashSet<>();
    a.forEach(x -> left.add(x.asText()));
    Set<String> right = new LinkedHashSet<>();
    b.forEach(x -> right.add(x.asText()));
    for (String s : left) {
      if (!right.contains(s)) {
        out.add(new RequestChange(field, path, Optional.of(quote(s)), Optional.empty()));
      }
    }
    for (String s : right) {
      if (!left.contains(s)) {
        out.add(new RequestChange(field, path, Optional.empty(), Optional.of(quote(s))));
      }
    }
  }

  private static void constraints(List<RequestChange> out, JsonNode a, JsonNode b) {
    if (a.isMissingNode() && b.isMissingNode()) {
      return;
    }
    // An absent constraints object is tvix's empty set: compare it as all defaults.
    JsonNode da = a.isMissingNode() ? MAPPER.createObjectNode() : a;
    JsonNode db = b.isMissingNode() ? MAPPER.createObjectNode() : b;
    Set<String> names = new LinkedHashSet<>(List.of("system", "minMemory", "availableRoPaths", "networkAccess", "provideBinSh"));
    da.fieldNames().forEachRemaining(names::add);
    db.fieldNames().forEachRemaining(names::add);
    for (String f : names) {
      String path = "constraints." + f;
      JsonNode x = withDefault(f, da.path(f));
      JsonNode y = withDefault(f, db.path(f));
      if (f.equals("availableRoPaths")) {
        members(out, "constraints", path, x, y);
      } else {
        scalar(out, "constraints", path, x, y);
      }
    }
  }

  private static JsonNode withDefault(String field, JsonNode n) {
    if (!n.isMissingNode()) {
      return n;
    }
    return switch (field) {
      case "system" -> MAPPER.getNodeFactory().textNode("");
      case "minMemory" -> MAPPER.getNodeFactory().numberNode(0);
      case "availableRoPaths" -> MAPPER.createArrayNode();
      case "networkAccess", "provideBinSh" -> MAPPER.getNodeFactory().booleanNode(false);
      default -> MissingNode.getInstance();
    };
  }

  private static void scalar(List<RequestChange> out, String field, String path, JsonNode a, JsonNode b) {
    if (a.equals(b) || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0)) {
      return;
    }
    out.add(
        new RequestChange(
            field,
            path,
            a.isMissingNode() ? Optional.empty() : Optional.of(text(a)),
            b.isMissingNode() ? Optional.empty() : Optional.of(text(b))));
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? quote(n.asText()) : clip(n.toString());
  }

  private static String quote(String s) {
    try {
      return clip(MAPPER.writeValueAsString(s));
    } catch (JsonProcessingException e) {
      return "\"" + s + "\"";
    }
  }

  private static String clip(String s) {
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "… (" + s.length() + " characters)";
  }
}
