package dev.glassbox.cli;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.ingest.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox export DIGEST DEST}: materialise a stored tree or file on disk. */
@Command(name = "export", description = "Write a stored directory tree (or file) to DEST, which must not exist.")
final class ExportCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "DIGEST", description = "Directory or blob digest.")
  String digest;

  @Parameters(index = "1", paramLabel = "DEST", description = "Path to create.")
  Path dest;

  @Option(names = "--executable", description = "When exporting a single file, make it executable.")
  boolean executable;

  @Override
  public Integer call() throws Exception {
    Digest d = parseDigest(digest);
    Castore store = openStore();
    Node node;
    if (store.directories().has(d)) {
      node = new DirectoryNode(d, 0);
    } else if (store.blobs().has(d)) {
      node = new FileNode(d, Files.size(((dev.glassbox.castore.disk.FileBlobStore) store.blobs()).pathOf(d)), executable);
    } else {
      throw new UsageException("nothing with digest " + d + " is in the store at " + storeDir());
    }
    Path target = dest.toAbsolutePath().normalize();
    if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
      throw new UsageException(target.getParent() + " does not exist; create it first");
    }
    new Exporter(store).export(node, target);
    return 0;
  }
}
