package dev.glassbox.castore.memory;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryStore;
import dev.glassbox.castore.ProtoDirectory;
import dev.glassbox.castore.StoreException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Directories held as their canonical encoding in a map; {@link #get} decodes and re-hashes like
 * tvix's memory service does.
 */
public final class InMemoryDirectoryStore implements DirectoryStore {
  private final Map<Digest, byte[]> encoded = new ConcurrentHashMap<>();

  @Override
  public boolean has(Digest digest) {
    return encoded.containsKey(digest);
  }

  @Override
  public Optional<Directory> get(Digest digest) throws StoreException {
    byte[] bytes = encoded.get(digest);
    if (bytes == null) {
      return Optional.empty();
    }
    return Optional.of(ProtoDirectory.parseStored(bytes, digest));
  }

  @Override
  public Digest put(Directory directory) throws StoreException {
    for (Digest child : directory.childDirectories()) {
      if (!encoded.containsKey(child)) {
        throw new StoreException(
            "cannot store directory "
                + directory.digest()
                + ": its child directory "
                + child
                + " is not stored yet (directories are stored leaves first)");
      }
    }
    encoded.putIfAbsent(directory.digest(), directory.encode());
    return directory.digest();
  }

  @Override
  public long delete(Digest digest) {
    byte[] removed = encoded.remove(digest);
    return removed == null ? 0 : removed.length;
  }

  @Override
  public Stream<Digest> list() {
    return encoded.keySet().stream();
  }
}
