package dev.glassbox.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What stays the same when a user edits and reruns "the same" request: its command and its output
 * paths. Inputs, environment and constraints are left out on purpose, because a changed input is
 * exactly what one wants to compare against the previous build of that request.
 */
public final class RequestIdentity {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RequestIdentity() {}

  /**
   * A stable key (24 hex digits of BLAKE3 over the command and outputs), or empty when the JSON
   * cannot be read.
   */
  public static Optional<String> key(String requestJson) {
    try {
      JsonNode n = MAPPER.readTree(requestJson);
      if (n == null || !n.isObject()) {
        return Optional.empty();
      }
      ObjectNode id = MAPPER.createObjectNode();
      id.set("commandArgs", n.path("commandArgs").isArray() ? n.get("commandArgs") : MAPPER.createArrayNode());
      id.set("outputs", n.path("outputs").isArray() ? n.get("outputs") : MAPPER.createArrayNode());
      byte[] canonical = MAPPER.writeValueAsString(id).getBytes(StandardCharsets.UTF_8);
      return Optional.of(Digest.ofContents(canonical).hex().substring(0, 24));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
