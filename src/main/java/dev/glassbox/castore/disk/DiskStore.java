package dev.glassbox.castore.disk;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the on-disk store at a directory: {@code blobs/b3/<hh>/<hex>}, {@code dirs/b3/<hh>/<hex>}
 * and {@code tmp/} for writes in flight (the object-store layout of engine-spec §1.8).
 */
public final class DiskStore {
  private DiskStore() {}

  public static Castore open(Path root) throws StoreException {
    try {
      Files.createDirectories(root.resolve("blobs/b3"));
      Files.createDirectories(root.resolve("dirs/b3"));
      Path tmp = root.resolve("tmp");
      Files.createDirectories(tmp);
      return new Castore(new FileBlobStore(root), new FileDirectoryStore(root));
    } catch (IOException e) {
      throw new StoreException(
          "cannot open the store at " + root + " (" + e.getMessage() + "); check that the directory"
              + " is writable or choose another with --store DIR",
          e);
    }
  }
}
