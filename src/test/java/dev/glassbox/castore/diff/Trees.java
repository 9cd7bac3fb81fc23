package dev.glassbox.castore.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.DirectoryStore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Builds small trees in an in-memory store, and counts which directories a reader fetches. */
final class Trees {
  final CountingDirectories directories = new CountingDirectories(new InMemoryDirectoryStore());
  final Castore store = new Castore(new InMemoryBlobStore(), directories);

  FileNode file(String contents) throws StoreException {
    return file(contents, false);
  }

  FileNode file(String contents, boolean executable) throws StoreException {
    byte[] b = contents.getBytes(StandardCharsets.UTF_8);
    return new FileNode(store.blobs().put(b), b.length, executable);
  }

  FileNode bytes(byte[] b) throws StoreException {
    return new FileNode(store.blobs().put(b), b.length, false);
  }

  static SymlinkNode link(String target) throws Exception {
    return new SymlinkNode(SymlinkTarget.of(target));
  }

  /** {@code dir("a", node, "b", node, …)}. */
  DirectoryNode dir(Object... namesAndNodes) throws Exception {
    Directory.Builder b = Directory.builder();
    for (int i = 0; i < namesAndNodes.length; i += 2) {
      b.add(PathComponent.of((String) namesAndNodes[i]), (Node) namesAndNodes[i + 1]);
    }
    Directory d = b.build();
    store.directories().put(d);
    return DirectoryNode.of(d);
  }

  /** A directory store that records every digest it is asked for. */
  static final class CountingDirectories implements DirectoryStore {
    private final DirectoryStore inner;
    final List<Digest> reads = new ArrayList<>();

    CountingDirectories(DirectoryStore inner) {
      this.inner = inner;
    }

    @Override
    public boolean has(Digest digest) throws StoreException {
      return inner.has(digest);
    }

    @Override
    public synchronized Optional<Directory> get(Digest digest) throws StoreException {
      reads.add(digest);
      return inner.get(digest);
    }

    @Override
    public Digest put(Directory directory) throws StoreException {
      return inner.put(directory);
    }

    @Override
    public long delete(Digest digest) throws StoreException {
      return inner.delete(digest);
    }

    @Override
    public Stream<Digest> list() throws StoreException {
      return inner.list();
    }
  }
}
