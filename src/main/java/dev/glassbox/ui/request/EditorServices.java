package dev.glassbox.ui.request;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.request.RequestValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** What the request editor needs from the app; the composition root implements it (no engine calls in ui). */
public interface EditorServices {
  /**
   * Imports a host file or folder into the store and returns its node; called on a {@link
   * #background()} thread.
   */
  Node importPath(Path hostPath) throws Exception;

  /**
   * Like {@link #importPath(Path)}, telling {@code progress} about every file stored so the editor
   * can show how far a big import got; the default reports nothing. Implement it with {@code
   * Ingester.ingest(path, observer)} where the observer calls {@code progress.fileImported(size)}.
   */
  default Node importPath(Path hostPath, ImportProgress progress) throws Exception {
    return importPath(hostPath);
  }

  /** Named nodes to offer in "add from store": recent imports and build outputs, newest first. */
  List<NamedNode> recentNodes(int limit);

  /** The validator for this host and store. */
  RequestValidator validator();

  /** Runs imports, file reads and writes, and checks; never the FX thread. */
  Executor background();

  /**
   * The store the app uses, when it is not the one the command line finds by default: "Copy as
   * CLI command" then passes it with {@code --store}.
   */
  default Optional<Path> storeDirectory() {
    return Optional.empty();
  }

  /** Receives progress of one import; called from the importing thread. */
  @FunctionalInterface
  interface ImportProgress {
    /** One more file was stored, of {@code size} bytes. */
    void fileImported(long size);
  }
}
