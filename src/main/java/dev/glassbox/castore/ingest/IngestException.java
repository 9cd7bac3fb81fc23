package dev.glassbox.castore.ingest;

import dev.glassbox.castore.CastoreException;
import java.nio.file.Path;

/** A host tree could not be imported; names the offending path and what to do about it. */
public final class IngestException extends CastoreException {
  private static final long serialVersionUID = 1L;
  private final transient Path path;

  public IngestException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  public IngestException(Path path, String message) {
    this(path, message, null);
  }

  /** The host path that caused the failure. */
  public Path path() {
    return path;
  }
}
