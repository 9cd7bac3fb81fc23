package dev.glassbox.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages remove bundles the way the engine does. */
public final class BuildEngineTestAccess {
  private BuildEngineTestAccess() {}

  public static void deleteTree(Path p) throws IOException {
    dev.glassbox.castore.ingest.HostTrees.delete(p);
  }
}
