package dev.glassbox.sandbox.oci;

import java.nio.file.Path;

/** The bundle directory for a build could not be created; names the path and keeps the cause. */
public final class BundleException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  public BundleException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The file or directory that could not be written. */
  public Path path() {
    return path;
  }
}
