package dev.glassbox.sandbox.runc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads runc's own log ({@code runc --log FILE --log-format json}), one JSON object per line.
 *
 * <p>This is how runc's failures are told apart from the build's: the build can print anything on
 * stderr, including text that looks like runc's {@code level=error msg=...} or {@code ERRO[0000]}
 * lines, but it cannot write to this file, which lives outside the container.
 */
final class RuncLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ERROR_LEVELS = Set.of("error", "fatal", "panic");

  private RuncLog() {}

  /** The messages of the error entries, in order; empty if the file is missing or has none. */
  static List<String> errors(Path logFile) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return errors(lines);
  }

  static List<String> errors(List<String> lines) {
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        // runc writes only JSON here, so anything else means runc went badly wrong: report it.
        messages.add(line.strip());
        continue;
      }
      if (entry.isObject() && ERROR_LEVELS.contains(entry.path("level").asText())) {
        messages.add(entry.path("msg").asText(line.strip()));
      }
    }
    return messages;
  }
}
