package dev.glassbox.history;

import dev.glassbox.castore.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A node kept alive through garbage collection on purpose (an import, or one the user named).
 *
 * @param digest the node's digest
 * @param kind {@code file} or {@code directory}
 * @param label what it is, for people (for an import: the host path)
 * @param addedAt when it became a root
 */
public record GcRoot(Digest digest, String kind, String label, Instant addedAt) {
  public GcRoot {
    Objects.requireNonNull(digest, "digest");
    if (!kind.equals("file") && !kind.equals("directory")) {
      throw new IllegalArgumentException("a root is a file or a directory, not " + kind);
    }
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(addedAt, "addedAt");
  }
}
