package dev.glassbox.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.CorruptEntryException;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.StoreException;
import dev.glassbox.sandbox.BuildEngine;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes the blobs and directories that nothing refers to any more. Alive is whatever a recorded
 * build names (request inputs, outputs), whatever a kept sandbox's record names, and explicit
 * roots (imports), with everything below them.
 *
 * <p>A collection holds the {@link StoreLock} exclusively, so no build is importing or ingesting
 * meanwhile in any process, and every build that already wrote has its record committed: what it
 * wrote is a root by then. A dry run takes no lock and deletes nothing.
 */
public final class GarbageCollector {
  /**
   * What a collection found.
   *
   * @param dryRun whether it only looked
   * @param liveBlobs blobs kept
   * @param liveDirectories directories kept
   * @param blobs blobs deleted (or that would be)
   * @param directories directories deleted (or that would be)
   * @param bytes bytes freed (or that would be)
   */
  public record Report(
      boolean dryRun, long liveBlobs, long liveDirectories, List<Digest> blobs, List<Digest> directories, long bytes) {
    public Report {
      blobs = List.copyOf(blobs);
      directories = List.copyOf(directories);
    }
  }

  private final Castore store;
  private final History history;
  private final StoreLock lock;
  private final Optional<Path> bundleRoot;

  /**
   * @param bundleRoot where kept sandboxes live, so that their records count as roots even when
   *     the history does not know them
   */
  public GarbageCollector(Castore store, History history, StoreLock lock, Optional<Path> bundleRoot) {
    this.store = store;
    this.history = history;
    this.lock = lock;
    this.bundleRoot = bundleRoot;
  }

  /**
   * Marks from the roots, then deletes (or, in a dry run, lists) the rest.
   *
   * @param patience how long to wait for builds that are writing to the store
   */
  public Report collect(boolean dryRun, Duration patience) throws HistoryException, StoreException {
    StoreLock.Held held = dryRun ? null : lock.exclusive(patience);
    try {
      Set<Digest> blobs = new HashSet<>();
      Set<Digest> dirs = new HashSet<>();
      Deque<Digest> todo = new ArrayDeque<>();
      List<Node> roots = new ArrayList<>();
      history.forEachReferencedNode(roots::add);
      keptSandboxRoots(roots);
      for (Node n : roots) {
        mark(n, blobs, dirs, todo);
      }
      while (!todo.isEmpty()) {
        Digest d = todo.pop();
        Optional<Directory> dir;
        try {
          dir = store.directories().get(d);
        } catch (CorruptEntryException e) {
          throw new StoreException(
              "the live directory " + d + " is corrupt, so what it refers to cannot be known; gc deleted"
                  + " nothing. Run 'glassbox verify' and re-import what it lists",
              e);
        }
        if (dir.isPresent()) {
          for (NamedNode e : dir.get().entries()) {
            mark(e.node(), blobs, dirs, todo);
          }
        }
      }
      List<Digest> deadBlobs = store.blobs().list().filter(d -> !blobs.contains(d)).sorted().toList();
      List<Digest> deadDirs = store.directories().list().filter(d -> !dirs.contains(d)).sorted().toList();
      long bytes = 0;
      for (Digest d : deadBlobs) {
        bytes += dryRun ? blobSize(d) : store.blobs().delete(d);
      }
      for (Digest d : deadDirs) {
        bytes += dryRun ? store.directories().get(d).map(x -> (long) x.encode().length).orElse(0L) : store.directories().delete(d);
      }
      return new Report(dryRun, blobs.size(), dirs.size(), deadBlobs, deadDirs, bytes);
    } finally {
      if (held != null) {
        held.close();
      }
    }
  }

  private static void mark(Node n, Set<Digest> blobs, Set<Digest> dirs, Deque<Digest> todo) {
    if (n instanceof FileNode f) {
      blobs.add(f.digest());
    } else if (n instanceof DirectoryNode d && dirs.add(d.digest())) {
      todo.push(d.digest());
    }
  }

  private long blobSize(Digest d) throws StoreException {
    Optional<SeekableByteChannel> ch = store.blobs().open(d);
    if (ch.isEmpty()) {
      return 0;
    }
    try (SeekableByteChannel c = ch.get()) {
      return c.size();
    } catch (IOException e) {
      throw new StoreException("cannot read the size of blob " + d + ": " + e.getMessage(), e);
    }
  }

  /** Inputs named by the records of kept sandboxes ({@code glassbox-sandbox.json}). */
  private void keptSandboxRoots(List<Node> roots) throws HistoryException {
    if (bundleRoot.isEmpty() || !Files.isDirectory(bundleRoot.get())) {
      return;
    }
    try (var dirs = Files.list(bundleRoot.get())) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        Path marker = dir.resolve(BuildEngine.KEPT_MARKER);
        if (Files.isRegularFile(marker)) {
          JsonNode m = NodeCodec.MAPPER.readTree(marker.toFile());
          NodeCodec.digestsOf(m.path("request").path("inputs"), roots::add);
        }
      }
    } catch (IOException e) {
      throw new HistoryException(
          "cannot read the kept sandboxes in " + bundleRoot.get() + " (" + e.getMessage()
              + "); gc deleted nothing, since they may refer to store entries",
          e);
    }
  }
}
