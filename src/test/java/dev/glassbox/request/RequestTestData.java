package dev.glassbox.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Converts the proto-level requests of vectors.json into Glassbox's JSON request format. */
public final class RequestTestData {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A host whose facts match the vectors' {@code x86_64-linux} constraints. */
  public static final HostFacts X86_64_HOST = new HostFacts("x86_64-linux", 64L << 30);

  private RequestTestData() {}

  /** snake_case proto JSON ({@code kind}, {@code digest_hex}) to our camelCase format. */
  public static ObjectNode toGlassboxJson(JsonNode proto) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode inputs = out.putArray("inputs");
    for (JsonNode in : proto.get("inputs")) {
      ObjectNode o = inputs.addObject();
      if (in.has("name")) {
        o.put("name", in.get("name").asText());
      }
      String kind = in.get("kind").asText();
      if (!kind.equals("none")) {
        o.put("type", kind);
      }
      if (in.has("digest_hex")) {
        o.put("digest", in.get("digest_hex").asText());
      }
      if (in.has("size")) {
        o.put("size", in.get("size").asLong());
      }
      if (in.has("executable")) {
        o.put("executable", in.get("executable").asBoolean());
      }
      if (in.has("target")) {
        o.put("target", in.get("target").asText());
      }
    }
    out.set("commandArgs", proto.get("command_args"));
    out.set("workingDir", proto.get("working_dir"));
    out.set("scratchPaths", proto.get("scratch_paths"));
    out.set("inputsDir", proto.get("inputs_dir"));
    out.set("outputs", proto.get("outputs"));
    out.set("environmentVars", proto.get("environment_vars"));
    JsonNode c = proto.get("constraints");
    if (c != null && !c.isNull()) {
      ObjectNode oc = out.putObject("constraints");
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        oc.set(camel(e.getKey()), e.getValue());
      }
    }
    out.set("additionalFiles", proto.get("additional_files"));
    out.set("refscanNeedles", proto.get("refscan_needles"));
    return out;
  }

  static String camel(String snake) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return sb.toString();
  }

  /** The "base request is valid" vector in our format. */
  public static ObjectNode baseRequest() {
    for (JsonNode v : dev.glassbox.Vectors.section("buildrequest_validation")) {
      if (v.get("description").asText().equals("base request is valid")) {
        return toGlassboxJson(v.get("request"));
      }
    }
    throw new IllegalStateException("vectors.json has no base request");
  }

  /** A vectors.json proto-level request as a validated model (host-independent rules). */
  public static BuildRequest request(JsonNode proto) throws InvalidBuildRequestException {
    return new RequestReader(RequestValidator.hostIndependent())
        .parse(toGlassboxJson(proto).toString(), java.nio.file.Path.of("."), null);
  }
}
