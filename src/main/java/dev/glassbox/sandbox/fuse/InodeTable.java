package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.DirectoryStore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inodes of one input mount (engine-spec §5.2), independent of any FUSE binding.
 *
 * <p>The root is inode 1; every other inode is allocated from 2 upwards the first time it is seen,
 * and never freed. Inodes are shared by content: one per blob digest, per symlink target and per
 * directory digest, however many names lead to it. A directory inode starts sparse and is populated
 * (its Directory fetched, its children given inodes in name order) the first time something inside
 * it is looked up or listed.
 *
 * <p>Thread-safe. Reads of settled state take no lock; allocation and population are serialized so
 * that inode numbers come out in the deterministic order the spec describes.
 */
public final class InodeTable {
  /** The mount root's inode number. */
  public static final long ROOT = 1;

  /** Returned by the lookups when the name does not exist. */
  public static final long ABSENT = 0;

  /** Returned by {@link #lookup} when the parent is a file or a symlink. */
  public static final long NOT_A_DIRECTORY = -1;

  /** What an inode number stands for. */
  public sealed interface Inode
      permits Root, FileInode, SymlinkInode, SparseDirectory, PopulatedDirectory {}

  /** The mount root (inode 1): the build's inputs by name. */
  public record Root() implements Inode {}

  /** A regular file; the first FileNode seen for its digest decides size and executable bit. */
  public record FileInode(Digest digest, long size, boolean executable) implements Inode {}

  /** A symbolic link. */
  public record SymlinkInode(SymlinkTarget target) implements Inode {}

  /** A directory whose contents have not been fetched yet; {@code size} is as received. */
  public record SparseDirectory(Digest digest, long size) implements Inode {}

  /** A directory whose children have inodes; {@code children} is in name order. */
  public record PopulatedDirectory(
      Digest digest, List<Child> children, Map<PathComponent, Child> byName) implements Inode {
    public PopulatedDirectory {
      children = List.copyOf(children);
      byName = Collections.unmodifiableMap(byName);
    }
  }

  /** One entry of a populated directory. */
  public record Child(long ino, PathComponent name, Node node) {}

  private static final Root ROOT_INODE = new Root();

  private final DirectoryStore directories;
  private final List<NamedNode> roots;
  private final Map<PathComponent, Node> rootsByName;

  private final Map<Long, Inode> inodes = new ConcurrentHashMap<>();
  private final Map<PathComponent, Long> rootBindings = new ConcurrentHashMap<>();
  // The de-duplication indexes. Separate maps on purpose: the empty blob and the empty directory
  // have the same digest (BLAKE3 of zero bytes) but must not share an inode.
  private final Map<Digest, Long> blobInodes = new HashMap<>();
  private final Map<SymlinkTarget, Long> symlinkInodes = new HashMap<>();
  private final Map<Digest, Long> directoryInodes = new HashMap<>();
  private long nextIno = ROOT + 1; // guarded by this

  /**
   * A table serving {@code roots} (the inputs; any order, names must be unique), fetching
   * directories from {@code directories} when they are first entered.
   *
   * @throws IllegalArgumentException when two roots have the same name
   */
  public InodeTable(DirectoryStore directories, List<NamedNode> roots) {
    this.directories = Objects.requireNonNull(directories, "directories");
    TreeMap<PathComponent, Node> sorted = new TreeMap<>();
    for (NamedNode r : roots) {
      if (sorted.put(r.name(), r.node()) != null) {
        throw new IllegalArgumentException(
            "the input name '" + r.name() + "' appears twice; each input needs its own name");
      }
    }
    List<NamedNode> list = new ArrayList<>(sorted.size());
    sorted.forEach((name, node) -> list.add(new NamedNode(name, node)));
    this.roots = List.copyOf(list);
    this.rootsByName = Collections.unmodifiableMap(new HashMap<>(sorted));
  }

  /** The inputs in name order (unsigned bytes): what a root listing shows. */
  public List<NamedNode> roots() {
    return roots;
  }

  /** The inode for {@code ino}, if it has been allocated (or is the root). */
  public Optional<Inode> get(long ino) {
    if (ino == ROOT) {
      return Optional.of(ROOT_INODE);
    }
    return Optional.ofNullable(inodes.get(ino));
  }

