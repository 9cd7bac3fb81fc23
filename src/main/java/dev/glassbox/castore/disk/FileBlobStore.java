package dev.glassbox.castore.disk;

import dev.glassbox.castore.BlobStore;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.StoreBatch;
import dev.glassbox.castore.CorruptEntryException;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.blake3.Blake3;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

/** Blobs as plain files named by their hex digest; writes are temp file, fsync, atomic rename. */
public final class FileBlobStore implements BlobStore, Castore.BatchingStore {
  private final EntryFiles files;
  private final Path storeRoot;

  FileBlobStore(Path storeRoot) {
    this.storeRoot = storeRoot;
    this.files = new EntryFiles(storeRoot, "blobs");
  }

  @Override
  public boolean has(Digest digest) {
    return Files.isRegularFile(files.pathOf(digest));
  }

  @Override
  public Optional<SeekableByteChannel> open(Digest digest) throws StoreException {
    try {
      return Optional.of(FileChannel.open(files.pathOf(digest), StandardOpenOption.READ));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read blob " + digest + ": " + e.getMessage(), e);
    }
  }

  /** The file that holds a blob, for callers that stream it with zero-copy transfers. */
  public Path pathOf(Digest digest) {
    return files.pathOf(digest);
  }

  @Override
  public void verify(Digest digest) throws StoreException {
    Path p = files.pathOf(digest);
    Digest actual;
    try {
      actual = Digest.of(Blake3.hashFile(p));
    } catch (NoSuchFileException e) {
      throw new StoreException("the blob " + digest + " is not in the store");
    } catch (IOException e) {
      throw new StoreException("cannot read blob " + digest + ": " + e.getMessage(), e);
    }
    if (!actual.equals(digest)) {
      throw new CorruptEntryException("blob", digest, "its contents hash to " + actual);
    }
  }

  @Override
  public Digest put(byte[] data) throws StoreException {
    Digest d = Digest.ofContents(data);
    if (has(d)) {
      return d;
    }
    Written w = writeTemp(data, true);
    publish(w);
    return w.digest();
  }

  @Override
  public Digest putFile(Path file) throws StoreException {
    byte[] small = readIfSmall(file);
    if (small != null) {
      return put(small);
    }
    Written w = writeTemp(file, true);
    publish(w);
    return w.digest();
  }

  @Override
  public StoreBatch newBatch(Castore castore) {
    return new FileStoreBatch(castore, this, storeRoot);
  }

  /** A temp file holding bytes whose digest is known. */
  record Written(Path temp, Digest digest) {}

  EntryFiles files() {
    return files;
  }

  private void publish(Written w) throws StoreException {
    try {
      files.publish(w.temp(), w.digest());
    } catch (IOException e) {
      deleteQuietly(w.temp());
      throw new StoreException("cannot store blob " + w.digest() + ": " + e.getMessage(), e);
    }
  }

  Written writeTemp(byte[] data, boolean fsync) throws StoreException {
    return writeTemp(data, Digest.ofContents(data), fsync);
  }

  /** Files up to this size are read into memory once, hashed there and written from there. */
  static final int SMALL_FILE = 1 << 20;

  /** The whole contents of a file of at most {@link #SMALL_FILE} bytes, else null. */
  static byte[] readIfSmall(Path file) throws StoreException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      if (size > SMALL_FILE) {
        return null;
      }
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && in.read(buf) > 0) {
        // loop over short reads; a file that shrank meanwhile is stored as read
      }
      return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  Written writeTemp(byte[] data, Digest digest, boolean fsync) throws StoreException {
    Path temp = null;
    try {
      temp = files.newTempFile();
      EntryFiles.writeFully(temp, data, fsync);
      return new Written(temp, digest);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StoreException("cannot write a blob into the store: " + e.getMessage(), e);
    }
  }

  /**
   * Copies a host file into a temp file and hashes the copy: what is stored is exactly what was
   * hashed, even if the source changes meanwhile.
   */
  Written writeTemp(Path file, boolean fsync) throws StoreException {
    Path temp = null;
    try {
      temp = files.newTempFile();
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        long size = in.size();
        long pos = 0;
        while (pos < size) {
          long n = in.transferTo(pos, size - pos, out);
          if (n <= 0) {
            break; // the file shrank while we copied; we store what we got
          }
          pos += n;
        }
        if (fsync) {
          out.force(false);
        }
      }
      return new Written(temp, Digest.of(Blake3.hashFile(temp)));
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StoreException("cannot store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long delete(Digest digest) throws StoreException {
    try {
      return files.delete(digest);
    } catch (IOException e) {
      throw new StoreException("cannot delete blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Stream<Digest> list() throws StoreException {
    try {
      return files.list();
    } catch (IOException e) {
      throw new StoreException("cannot list blobs: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temp file is swept at the next start; it never becomes an entry
      }
    }
  }
}
