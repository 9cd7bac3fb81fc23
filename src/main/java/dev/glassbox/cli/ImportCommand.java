package dev.glassbox.cli;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.ingest.Ingester;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox import PATH}: ingest a host file or tree into the store. */
@Command(name = "import", description = "Import a file or directory tree into the store; print its node.")
final class ImportCommand extends StoreCommand {
  @Parameters(paramLabel = "PATH", description = "File, directory or symlink to import.")
  Path path;

  @Option(names = "--json", description = "Print exactly one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Castore store = openStore();
    ExecutorService pool = dev.glassbox.app.Engine.newIoPool();
    try {
      Node node = new Ingester(store, pool).ingest(path.toAbsolutePath().normalize());
      out().println(json ? NodeJson.of(node).toString() : NodeJson.human(node));
      return 0;
    } finally {
      pool.shutdownNow();
    }
  }
}
