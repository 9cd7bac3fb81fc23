package dev.glassbox.castore.disk;

import dev.glassbox.castore.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/** Content-addressed file layout shared by the blob and directory stores. */
final class EntryFiles {
  private final Path base;
  private final Path tmp;

  EntryFiles(Path storeRoot, String kind) {
    this.base = storeRoot.resolve(kind).resolve("b3");
    this.tmp = storeRoot.resolve("tmp");
  }

  Path pathOf(Digest d) {
    String hex = d.hex();
    return base.resolve(hex.substring(0, 4)).resolve(hex);
  }

  // Unique per process and call; cheaper than createTempFile's random names when importing
  // tens of thousands of files. CREATE_NEW still guards against any clash.
  private static final String TEMP_PREFIX = "in-flight-" + ProcessHandle.current().pid() + "-";
  private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER =
      new java.util.concurrent.atomic.AtomicLong();

  Path newTempFile() throws IOException {
    while (true) {
      Path p = tmp.resolve(TEMP_PREFIX + TEMP_COUNTER.incrementAndGet() + ".part");
      try {
        return Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        // left by an earlier process with the same pid: take the next name
      }
    }
  }

  /**
   * Makes a fully written, fsynced temp file the entry for {@code d}. If the entry exists already
   * it wins and the temp file is dropped: entries are immutable once visible.
   */
  void publish(Path tempFile, Digest d) throws IOException {
    Path target = pathOf(d);
    if (Files.exists(target)) {
      Files.deleteIfExists(tempFile);
      return;
    }
    Files.createDirectories(target.getParent());
    try {
      // NOTE: rename(2) replaces silently; both writers hold identical bytes, so that is harmless.
      Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tempFile);
      if (!Files.exists(target)) {
        throw e;
      }
    }
  }

  /** Removes an entry's file; returns its size, or 0 when it was not there. */
  long delete(Digest d) throws IOException {
    Path p = pathOf(d);
    long size;
    try {
      size = Files.size(p);
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    }
    return Files.deleteIfExists(p) ? size : 0;
  }

  static void writeFully(Path file, byte[] data, boolean fsync) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (fsync) {
        ch.force(false);
      }
    }
  }

  Stream<Digest> list() throws IOException {
    if (!Files.isDirectory(base)) {
      return Stream.empty();
    }
    // Collect eagerly so that callers do not hold directory handles open.
    try (Stream<Path> files = Files.walk(base, 2)) {
      return files
          .filter(p -> p.getFileName().toString().length() == 2 * Digest.LENGTH)
          .map(p -> Digest.parse(p.getFileName().toString()))
          .toList()
          .stream();
    }
  }
}
