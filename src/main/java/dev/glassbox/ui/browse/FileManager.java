package dev.glassbox.ui.browse;

import java.nio.file.Path;

/**
 * Shows a host folder in the desktop's file manager. The app provides it (through JavaFX's host
 * services); the browser never starts processes itself.
 */
@FunctionalInterface
public interface FileManager {
  /**
   * Opens {@code dir}.
   *
   * @throws Exception with a message saying why it could not
   */
  void open(Path dir) throws Exception;

  /** For a desktop without one: says so. */
  FileManager UNAVAILABLE =
      dir -> {
        throw new UnsupportedOperationException(
            "no file manager is available here; the folder is " + dir);
      };
}
