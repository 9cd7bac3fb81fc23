package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import java.nio.charset.StandardCharsets;

/** The fixtures of tvix's FUSE tests (castore/src/fixtures.rs) and the root names they use. */
final class FuseFixtures {
  static final String BLOB_A_NAME = "00000000000000000000000000000000-test";
  static final String SYMLINK_NAME = "11111111111111111111111111111111-test";
  static final String DIRECTORY_WITH_KEEP_NAME = "22222222222222222222222222222222-test";
  static final String DIRECTORY_COMPLICATED_NAME = "33333333333333333333333333333333-test";
  static final String SYMLINK_NAME2 = "44444444444444444444444444444444-test";
  static final String BLOB_B_NAME = "55555555555555555555555555555555-test";
  static final String HELLOWORLD_NAME = "66666666666666666666666666666666-test";

  static final byte[] EMPTY = new byte[0];
  static final byte[] BLOB_A = {0x00, 0x01};
  static final byte[] BLOB_B = blobBContents();
  static final byte[] HELLOWORLD = "Hello World!".getBytes(StandardCharsets.US_ASCII);

  static final Digest EMPTY_DIGEST = Digest.ofContents(EMPTY);
  static final Digest BLOB_A_DIGEST = Digest.ofContents(BLOB_A);
  static final Digest BLOB_B_DIGEST = Digest.ofContents(BLOB_B);
  static final Digest HELLOWORLD_DIGEST = Digest.ofContents(HELLOWORLD);

  static final Directory DIRECTORY_WITH_KEEP;
  static final Directory DIRECTORY_COMPLICATED;

  static {
    try {
      DIRECTORY_WITH_KEEP =
          Directory.builder().add(name(".keep"), new FileNode(EMPTY_DIGEST, 0, false)).build();
      DIRECTORY_COMPLICATED =
          Directory.builder()
              .add(name("keep"), DirectoryNode.of(DIRECTORY_WITH_KEEP))
              .add(name(".keep"), new FileNode(EMPTY_DIGEST, 0, false))
              .add(name("aa"), new SymlinkNode(SymlinkTarget.of("/nix/store/somewhereelse")))
              .build();
    } catch (CastoreException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private FuseFixtures() {}

  /** BLOB_B: the bytes 0x00..0xFE (0xFF excluded), repeated 4096 times. */
  private static byte[] blobBContents() {
    byte[] b = new byte[255 * 4096];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % 255);
    }
    return b;
  }

  static PathComponent name(String s) {
    try {
      return PathComponent.of(s);
    } catch (CastoreException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static NamedNode root(String name, Node node) {
    return new NamedNode(name(name), node);
  }

  static SymlinkNode symlink(String target) {
    try {
      return new SymlinkNode(SymlinkTarget.of(target));
    } catch (CastoreException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** An in-memory store holding every fixture blob and directory. */
  static Castore populatedStore() throws StoreException {
    Castore c = emptyStore();
    c.blobs().put(EMPTY);
    c.blobs().put(BLOB_A);
    c.blobs().put(BLOB_B);
    c.blobs().put(HELLOWORLD);
    c.directories().put(DIRECTORY_WITH_KEEP);
    c.directories().put(DIRECTORY_COMPLICATED);
    return c;
  }

  static Castore emptyStore() {
    return new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
  }

  static NamedNode blobA() {
    return root(BLOB_A_NAME, new FileNode(BLOB_A_DIGEST, BLOB_A.length, false));
  }

  static NamedNode blobB() {
    return root(BLOB_B_NAME, new FileNode(BLOB_B_DIGEST, BLOB_B.length, false));
  }

  static NamedNode helloWorld() {
    return root(HELLOWORLD_NAME, new FileNode(HELLOWORLD_DIGEST, HELLOWORLD.length, true));
  }

  static NamedNode symlinkToBlobA() {
    return root(SYMLINK_NAME, symlink(BLOB_A_NAME));
  }

  static NamedNode symlinkElsewhere() {
    return root(SYMLINK_NAME2, symlink("/nix/store/somewhereelse"));
  }

  static NamedNode directoryWithKeep() {
    return root(DIRECTORY_WITH_KEEP_NAME, DirectoryNode.of(DIRECTORY_WITH_KEEP));
  }

  static NamedNode directoryComplicated() {
    return root(DIRECTORY_COMPLICATED_NAME, DirectoryNode.of(DIRECTORY_COMPLICATED));
  }
}
