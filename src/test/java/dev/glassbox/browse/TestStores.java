package dev.glassbox.browse;

import dev.glassbox.castore.BlobStore;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.DirectoryStore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** In-memory stores that count directory reads, and small trees to browse. */
public final class TestStores {
  private TestStores() {}

  /** A directory store that counts {@link #get} calls. */
  public static final class CountingDirectories implements DirectoryStore {
    private final DirectoryStore inner = new InMemoryDirectoryStore();
    public final AtomicInteger gets = new AtomicInteger();

    @Override
    public boolean has(Digest digest) throws StoreException {
      return inner.has(digest);
    }

    @Override
    public Optional<Directory> get(Digest digest) throws StoreException {
      gets.incrementAndGet();
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

  public static CountingDirectories directories(Castore c) {
    return (CountingDirectories) c.directories();
  }

  public static Castore store() {
    BlobStore blobs = new InMemoryBlobStore();
    return new Castore(blobs, new CountingDirectories());
  }

  public static FileNode file(Castore c, String contents, boolean exec) throws StoreException {
    byte[] b = contents.getBytes(StandardCharsets.UTF_8);
    return new FileNode(c.blobs().put(b), b.length, exec);
  }

  public static FileNode file(Castore c, byte[] b) throws StoreException {
    return new FileNode(c.blobs().put(b), b.length, false);
  }

  public static SymlinkNode link(String target) throws Exception {
    return new SymlinkNode(SymlinkTarget.of(target));
  }

  /** Builds and stores a directory from name/node pairs. */
  public static DirectoryNode dir(Castore c, Object... nameNode) throws Exception {
    Directory.Builder b = Directory.builder();
    for (int i = 0; i < nameNode.length; i += 2) {
      b.add(PathComponent.of((String) nameNode[i]), (dev.glassbox.castore.Node) nameNode[i + 1]);
    }
    Directory d = b.build();
    c.directories().put(d);
    return DirectoryNode.of(d);
  }

  /**
   * A directory of {@code dirs} subdirectories with {@code filesPer} files each (all files share
   * one blob), for the "a 100k-entry input opens instantly" checks.
   */
  public static DirectoryNode wide(Castore c, int dirs, int filesPer) throws Exception {
    FileNode f = file(c, "x", false);
    Directory.Builder top = Directory.builder();
    for (int d = 0; d < dirs; d++) {
      Directory.Builder b = Directory.builder();
      for (int i = 0; i < filesPer; i++) {
        b.add(PathComponent.of(String.format("file-%05d-%d.c", i, d)), f);
      }
      Directory sub = b.build();
      c.directories().put(sub);
      top.add(PathComponent.of(String.format("dir-%03d", d)), DirectoryNode.of(sub));
    }
    Directory t = top.build();
    c.directories().put(t);
    return DirectoryNode.of(t);
  }
}
