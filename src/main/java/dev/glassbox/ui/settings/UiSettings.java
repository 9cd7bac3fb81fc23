package dev.glassbox.ui.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the desktop app remembers between runs (window, splitters, last request, theme, build
 * preferences), as JSON under {@code $XDG_CONFIG_HOME/glassbox/ui.json}. FX thread only.
 */
public final class UiSettings {
  // Not a constant: the settings are read before the window starts, and initialising the logging
  // backend there would delay the window; the engine's thread does that meanwhile.
  private static Logger log() {
    return LoggerFactory.getLogger(UiSettings.class);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final ObjectNode data;

  private UiSettings(Path file, ObjectNode data) {
    this.file = file;
    this.data = data;
  }

  /** The default location: {@code $XDG_CONFIG_HOME/glassbox/ui.json}, else {@code ~/.config/...}. */
  public static Path defaultFile() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("glassbox").resolve("ui.json");
  }

  /** Reads the file; a missing or damaged file gives defaults (and is replaced on the next save). */
  public static UiSettings load(Path file) {
    try {
      if (Files.exists(file)) {
        var tree = JSON.readTree(file.toFile());
        if (tree instanceof ObjectNode o) {
          return new UiSettings(file, o);
        }
      }
    } catch (IOException e) {
      log().warn("ignoring unreadable settings {}: {}", file, e.getMessage());
    }
    return new UiSettings(file, JSON.createObjectNode());
  }

  public void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "ui", ".json.part");
      Files.writeString(tmp, data.toPrettyString());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log().warn("cannot save settings to {}: {}", file, e.getMessage());
    }
  }

  public double number(String key, double fallback) {
    return data.path(key).isNumber() ? data.get(key).asDouble() : fallback;
  }

  public void setNumber(String key, double value) {
    data.put(key, value);
  }

  public boolean flag(String key, boolean fallback) {
    return data.path(key).isBoolean() ? data.get(key).asBoolean() : fallback;
  }

  public void setFlag(String key, boolean value) {
    data.put(key, value);
  }

  public String text(String key, String fallback) {
    return data.path(key).isTextual() ? data.get(key).asText() : fallback;
  }

  public void setText(String key, String value) {
    if (value == null) {
      data.remove(key);
    } else {
      data.put(key, value);
    }
  }

  /** Light or dark. */
  public enum Theme {
    LIGHT,
    DARK
  }

  public Theme theme() {
    return "dark".equals(text("theme", "light")) ? Theme.DARK : Theme.LIGHT;
  }

  public void theme(Theme t) {
    setText("theme", t == Theme.DARK ? "dark" : "light");
  }

  public int concurrency() {
    return (int) Math.max(1, Math.min(16, number("concurrency", 2)));
  }

  public boolean keepFailedSandboxes() {
    return flag("keepFailedSandboxes", false);
  }

  /**
   * Builds that take at least this many seconds get a desktop notification when they finish while
   * the window is not focused; 0 turns that off.
   */
  public int notifyAfterSeconds() {
    return (int) Math.max(0, Math.min(86_400, number("notifyAfterSeconds", 10)));
  }
}
