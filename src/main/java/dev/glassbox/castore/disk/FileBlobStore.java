package dev.glassbox.castore.disk;

import dev.glassbox.castore.BlobStore;
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
public final class FileBlobStore implements BlobStore {
  private final EntryFiles files;

  FileBlobStore(Path storeRoot) {
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
    Path temp = null;
    try {
      temp = files.newTempFile();
      EntryFiles.writeFully(temp, data);
      files.publish(temp, d);
      return d;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StoreException("cannot write blob " + d + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Digest putFile(Path file) throws StoreException {
    Path temp = null;
    try {
      temp = files.newTempFile();
      // Copy first, then hash the private copy: what is stored is exactly what was hashed.
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
        out.force(false);
      }
      Digest d = Digest.of(Blake3.hashFile(temp));
      files.publish(temp, d);
      return d;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StoreException("cannot store " + file + ": " + e.getMessage(), e);
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
