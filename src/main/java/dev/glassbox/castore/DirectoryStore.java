package dev.glassbox.castore;

import java.util.Optional;

/** Stores validated directories under their digest. Implementations are thread-safe. */
public interface DirectoryStore {

  boolean has(Digest digest) throws StoreException;

  /**
   * Reads, validates and re-hashes a directory; empty when absent.
   *
   * @throws CorruptEntryException when the stored bytes are not the directory they claim to be
   */
  Optional<Directory> get(Digest digest) throws StoreException;

  /**
   * Stores a directory whose child directories are all stored already (leaves first), so the
   * store never holds a dangling reference.
   *
   * @throws StoreException naming the missing child otherwise
   */
  Digest put(Directory directory) throws StoreException;

  /**
   * Removes a directory entry (not its children); returns the bytes freed (0 when it was not
   * there). Only garbage collection deletes, under the store's collection lock.
   */
  long delete(Digest digest) throws StoreException;

  /** Every stored directory digest. */
  java.util.stream.Stream<Digest> list() throws StoreException;
}