  /**
   * Looks an input up by its exact name; binds and caches an inode the first time.
   *
   * @return the inode, or {@link #ABSENT}
   */
  public long lookupRoot(PathComponent name) {
    Long bound = rootBindings.get(name);
    if (bound != null) {
      return bound;
    }
    Node node = rootsByName.get(name);
    if (node == null) {
      return ABSENT;
    }
    return bindRoot(name, node);
  }

  /** The inode bound to a root entry, allocating and binding it when seen for the first time. */
  public long bindRoot(NamedNode entry) {
    Long bound = rootBindings.get(entry.name());
    return bound != null ? bound : bindRoot(entry.name(), entry.node());
  }

  private synchronized long bindRoot(PathComponent name, Node node) {
    Long bound = rootBindings.get(name);
    if (bound != null) {
      return bound;
    }
    long ino = allocate(node);
    rootBindings.put(name, ino);
    return ino;
  }

  /**
   * Looks {@code name} up inside {@code parent}, populating the parent first when it is a sparse
   * directory.
   *
   * @return the child's inode, {@link #ABSENT}, or {@link #NOT_A_DIRECTORY} when the parent is a
   *     file or symlink; an unknown parent counts as absent
   * @throws StoreException when the parent's Directory is missing or cannot be read
   */
  public long lookup(long parent, PathComponent name) throws StoreException {
    if (parent == ROOT) {
      return lookupRoot(name);
    }
    Inode p = inodes.get(parent);
    if (p == null) {
      return ABSENT;
    }
    if (p instanceof FileInode || p instanceof SymlinkInode) {
      return NOT_A_DIRECTORY;
    }
    Child c = populate(parent, p).byName().get(name);
    return c == null ? ABSENT : c.ino();
  }

  /**
   * The children of a directory inode in name order, populating it first when sparse.
   *
   * @throws StoreException when the Directory is missing or cannot be read
   * @throws IllegalArgumentException when {@code ino} is not a directory below the root
   */
  public List<Child> children(long ino) throws StoreException {
    Inode p = inodes.get(ino);
    if (!(p instanceof SparseDirectory) && !(p instanceof PopulatedDirectory)) {
      throw new IllegalArgumentException("inode " + ino + " is not a directory below the root");
    }
    return populate(ino, p).children();
  }

  private PopulatedDirectory populate(long ino, Inode inode) throws StoreException {
    if (inode instanceof PopulatedDirectory done) {
      return done;
    }
    Digest digest = ((SparseDirectory) inode).digest();
    // Fetch outside the lock: it may be disk or network I/O. Two threads may both fetch; only the
    // first to take the lock allocates, so numbering stays deterministic.
    Directory dir =
        directories
            .get(digest)
            .orElseThrow(
                () ->
                    new StoreException(
                        "the directory "
                            + digest
                            + " is an input but is not in the store; import the input again"));
    synchronized (this) {
      Inode now = inodes.get(ino);
      if (now instanceof PopulatedDirectory done) {
        return done;
      }
      List<NamedNode> entries = dir.entries(); // name order, all kinds interleaved
      List<Child> children = new ArrayList<>(entries.size());
      Map<PathComponent, Child> byName = new HashMap<>(entries.size() * 2);
      for (NamedNode e : entries) {
        Child c = new Child(allocate(e.node()), e.name(), e.node());
        children.add(c);
        byName.put(e.name(), c);
      }
      PopulatedDirectory done = new PopulatedDirectory(digest, children, byName);
      inodes.put(ino, done);
      return done;
    }
  }

  /** Finds or allocates the content-addressed inode for {@code node}. Caller holds the lock. */
  private long allocate(Node node) {
    if (node instanceof FileNode f) {
      Long ino = blobInodes.get(f.digest());
      if (ino == null) {
        ino = fresh(new FileInode(f.digest(), f.size(), f.executable()));
        blobInodes.put(f.digest(), ino);
      }
      return ino;
    }
    if (node instanceof SymlinkNode s) {
      Long ino = symlinkInodes.get(s.target());
      if (ino == null) {
        ino = fresh(new SymlinkInode(s.target()));
        symlinkInodes.put(s.target(), ino);
      }
      return ino;
    }
    DirectoryNode d = (DirectoryNode) node;
    Long ino = directoryInodes.get(d.digest());
    if (ino == null) {
      ino = fresh(new SparseDirectory(d.digest(), d.size()));
      directoryInodes.put(d.digest(), ino);
    }
    return ino;
  }

  private long fresh(Inode inode) {
    long ino = nextIno++;
    inodes.put(ino, inode);
    return ino;
  }
}
