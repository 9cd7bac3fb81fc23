package dev.glassbox.sandbox;

import dev.glassbox.castore.ingest.HostTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Removing sandboxes that were kept on purpose. */
public final class KeptSandboxes {
  private KeptSandboxes() {}

  /**
   * Deletes a kept bundle, after checking it is one: a directory holding the kept marker, so that a
   * tampered history can never make this delete anything else. Absent is fine.
   *
   * @throws SandboxException when {@code bundle} is not a kept Glassbox sandbox or cannot be removed
   */
  public static void delete(Path bundle) throws SandboxException {
    if (!Files.exists(bundle, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(bundle.resolve(BuildEngine.KEPT_MARKER))) {
      throw new SandboxException(
          bundle + " is not a kept Glassbox sandbox (no " + BuildEngine.KEPT_MARKER + "); refusing to delete it");
    }
    try {
      HostTrees.delete(bundle);
    } catch (IOException e) {
      throw new SandboxException("cannot delete the sandbox at " + bundle + ": " + e.getMessage(), e);
    }
  }
}
