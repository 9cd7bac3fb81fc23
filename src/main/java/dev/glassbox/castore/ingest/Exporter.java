package dev.glassbox.castore.ingest;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Materialises a stored node at a host path: files (verified), exec bits and symlinks. */
public final class Exporter {
  private final Castore store;

  public Exporter(Castore store) {
    this.store = store;
  }

  /**
   * Writes {@code node} at {@code dest}, which must not exist. On failure nothing is left at
   * {@code dest}.
   */
  public void export(Node node, Path dest) throws CastoreException {
    if (Files.exists(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreException(dest + " already exists; choose a path that does not exist yet");
    }
    try {
      write(node, dest);
    } catch (CastoreException | IOException e) {
      try {
        HostTrees.delete(dest);
      } catch (IOException ignored) {
        // best effort: the export already failed with a clearer error
      }
      if (e instanceof CastoreException ce) {
        throw ce;
      }
      throw new StoreException("cannot write " + dest + ": " + e.getMessage(), e);
    }
  }

  private void write(Node node, Path dest) throws CastoreException, IOException {
    if (node instanceof FileNode f) {
      try (InputStream in =
          store
              .blobs()
              .openVerified(f.digest())
              .orElseThrow(() -> missing("blob", f.digest().toString()))) {
        Files.copy(in, dest);
      }
      Files.setPosixFilePermissions(
          dest, PosixFilePermissions.fromString(f.executable() ? "rwxr-xr-x" : "rw-r--r--"));
    } else if (node instanceof SymlinkNode s) {
      Files.createSymbolicLink(dest, Path.of(s.target().asUtf8()));
    } else if (node instanceof DirectoryNode d) {
      Directory dir =
          store.directories().get(d.digest()).orElseThrow(() -> missing("directory", d.digest().toString()));
      Files.createDirectory(dest);
      for (NamedNode e : dir.entries()) {
        write(e.node(), dest.resolve(e.name().asUtf8()));
      }
    }
  }

  private static StoreException missing(String kind, String digest) {
    return new StoreException(
        "the " + kind + " " + digest + " is not in the store; import it first or run 'glassbox verify'");
  }
}
