package dev.glassbox.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds proto-level drafts straight from vectors.json requests. */
final class DraftsFromVectors {
  private DraftsFromVectors() {}

  static RequestDraft draft(JsonNode r) {
    List<RequestDraft.Input> inputs = new ArrayList<>();
    for (JsonNode in : r.get("inputs")) {
      byte[] name = in.has("name") ? Vectors.latin1(in.get("name")) : new byte[0];
      switch (in.get("kind").asText()) {
        case "file":
          inputs.add(
              RequestDraft.Input.file(
                  name, Vectors.hex(in.get("digest_hex")), in.get("size").asLong(), in.get("executable").asBoolean()));
          break;
        case "directory":
          inputs.add(RequestDraft.Input.directory(name, Vectors.hex(in.get("digest_hex")), in.get("size").asLong()));
          break;
        case "symlink":
          inputs.add(RequestDraft.Input.symlink(name, Vectors.latin1(in.get("target"))));
          break;
        default:
          inputs.add(new RequestDraft.Input(RequestDraft.Kind.NONE, name, null, 0, false, null));
      }
    }
    List<RequestDraft.Env> env = new ArrayList<>();
    for (JsonNode e : r.get("environment_vars")) {
      env.add(new RequestDraft.Env(e.get("key").asText(), e.get("value").asText().getBytes(StandardCharsets.UTF_8)));
    }
    RequestDraft.Constraints c = null;
    JsonNode jc = r.get("constraints");
    if (!jc.isNull()) {
      c =
          new RequestDraft.Constraints(
              jc.get("system").asText(),
              jc.get("min_memory").asLong(),
              strings(jc.get("available_ro_paths")),
              jc.get("network_access").asBoolean(),
              jc.get("provide_bin_sh").asBoolean());
    }
    List<RequestDraft.File> files = new ArrayList<>();
    for (JsonNode f : r.get("additional_files")) {
      files.add(new RequestDraft.File(f.get("path").asText(), f.get("contents").asText().getBytes(StandardCharsets.UTF_8)));
    }
    return new RequestDraft(
        inputs,
        strings(r.get("command_args")),
        r.get("working_dir").asText(),
        strings(r.get("scratch_paths")),
        r.get("inputs_dir").asText(),
        strings(r.get("outputs")),
        env,
        c,
        files,
        strings(r.get("refscan_needles")));
  }

  static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(s -> out.add(s.asText()));
    return out;
  }
}
