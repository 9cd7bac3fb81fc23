package dev.glassbox.castore;

import java.nio.file.Path;

/**
 * A group of writes that become visible together on {@link #commit()}. Contents are written to
 * temporary files first and made durable with one filesystem sync before any entry appears, so a
 * crash can lose a batch but never leave a torn entry behind, and importing 20,000 small files
 * does not cost 20,000 fsyncs. Closing without commit discards everything. Thread-safe.
 */
public interface StoreBatch extends AutoCloseable {

  /** Stages a host file's contents; returns the digest of exactly the staged bytes. */
  Digest putFile(Path file) throws StoreException;

  /** Stages a blob from memory. */
  Digest put(byte[] data) throws StoreException;

  /**
   * Stages a directory; every child directory must already be stored or staged in this batch
   * (leaves first).
   */
  Digest putDirectory(Directory directory) throws StoreException;

  /** Makes the staged entries durable and visible: blobs first, then directories leaves first. */
  void commit() throws StoreException;

  /** Discards whatever was not committed. */
  @Override
  void close();
}
