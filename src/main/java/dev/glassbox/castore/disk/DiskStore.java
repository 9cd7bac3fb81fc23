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

  /** Temp files older than this belong to a process that died mid-write. */
  private static final java.time.Duration ABANDONED = java.time.Duration.ofHours(6);

  private static void sweepAbandonedTempFiles(Path tmp) throws IOException {
    java.time.Instant cutoff = java.time.Instant.now().minus(ABANDONED);
    try (var s = Files.list(tmp)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        try {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(p);
          }
        } catch (IOException ignored) {
          // another process removed or is using it
        }
      }
    }
  }

  public static Castore open(Path root) throws StoreException {
    try {
      Files.createDirectories(root.resolve("blobs/b3"));
      Files.createDirectories(root.resolve("dirs/b3"));
      Path tmp = root.resolve("tmp");
      Files.createDirectories(tmp);
      sweepAbandonedTempFiles(tmp);
      return new Castore(new FileBlobStore(root), new FileDirectoryStore(root));
    } catch (IOException e) {
      throw new StoreException(
          "cannot open the store at " + root + " (" + e.getMessage() + "); check that the directory"
              + " is writable or choose another with --store DIR",
          e);
    }
  }
}
