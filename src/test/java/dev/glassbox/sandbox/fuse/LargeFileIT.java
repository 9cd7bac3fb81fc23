package dev.glassbox.sandbox.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.blake3.Blake3;
import dev.glassbox.castore.disk.DiskStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB blob from a disk store, read in full through the mount, served by a JVM whose whole
 * heap is 32 MiB: had the read path ever held a blob-sized array, the server would have failed.
 */
@EnabledIf("dev.glassbox.sandbox.fuse.FuseSupport#fuseAvailable")
class LargeFileIT {
  private static final long SIZE = 256L << 20;
  private static final int MAX_HEAP_MIB = 32;

  @TempDir Path tmp;

  @AfterEach
  void nothingLeftMounted() throws IOException {
    FuseSupport.assertNothingMountedUnder(tmp);
  }

  @Test
  void streamsA256MiBBlobThroughASmallHeapServer() throws Exception {
    Path storeDir = tmp.resolve("store");
    Castore store = DiskStore.open(storeDir);
    Path source = tmp.resolve("big.bin");
    writePattern(source, SIZE);
    Digest digest = store.blobs().putFile(source);
    Files.delete(source); // only the stored copy is left

    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    String name = "77777777777777777777777777777777-big";
    try (ServerProcess server =
        ServerProcess.start(
            tmp,
            List.of("-Xmx" + MAX_HEAP_MIB + "m", "-XX:+UseSerialGC"),
            List.of(storeDir.toString(), mnt.toString(), name + "=" + digest.hex() + ":" + SIZE))) {
      Path file = mnt.resolve(name);
      assertThat(Files.size(file)).isEqualTo(SIZE);
      assertThat(streamingDigest(file)).isEqualTo(digest);
      assertThat(server.stop()).as(server.stderr()).isZero();
      assertThat(server.stderr()).doesNotContain("OutOfMemoryError");
    }
  }

  /** BLAKE3 of a file read 1 MiB at a time (Blake3.hashFile reads the whole file into memory). */
  static Digest streamingDigest(Path file) throws IOException {
    Blake3.Hasher hasher = Blake3.newHasher();
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buf.clear())) >= 0) {
        hasher.update(buf.array(), 0, n);
      }
    }
    return Digest.of(hasher.digest());
  }

  /** Deterministic, incompressible-looking bytes (xorshift64), written 1 MiB at a time. */
  static void writePattern(Path file, long size) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
    long x = 0x9E3779B97F4A7C15L;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long written = 0;
      while (written < size) {
        chunk.clear();
        while (chunk.remaining() >= 8) {
          x ^= x << 13;
          x ^= x >>> 7;
          x ^= x << 17;
          chunk.putLong(x);
        }
        chunk.flip();
        chunk.limit((int) Math.min(chunk.limit(), size - written));
        while (chunk.hasRemaining()) {
          written += ch.write(chunk);
        }
      }
    }
  }
}
