package dev.glassbox.castore;

import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/** Stores blobs (file contents) under their BLAKE3 digest. Implementations are thread-safe. */
public interface BlobStore {

  boolean has(Digest digest) throws StoreException;

  /**
   * Opens a blob for positional reads without loading it into memory; empty when absent. The data
   * is not verified here (FUSE reads must stay cheap); use {@link #verify} or {@link
   * #openVerified}.
   */
  Optional<SeekableByteChannel> open(Digest digest) throws StoreException;

  /**
   * Opens a blob after checking its contents against the digest, so that a reader never sees
   * corrupt bytes.
   *
   * @throws CorruptEntryException when the contents do not match
   */
  default Optional<InputStream> openVerified(Digest digest) throws StoreException {
    if (!has(digest)) {
      return Optional.empty();
    }
    verify(digest);
    return open(digest).map(java.nio.channels.Channels::newInputStream);
  }

  /** Re-hashes a stored blob; throws when it is missing or corrupt. */
  void verify(Digest digest) throws StoreException;

  /** Stores {@code data}; an existing entry wins. */
  Digest put(byte[] data) throws StoreException;

  /**
   * Stores the contents of a host file and returns their digest. The digest is computed over the
   * bytes that were actually stored, so a file changing during the copy cannot poison the store.
   */
  Digest putFile(Path file) throws StoreException;

  /**
   * Removes a blob; returns the bytes freed (0 when it was not there). Only garbage collection
   * deletes, under the store's collection lock, because entries are shared by every tree that
   * names them.
   */
  long delete(Digest digest) throws StoreException;

  /** Every stored blob digest (for verify and garbage collection). */
  java.util.stream.Stream<Digest> list() throws StoreException;
}
