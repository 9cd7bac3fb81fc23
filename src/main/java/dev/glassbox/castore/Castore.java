package dev.glassbox.castore;

import java.util.Objects;
import java.util.Optional;

/** The pair of stores that together hold trees: blobs and directories. */
public record Castore(BlobStore blobs, DirectoryStore directories) {
  public Castore {
    Objects.requireNonNull(blobs, "blobs");
    Objects.requireNonNull(directories, "directories");
  }

  /** Starts a batch of writes that become visible together (see {@link StoreBatch}). */
  public StoreBatch batch() throws StoreException {
    if (blobs instanceof BatchingStore b) {
      return b.newBatch(this);
    }
    return new DirectBatch(this);
  }

  /** A blob store that knows a cheaper way to commit many writes at once. */
  public interface BatchingStore {
    StoreBatch newBatch(Castore castore) throws StoreException;
  }

  /** Writes straight through; for stores where every write is already durable on return. */
  private static final class DirectBatch implements StoreBatch {
    private final Castore store;

    DirectBatch(Castore store) {
      this.store = store;
    }

    @Override
    public Digest putFile(java.nio.file.Path file) throws StoreException {
      return store.blobs().putFile(file);
    }

    @Override
    public Digest put(byte[] data) throws StoreException {
      return store.blobs().put(data);
    }

    @Override
    public Digest putDirectory(Directory directory) throws StoreException {
      return store.directories().put(directory);
    }

    @Override
    public void commit() {}

    @Override
    public void close() {}
  }

  /**
   * Walks {@code path} from {@code root} (engine-spec §1.7 descend_to): empty when a component is
   * missing or a file/symlink is in the way.
   */
  public Optional<Node> descend(Node root, CastorePath path) throws StoreException {
    Node current = root;
    for (PathComponent c : path.components()) {
      if (!(current instanceof DirectoryNode d)) {
        return Optional.empty();
      }
      Directory dir =
          directories
              .get(d.digest())
              .orElseThrow(
                  () ->
                      new StoreException(
                          "the directory "
                              + d.digest()
                              + " is referenced but not in the store; run 'glassbox verify'"));
      Optional<Node> next = dir.get(c);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.of(current);
  }

  /** Whether the node and everything below it is present. */
  public boolean isComplete(Node node) throws StoreException {
    if (node instanceof FileNode f) {
      return blobs.has(f.digest());
    }
    if (node instanceof DirectoryNode d) {
      Optional<Directory> dir = directories.get(d.digest());
      if (dir.isEmpty()) {
        return false;
      }
      for (NamedNode e : dir.get().entries()) {
        if (!isComplete(e.node())) {
          return false;
        }
      }
    }
    return true;
  }
}
