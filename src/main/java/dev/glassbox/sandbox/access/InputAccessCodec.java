package dev.glassbox.sandbox.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an {@link InputAccess}: compact JSON, one array per path, so that a build
 * touching ten thousand files stays a few hundred KiB.
 *
 * <pre>{"format":1,
 *  "paths":[["/gcc/bin/gcc",flags,opens,reads,bytes],…],
 *  "failed":[["/gcc/lib/libfoo.so",attempts,firstEpochMillis,logSeq],…],
 *  "droppedPaths":0,"droppedFailed":0}</pre>
 */
public final class InputAccessCodec {
  static final int FORMAT = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private InputAccessCodec() {}

  public static String encode(InputAccess a) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode ps = root.putArray("paths");
    for (PathAccess p : a.paths()) {
      ps.addArray().add(p.path()).add(p.flags()).add(p.opens()).add(p.reads()).add(p.bytesRead());
    }
    ArrayNode fs = root.putArray("failed");
    for (FailedLookup f : a.failedLookups()) {
      fs.addArray().add(f.path()).add(f.attempts()).add(f.firstEpochMillis()).add(f.logSeq());
    }
    root.put("droppedPaths", a.droppedPaths());
    root.put("droppedFailed", a.droppedFailedLookups());
    return root.toString();
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the text is not such a record (a damaged database, or one
   *     written by a newer Glassbox); the message says which
   */
  public static InputAccess decode(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the stored input access record is not JSON: " + e.getOriginalMessage(), e);
    }
    int format = root.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          "the stored input access record has format "
              + format
              + ", this Glassbox reads format "
              + FORMAT
              + "; run a newer Glassbox");
    }
    List<PathAccess> paths = new ArrayList<>();
    for (JsonNode p : root.path("paths")) {
      paths.add(
          new PathAccess(
              p.path(0).asText(),
              p.path(1).asInt(),
              p.path(2).asLong(),
              p.path(3).asLong(),
              p.path(4).asLong()));
    }
    List<FailedLookup> failed = new ArrayList<>();
    for (JsonNode f : root.path("failed")) {
      failed.add(
          new FailedLookup(
              f.path(0).asText(), f.path(1).asLong(), f.path(2).asLong(), f.path(3).asLong()));
    }
    return new InputAccess(
        paths, failed, root.path("droppedPaths").asLong(), root.path("droppedFailed").asLong());
  }
}
