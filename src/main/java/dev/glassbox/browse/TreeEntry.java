package dev.glassbox.browse;

import dev.glassbox.castore.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of a browsed tree, as listed by its {@link TreeSource}.
 *
 * @param path where it is in the tree
 * @param kind what it is
 * @param fileSize a file's length in bytes; 0 for everything else
 * @param executable a file's owner-execute bit
 * @param symlinkTarget a symlink's target, verbatim
 * @param digest the store digest of a file or directory, when known (always from the store; for a
 *     tree on disk only when the same path is known in the store)
 * @param storeSize a stored directory's size as tvix counts it ({@code 2·entries + Σ child sizes});
 *     empty when not read from the store
 */
public record TreeEntry(
    TreePath path,
    EntryKind kind,
    long fileSize,
    boolean executable,
    Optional<String> symlinkTarget,
    Optional<Digest> digest,
    OptionalLong storeSize) {
  public TreeEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(symlinkTarget, "symlinkTarget");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(storeSize, "storeSize");
    if (path.isRoot()) {
      throw new IllegalArgumentException("an entry has a name; the tree root is not an entry");
    }
    if (fileSize < 0) {
      throw new IllegalArgumentException("negative file size " + fileSize + " for " + path);
    }
    if (kind == EntryKind.SYMLINK && symlinkTarget.isEmpty()) {
      throw new IllegalArgumentException("the symlink " + path + " has no target");
    }
  }

  public String name() {
    return path.name();
  }

  public boolean isDirectory() {
    return kind == EntryKind.DIRECTORY;
  }

  /** The same entry with a digest (a tree on disk borrowing what the store knows). */
  public TreeEntry withDigest(Digest d) {
    return new TreeEntry(
        path, kind, fileSize, executable, symlinkTarget, Optional.of(d), storeSize);
  }
}
