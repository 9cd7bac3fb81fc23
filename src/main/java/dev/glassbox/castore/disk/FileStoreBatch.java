package dev.glassbox.castore.disk;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.StoreBatch;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The on-disk store's batch: unsynced temp files, one syncfs, then atomic renames. */
final class FileStoreBatch implements StoreBatch {
  private record Staged(Path temp, Digest digest, EntryFiles files) {}

  private final Castore store;
  private final FileBlobStore blobs;
  private final EntryFiles dirFiles;
  private final Path storeRoot;
  private final List<Staged> stagedBlobs = new ArrayList<>();
  private final List<Staged> stagedDirs = new ArrayList<>();
  private final Set<Digest> stagedBlobDigests = ConcurrentHashMap.newKeySet();
  private final Set<Digest> stagedDirDigests = ConcurrentHashMap.newKeySet();
  private boolean done;

  FileStoreBatch(Castore store, FileBlobStore blobs, Path storeRoot) {
    this.store = store;
    this.blobs = blobs;
    this.storeRoot = storeRoot;
    this.dirFiles = new EntryFiles(storeRoot, "dirs");
  }

  @Override
  public Digest putFile(Path file) throws StoreException {
    byte[] small = FileBlobStore.readIfSmall(file);
    if (small != null) {
      return put(small);
    }
    FileBlobStore.Written w = blobs.writeTemp(file, false);
    stageBlob(w);
    return w.digest();
  }

  @Override
  public Digest put(byte[] data) throws StoreException {
    // Hash first: content that is stored or staged already is never written again.
    Digest d = Digest.ofContents(data);
    if (blobs.has(d) || stagedBlobDigests.contains(d)) {
      return d;
    }
    stageBlob(blobs.writeTemp(data, d, false));
    return d;
  }

  private void stageBlob(FileBlobStore.Written w) throws StoreException {
    // Already stored or already staged: drop the duplicate copy right away.
    if (blobs.has(w.digest()) || !stagedBlobDigests.add(w.digest())) {
      deleteQuietly(w.temp());
      return;
    }
    synchronized (this) {
      if (done) {
        deleteQuietly(w.temp());
        throw new StoreException("the import was already finished or abandoned");
      }
      stagedBlobs.add(new Staged(w.temp(), w.digest(), blobs.files()));
    }
  }

  @Override
  public Digest putDirectory(Directory directory) throws StoreException {
    Digest d = directory.digest();
    if (store.directories().has(d) || stagedDirDigests.contains(d)) {
      return d;
    }
    for (Digest child : directory.childDirectories()) {
      if (!stagedDirDigests.contains(child) && !store.directories().has(child)) {
        throw new StoreException(
            "cannot store directory " + d + ": its child directory " + child + " is not stored yet");
      }
    }
    try {
      Path temp = dirFiles.newTempFile();
      Files.write(temp, directory.encode());
      synchronized (this) {
        if (stagedDirDigests.add(d)) {
          stagedDirs.add(new Staged(temp, d, dirFiles));
        } else {
          deleteQuietly(temp);
        }
      }
      return d;
    } catch (IOException e) {
      throw new StoreException("cannot write directory " + d + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void commit() throws StoreException {
    if (done) {
      throw new IllegalStateException("batch already committed or closed");
    }
    try {
      // Contents become durable before any name points at them.
      SyncFs.sync(storeRoot);
      for (Staged s : stagedBlobs) {
        s.files().publish(s.temp(), s.digest());
      }
      // Staging order is leaves first, so each directory appears after its children.
      for (Staged s : stagedDirs) {
        s.files().publish(s.temp(), s.digest());
      }
      SyncFs.sync(storeRoot);
      done = true;
    } catch (IOException e) {
      throw new StoreException(
          "cannot commit writes to the store at " + storeRoot + ": " + e.getMessage(), e);
    } finally {
      stagedBlobs.clear();
      stagedDirs.clear();
    }
  }

  @Override
  public synchronized void close() {
    for (Staged s : stagedBlobs) {
      deleteQuietly(s.temp());
    }
    for (Staged s : stagedDirs) {
      deleteQuietly(s.temp());
    }
    stagedBlobs.clear();
    stagedDirs.clear();
    done = true;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // temp files are swept when the store is opened
    }
  }
}
