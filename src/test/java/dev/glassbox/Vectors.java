package dev.glassbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads {@code ../shared/reference/vectors.json}, the engine test vectors. */
public final class Vectors {
  private static JsonNode root;

  private Vectors() {}

  /** The shared reference folder: -Dglassbox.shared, else ../shared beside the checkout. */
  public static Path sharedDir() {
    String prop = System.getProperty("glassbox.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(
          "the shared reference folder was not found at "
              + p.toAbsolutePath()
              + "; check out the project beside ../shared or set -Dglassbox.shared");
    }
    return p;
  }

  public static synchronized JsonNode root() {
    if (root == null) {
      try {
        root = new ObjectMapper().readTree(sharedDir().resolve("reference/vectors.json").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  public static List<JsonNode> section(String name) {
    List<JsonNode> out = new ArrayList<>();
    root().get(name).forEach(out::add);
    return out;
  }

  public static byte[] hex(JsonNode n) {
    return HexFormat.of().parseHex(n.asText());
  }

  /** JSON strings in the vectors are byte strings with one code point per byte (ISO-8859-1). */
  public static byte[] latin1(JsonNode n) {
    return n.asText().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
