package dev.glassbox.sandbox.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.Vectors;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestTestData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The two {@code vectors.json › oci_config_examples} and what tvix did to produce them. */
final class OciExamples {
  private OciExamples() {}

  static List<JsonNode> all() {
    return Vectors.section("oci_config_examples");
  }

  static BuildRequest request(JsonNode example) throws Exception {
    return RequestTestData.request(example.get("request"));
  }

  /**
   * tvix's make_spec with the example's rootless argument, then (as OCIBuildService does, even in
   * root mode) its hard-coded id maps put in front of {@code linux}.
   */
  static ObjectNode tvixSpec(JsonNode example) throws Exception {
    boolean rootless = example.get("make_spec_rootless_argument").asBoolean();
    String shell = example.get("sandbox_shell").asText();
    BuildRequest r = request(example);
    if (rootless) {
      return OciSpecFactory.make(r, SpecOptions.tvix(shell));
    }
    ObjectNode spec =
        OciSpecFactory.make(r, SpecOptions.root(java.util.Optional.of(shell), 1000, 100).withTerminal(true));
    ObjectNode linux = (ObjectNode) spec.get("linux");
    ObjectNode replaced = RequestTestData.JSON.createObjectNode();
    replaced.set("uidMappings", maps(SpecOptions.TVIX_UID_MAPPINGS));
    replaced.set("gidMappings", maps(SpecOptions.TVIX_GID_MAPPINGS));
    for (Iterator<Map.Entry<String, JsonNode>> it = linux.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      replaced.set(e.getKey(), e.getValue());
    }
    spec.set("linux", replaced);
    return spec;
  }

  private static ArrayNode maps(List<IdMapping> maps) {
    ArrayNode a = RequestTestData.JSON.createArrayNode();
    for (IdMapping m : maps) {
      a.addObject().put("hostID", m.hostId()).put("containerID", m.containerId()).put("size", m.size());
    }
    return a;
  }

  /** Compact JSON text with every capability list sorted (their order upstream is a hash set's). */
  static String normalized(JsonNode spec) {
    ObjectNode copy = spec.deepCopy();
    JsonNode caps = copy.path("process").path("capabilities");
    if (caps instanceof ObjectNode c) {
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<String> values = new ArrayList<>();
        e.getValue().forEach(v -> values.add(v.asText()));
        values.sort(null);
        ArrayNode sorted = RequestTestData.JSON.createArrayNode();
        values.forEach(sorted::add);
        e.setValue(sorted);
      }
    }
    return copy.toString();
  }
}
