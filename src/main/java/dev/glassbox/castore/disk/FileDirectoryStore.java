package dev.glassbox.castore.disk;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryStore;
import dev.glassbox.castore.ProtoDirectory;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Directories as files holding their canonical encoding; stored only after their children. */
public final class FileDirectoryStore implements DirectoryStore {
  private final EntryFiles files;

  FileDirectoryStore(Path storeRoot) {
    this.files = new EntryFiles(storeRoot, "dirs");
  }

  @Override
  public boolean has(Digest digest) {
    return Files.isRegularFile(files.pathOf(digest));
  }

  @Override
  public Optional<Directory> get(Digest digest) throws StoreException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(files.pathOf(digest));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read directory " + digest + ": " + e.getMessage(), e);
    }
    return Optional.of(ProtoDirectory.parseStored(bytes, digest));
  }

  @Override
  public Digest put(Directory directory) throws StoreException {
    Digest d = directory.digest();
    if (has(d)) {
      return d;
    }
    for (Digest child : directory.childDirectories()) {
      if (!has(child)) {
        throw new StoreException(
            "cannot store directory "
                + d
                + ": its child directory "
                + child
                + " is not stored yet (directories are stored leaves first)");
      }
    }
    Path temp = null;
    try {
      temp = files.newTempFile();
      EntryFiles.writeFully(temp, directory.encode(), true);
      files.publish(temp, d);
      return d;
    } catch (IOException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // swept at next start
        }
      }
      throw new StoreException("cannot write directory " + d + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long delete(Digest digest) throws StoreException {
    try {
      return files.delete(digest);
    } catch (IOException e) {
      throw new StoreException("cannot delete directory " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Stream<Digest> list() throws StoreException {
    try {
      return files.list();
    } catch (IOException e) {
      throw new StoreException("cannot list directories: " + e.getMessage(), e);
    }
  }
}
