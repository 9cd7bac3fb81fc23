package dev.glassbox.castore.ingest;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.InvalidDirectoryException;
import dev.glassbox.castore.InvalidNameException;
import dev.glassbox.castore.InvalidSymlinkTargetException;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreBatch;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Imports a host path into the store (engine-spec §3): symlinks are never followed, only the
 * owner-execute bit is kept, sizes come from lstat, and directories are stored leaves first. File
 * contents are stored on a pool of threads while the walk goes on.
 */
public final class Ingester {
  /** Sees every imported entry; used for reference scanning of build outputs. */
  public interface Observer {
    void file(Path hostPath, FileNode node) throws CastoreException;

    void symlink(Path hostPath, SymlinkTarget target) throws CastoreException;
  }

  private static final Observer NONE =
      new Observer() {
        @Override
        public void file(Path hostPath, FileNode node) {}

        @Override
        public void symlink(Path hostPath, SymlinkTarget target) {}
      };

  private final Castore store;
  private final ExecutorService blobPool;

  /** {@code blobPool} runs the file copies and hashes; the caller owns and shuts it down. */
  public Ingester(Castore store, ExecutorService blobPool) {
    this.store = store;
    this.blobPool = blobPool;
  }

  /** Imports {@code root} and returns its (nameless) node. */
  public Node ingest(Path root) throws IngestException {
    return ingest(root, NONE);
  }

  /**
   * Imports {@code root}, showing every file and symlink to {@code observer}. All writes go through
   * one batch: on failure nothing of this import becomes visible in the store.
   */
  public Node ingest(Path root, Observer observer) throws IngestException {
    HostFileType type = stat(root);
    try (StoreBatch batch = store.batch()) {
      Node node;
      if (type.kind() == HostFileType.Kind.DIRECTORY) {
        node = ingestDirectory(batch, root, observer);
      } else if (type.kind() == HostFileType.Kind.REGULAR) {
        node = storeFile(batch, root, type, observer);
      } else if (type.kind() == HostFileType.Kind.SYMLINK) {
        node = symlink(root, observer);
      } else {
        throw unsupported(root, type);
      }
      batch.commit();
      return node;
    } catch (IngestException e) {
      throw e;
    } catch (CastoreException e) {
      throw new IngestException(root, "cannot import " + root + ": " + e.getMessage(), e);
    }
  }

  private Node ingestDirectory(StoreBatch batch, Path dir, Observer observer)
      throws CastoreException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        children.add(p);
      }
    } catch (IOException e) {
      throw new IngestException(dir, "cannot list " + dir + ": " + describe(e), e);
    }
    List<PathComponent> names = new ArrayList<>(children.size());
    List<Future<Node>> pending = new ArrayList<>(children.size());
    List<Node> ready = new ArrayList<>(children.size());
    try {
      for (Path child : children) {
        names.add(nameOf(child));
        HostFileType type = stat(child);
        switch (type.kind()) {
          case DIRECTORY -> {
            ready.add(ingestDirectory(batch, child, observer));
            pending.add(null);
          }
          case SYMLINK -> {
            ready.add(symlink(child, observer));
            pending.add(null);
          }
          case REGULAR -> {
            ready.add(null);
            pending.add(blobPool.submit(() -> storeFile(batch, child, type, observer)));
          }
          default -> throw unsupported(child, type);
        }
      }
      Directory.Builder builder = Directory.builder();
      for (int i = 0; i < children.size(); i++) {
        Node node = ready.get(i) != null ? ready.get(i) : await(pending.get(i), children.get(i));
        builder.add(names.get(i), node);
      }
      Directory directory = builder.build();
      batch.putDirectory(directory);
      return DirectoryNode.of(directory);
    } catch (InvalidDirectoryException e) {
      throw new IngestException(dir, "cannot import " + dir + ": " + e.getMessage(), e);
    } catch (CastoreException | RuntimeException e) {
      // Stop queued copies and wait for running ones, so none stages a file after the batch is
      // discarded.
      for (Future<Node> f : pending) {
        if (f != null) {
          f.cancel(false);
        }
      }
      for (Future<Node> f : pending) {
        if (f != null && !f.isCancelled()) {
          try {
            f.get();
          } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
            // the first failure is the one reported
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      throw e;
    }
  }

  private static Node await(Future<Node> f, Path child) throws CastoreException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestException(child, "import of " + child + " was interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CastoreException ce) {
        throw ce;
      }
      throw new IngestException(child, "cannot import " + child + ": " + c, c);
    }
  }

  private static FileNode storeFile(
      StoreBatch batch, Path file, HostFileType type, Observer observer) throws CastoreException {
    Digest d;
    try {
      d = batch.putFile(file);
    } catch (StoreException e) {
      throw new IngestException(file, "cannot import " + file + ": " + e.getMessage(), e);
    }
    FileNode node = new FileNode(d, type.size(), type.ownerExecutable());
    observer.file(file, node);
    return node;
  }

  private static SymlinkNode symlink(Path link, Observer observer) throws CastoreException {
    byte[] raw;
    try {
      raw = Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IngestException(link, "cannot read the symlink " + link + ": " + describe(e), e);
    }
    try {
      SymlinkTarget target = SymlinkTarget.of(raw);
      observer.symlink(link, target);
      return new SymlinkNode(target);
    } catch (InvalidSymlinkTargetException e) {
      throw new IngestException(link, "cannot import " + link + ": " + e.getMessage(), e);
    }
  }

  private static PathComponent nameOf(Path p) throws IngestException {
    try {
      return PathComponent.of(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    } catch (InvalidNameException e) {
      throw new IngestException(p, "cannot import " + p + ": " + e.getMessage(), e);
    }
  }

  private static HostFileType stat(Path p) throws IngestException {
    try {
      return HostFileType.lstat(p);
    } catch (NoSuchFileException e) {
      throw new IngestException(p, p + " does not exist; check the path", e);
    } catch (IOException e) {
      throw new IngestException(p, "cannot read " + p + ": " + describe(e), e);
    }
  }

  private static IngestException unsupported(Path p, HostFileType type) {
    return new IngestException(
        p,
        "cannot import "
            + p
            + ": it is a "
            + type.kind().description
            + "; only regular files, directories and symlinks can be stored. Remove it or import"
            + " a directory that does not contain it");
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : m;
  }
}
