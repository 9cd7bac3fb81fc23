package dev.glassbox.browse;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A tree to browse lazily: one directory listing at a time, file contents by position, never a
 * whole tree or a whole file at once. Implementations are thread-safe; every method may block and
 * is called off the UI thread.
 */
public interface TreeSource {

  /** What this tree is read from, for messages ("the store", "the live mount at …"). */
  String describe();

  /**
   * The entries of the directory at {@code dir}, in name order; for {@link TreePath#root()} the
   * tree's root entries.
   *
   * @throws BrowseException when {@code dir} is not a directory here or cannot be read
   */
  List<TreeEntry> list(TreePath dir) throws BrowseException;

  /** Opens the file at {@code file} for positional reads; the caller closes it. */
  SeekableByteChannel open(TreePath file) throws BrowseException;

  /** Where {@code path} is on this host, for trees that are on disk (a live mount, scratch). */
  Optional<Path> hostPath(TreePath path);

  /**
   * The total bytes of the files below {@code dir} (symlinks count nothing, nothing is followed).
   *
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
   */
  long totalBytes(TreePath dir, BooleanSupplier cancelled) throws BrowseException;
}
