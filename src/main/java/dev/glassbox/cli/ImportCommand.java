package dev.glassbox.cli;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.history.History;
import dev.glassbox.history.StoreLock;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox import PATH}: ingest a host file or tree into the store, as a gc root. */
@Command(
    name = "import",
    description = "Import a file or directory tree into the store; print its node. It stays an explicit gc root"
        + " until 'glassbox roots remove DIGEST'.")
final class ImportCommand extends StoreCommand {
  @Parameters(paramLabel = "PATH", description = "File, directory or symlink to import.")
  Path path;

  @Option(names = "--json", description = "Print exactly one JSON object.")
  boolean json;

  @Override
  @SuppressWarnings("try") // the store lock is held for its scope, never used by name
  public Integer call() throws Exception {
    Castore store = openStore();
    ExecutorService pool = dev.glassbox.app.Engine.newIoPool();
    Path source = path.toAbsolutePath().normalize();
    // Held until the root is recorded, so a gc in another process cannot take the import away.
    try (History h = History.open(storeDir()); StoreLock.Held writing = StoreLock.of(storeDir()).shared()) {
      Node node = new Ingester(store, pool).ingest(source);
      if (!(node instanceof dev.glassbox.castore.SymlinkNode)) {
        h.addRoot(node, source.toString());
      }
      out().println(json ? NodeJson.of(node).toString() : NodeJson.human(node));
      return 0;
    } finally {
      pool.shutdownNow();
    }
  }
}
