package dev.glassbox.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives: {@code --store DIR}, else {@code $GLASSBOX_STORE}, else {@code
 * $XDG_DATA_HOME/glassbox}, else {@code ~/.local/share/glassbox}.
 */
public final class StoreLocation {
  private StoreLocation() {}

  public static Path resolve(Path option, Map<String, String> env) {
    if (option != null) {
      return option.toAbsolutePath();
    }
    String store = env.get("GLASSBOX_STORE");
    if (store != null && !store.isBlank()) {
      return Path.of(store).toAbsolutePath();
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "glassbox").toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "glassbox");
  }
}
