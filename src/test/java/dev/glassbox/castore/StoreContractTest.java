package dev.glassbox.castore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract for every store implementation (as tvix tests every BlobService). */
class StoreContractTest {
  @TempDir static Path tmp;

  static Stream<Castore> stores() throws Exception {
    return Stream.of(
        new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore()),
        DiskStore.open(Files.createTempDirectory(tmp, "disk")));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void putReturnsTheSameDigestForTheSameBytesAndReadsBack(Castore s) throws Exception {
    Digest a = s.blobs().put("Hello World!".getBytes());
    assertThat(s.blobs().put("Hello World!".getBytes())).isEqualTo(a);
    assertThat(a.hex()).isEqualTo("5ca7815adcb484e9a136c11efe69c1d530176d549b5d18d038eb5280b4b3470c");
    try (SeekableByteChannel ch = s.blobs().open(a).orElseThrow()) {
      ByteBuffer b = ByteBuffer.allocate(5);
      ch.position(6);
      ch.read(b);
      assertThat(new String(b.array())).isEqualTo("World");
    }
    try (InputStream in = s.blobs().openVerified(a).orElseThrow()) {
      assertThat(new String(in.readAllBytes())).isEqualTo("Hello World!");
    }
    assertThat(s.blobs().list().toList()).contains(a);
    assertThat(s.blobs().open(Digest.ofContents(new byte[] {9})).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aDirectoryIsStoredOnlyAfterItsChildren(Castore s) throws Exception {
    Directory child = Directory.builder().add(PathComponent.of(".keep"), new FileNode(Digest.ofContents(new byte[0]), 0, false)).build();
    Directory parent = Directory.builder().add(PathComponent.of("keep"), DirectoryNode.of(child)).build();
    assertThatThrownBy(() -> s.directories().put(parent))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("leaves first");
    assertThat(s.directories().has(parent.digest())).isFalse();
    s.directories().put(child);
    s.directories().put(parent);
    assertThat(s.directories().get(parent.digest())).contains(parent);
    assertThat(s.directories().list().toList()).containsExactlyInAnyOrder(child.digest(), parent.digest());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aBatchIsInvisibleUntilCommittedAndGoneWhenAbandoned(Castore s) throws Exception {
    Digest d;
    try (StoreBatch b = s.batch()) {
      d = b.put("staged".getBytes());
      // abandoned: no commit
    }
    if (!(s.blobs() instanceof InMemoryBlobStore)) {
      assertThat(s.blobs().has(d)).isFalse();
    }
    try (StoreBatch b = s.batch()) {
      b.put("staged".getBytes());
      Directory dir = Directory.builder().add(PathComponent.of("f"), new FileNode(d, 6, false)).build();
      b.putDirectory(dir);
      b.commit();
      assertThat(s.directories().has(dir.digest())).isTrue();
    }
    assertThat(s.blobs().has(d)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void verifyFindsCorruptBlobs(Castore s) throws Exception {
    Digest d = s.blobs().put("precious".getBytes());
    s.blobs().verify(d);
    if (s.blobs() instanceof InMemoryBlobStore m) {
      m.corrupt(d, "tampered".getBytes());
    } else {
      Path file = ((dev.glassbox.castore.disk.FileBlobStore) s.blobs()).pathOf(d);
      Files.writeString(file, "tampered");
    }
    assertThatThrownBy(() -> s.blobs().verify(d)).isInstanceOf(CorruptEntryException.class).hasMessageContaining("glassbox verify");
    assertThatThrownBy(() -> s.blobs().openVerified(d)).isInstanceOf(CorruptEntryException.class);
  }
}
