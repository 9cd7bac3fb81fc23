package dev.glassbox.sandbox.fuse;

import static dev.glassbox.sandbox.fuse.ErrnoMapping.EINVAL;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.EIO;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.EISDIR;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.ENODATA;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.ENOENT;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.ENOSYS;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.ENOTDIR;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.EPERM;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.ERANGE;
import static dev.glassbox.sandbox.fuse.ErrnoMapping.EROFS;

import com.kenai.jffi.MemoryIO;
import dev.glassbox.castore.BlobStore;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.sandbox.fuse.InodeTable.Child;
import dev.glassbox.sandbox.fuse.InodeTable.FileInode;
import dev.glassbox.sandbox.fuse.InodeTable.Inode;
import dev.glassbox.sandbox.fuse.InodeTable.PopulatedDirectory;
import dev.glassbox.sandbox.fuse.InodeTable.Root;
import dev.glassbox.sandbox.fuse.InodeTable.SparseDirectory;
import dev.glassbox.sandbox.fuse.InodeTable.SymlinkInode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * A read-only FUSE filesystem serving a build's inputs from a castore (engine-spec §5.2–5.4).
 *
 * <p>jnr-fuse calls back with paths; each path is resolved by walking its components from the root
 * through the {@link InodeTable}, and the table's inode numbers are reported as {@code st_ino}
 * (mount with {@code use_ino} so the kernel passes them on). Every callback catches everything and
 * answers with an errno: nothing is thrown across the FUSE boundary.
 *
 * <p>Use {@link FuseMount} to mount one; this class only answers the calls.
 */
public final class InputFilesystem extends FuseStubFS {
  /** The xattr carrying a directory's digest ({@code b3:} display form, no NUL). */
  public static final String DIRECTORY_XATTR = "user.tvix.castore.directory.digest";

  /** The xattr carrying a regular file's blob digest. */
  public static final String BLOB_XATTR = "user.tvix.castore.blob.digest";

  private static final Logger LOG = LoggerFactory.getLogger(InputFilesystem.class);
  private static final byte[] DIRECTORY_XATTR_LIST = nulTerminated(DIRECTORY_XATTR);
  private static final byte[] BLOB_XATTR_LIST = nulTerminated(BLOB_XATTR);
  private static final MemoryIO MEMORY = MemoryIO.getInstance();
  // jnr-ffi decodes the kernel's path bytes into the callbacks' String with the JVM's default
  // charset; encoding with the same charset gets the bytes back (exactly, for UTF-8 names under a
  // UTF-8 default). FuseMount warns when the default cannot represent every name.
  static final Charset PATH_CHARSET = Charset.defaultCharset();

  private final FuseOptions options;
  private final AtomicBoolean observerFailureLogged = new AtomicBoolean();
  // Everything that refers to the store. Dropped by detach(): jnr-fuse keeps every filesystem it
  // mounted reachable from a JVM shutdown hook, and that must not pin the store or the observer.
  private volatile State state;

  /** Mutable per-mount state; null once detached. */
  private static final class State {
    final InodeTable table;
    final BlobStore blobs;
    final AccessObserver observer;
    final Map<Long, OpenBlob> files = new ConcurrentHashMap<>();
    final Map<Long, List<NamedNode>> rootListings = new ConcurrentHashMap<>();
    final AtomicLong nextFileHandle = new AtomicLong(1);
    final AtomicLong nextDirHandle = new AtomicLong(1);

    State(InodeTable table, BlobStore blobs, AccessObserver observer) {
      this.table = table;
      this.blobs = blobs;
      this.observer = observer;
    }
  }

  /** An open blob; reads are positional so concurrent reads on one handle do not interfere. */
  private static final class OpenBlob {
    final SeekableByteChannel channel;
    final FileChannel file; // the same channel when it supports pread, else null

    OpenBlob(SeekableByteChannel channel) {
      this.channel = channel;
      this.file = channel instanceof FileChannel fc ? fc : null;
    }

    /** Fills {@code dst} from {@code offset}, looping over short reads; returns the byte count. */
    int readAt(ByteBuffer dst, long offset) throws IOException {
      if (file != null) {
        long pos = offset;
        while (dst.hasRemaining()) {
          int n = file.read(dst, pos);
          if (n <= 0) {
            break; // end of file (a blocking file channel never returns 0 with room left)
          }
          pos += n;
        }
      } else {
        // A channel without pread: seek and read must not interleave with another reader.
        synchronized (channel) {
          channel.position(offset);
          while (dst.hasRemaining()) {
            if (channel.read(dst) <= 0) {
              break;
            }
          }
        }
      }
      return dst.position();
    }
  }

  /**
   * A filesystem serving {@code roots} (the build's inputs) from {@code castore}.
   *
   * @throws IllegalArgumentException when two roots have the same name
   * @throws LinkageError when libfuse2 cannot be loaded ({@link FuseMount} turns this into a {@link
   *     MountException} that says which package to install)
   */
  public InputFilesystem(
      Castore castore, List<NamedNode> roots, FuseOptions options, AccessObserver observer) {
    this.options = Objects.requireNonNull(options, "options");
    this.state =
        new State(
            new InodeTable(castore.directories(), roots),
            castore.blobs(),
            Objects.requireNonNull(observer, "observer"));
  }

  /** The inode table, for tests and diagnostics; empty once detached. */
  Optional<InodeTable> table() {
    State s = state;
    return s == null ? Optional.empty() : Optional.of(s.table);
  }

  /** How many files are open through the mount right now. */
  int openFileCount() {
    State s = state;
    return s == null ? 0 : s.files.size();
  }

  /**
   * Closes every open blob and drops the store, after the mount is gone. Later calls answer EIO.
   */
  void detach() {
    State s = state;
    state = null;
    if (s == null) {
      return;
    }
    for (OpenBlob b : s.files.values()) {
      closeQuietly(b, "a blob left open at unmount");
    }
    s.files.clear();
    s.rootListings.clear();
  }

  /** libfuse2 derives the mount's subtype from this (the type shows as {@code fuse.glassbox}). */
  @Override
  protected String getFSName() {
    return FuseMount.FS_NAME;
  }

  // ---------------------------------------------------------------------------------------------
  // Resolution

  /** Resolves a mount-relative path to an inode number, or a negative errno. */
  private static long resolve(State s, String path) throws StoreException {
    long ino = InodeTable.ROOT;
    int len = path.length();
    int i = 0;
    while (i < len) {
      int slash = path.indexOf('/', i);
      int end = slash < 0 ? len : slash;
      if (end > i) {
        byte[] bytes = path.substring(i, end).getBytes(PATH_CHARSET);
        if (PathComponent.check(bytes) != null) {
          return -ENOENT; // not a valid castore name, so no input can have it
        }
        long next;
        try {
          next = s.table.lookup(ino, PathComponent.of(bytes));
        } catch (dev.glassbox.castore.InvalidNameException e) {
          return -ENOENT; // unreachable: checked just above
        }
        if (next == InodeTable.ABSENT) {
          return -ENOENT;
        }
        if (next == InodeTable.NOT_A_DIRECTORY) {
          return -ENOTDIR;
        }
        ino = next;
      }
      i = end + 1;
    }
    return ino;
  }

  private static boolean isDirectory(Inode inode) {
    return inode instanceof SparseDirectory
        || inode instanceof PopulatedDirectory
        || inode instanceof Root;
  }

  private State live() throws StoreException {
    State s = state;
    if (s == null) {
      throw new StoreException("the input filesystem was unmounted");
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Attributes and lookup

  @Override
  public int getattr(String path, FileStat stat) {
    try {
      State s = live();
      long ino = resolve(s, path);
      observeLookup(s.observer, path, ino > 0);
      if (ino < 0) {
        return (int) ino;
      }
      Optional<Inode> inode = s.table.get(ino);
      if (inode.isEmpty()) {
        return -ENOENT;
      }
      fill(stat, InodeAttributes.of(ino, inode.get()));
      return 0;
    } catch (Throwable t) {
      return fail("getattr", path, t);
    }
  }

  private static void fill(FileStat stat, InodeAttributes a) {
    stat.st_ino.set(a.ino());
    stat.st_mode.set(a.mode());
    stat.st_size.set(a.size());
    stat.st_blocks.set(a.blocks());
    stat.st_blksize.set(a.blksize());
    // libfuse zeroes the buffer before asking, but the spec's zeros are part of the contract.
    stat.st_nlink.set(0);
    stat.st_uid.set(0);
    stat.st_gid.set(0);
    stat.st_rdev.set(0);
    zero(stat.st_atim);
    zero(stat.st_mtim);
    zero(stat.st_ctim);
  }

  private static void zero(Timespec t) {
    t.tv_sec.set(0);
    t.tv_nsec.set(0);
  }

  // ---------------------------------------------------------------------------------------------
  // Directories

  @Override
  public int opendir(String path, FuseFileInfo fi) {
    try {
      State s = live();
      if (isRoot(path)) {
        if (!options.listRoot()) {
          return -EPERM; // the inputs are reachable by exact name only (like ipfs/kubo)
        }
        long fh = s.nextDirHandle.getAndIncrement();
        // The listing is buffered per handle so that readdir offsets can be honoured exactly.
        s.rootListings.put(fh, s.table.roots());
        fi.fh.set(fh);
        return 0;
      }
      long ino = resolve(s, path);
      if (ino < 0) {
        return (int) ino;
      }
      Optional<Inode> inode = s.table.get(ino);
      if (inode.isEmpty()) {
        return -ENOENT;
      }
      if (!isDirectory(inode.get())) {
        return -ENOTDIR;
      }
      fi.fh.set(0); // no handle: a directory below the root is listed from its inode
      return 0;
    } catch (Throwable t) {
      return fail("opendir", path, t);
    }
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
    try {
      State s = live();
      if (offset == 0) {
        observeReaddir(s.observer, path);
      }
      Pointer statMemory = null;
      FileStat stat = null;
      if (isRoot(path)) {
        if (!options.listRoot()) {
          return -EPERM;
        }
        List<NamedNode> listing = s.rootListings.get(fi.fh.get());
        if (listing == null) {
          return -EIO;
        }
        for (long k = offset; k < listing.size(); k++) {
          NamedNode entry = listing.get((int) k);
          long ino = s.table.bindRoot(entry); // binds the name like a lookup would
          if (stat == null) {
            stat = new FileStat(jnr.ffi.Runtime.getSystemRuntime());
            statMemory = Struct.getMemory(stat);
          }
          if (emit(s, filler, buf, stat, statMemory, entry.name(), ino, k + 1)) {
            break;
          }
        }
        return 0;
      }
      long ino = resolve(s, path);
      if (ino < 0) {
        return (int) ino;
      }
      Optional<Inode> inode = s.table.get(ino);
      if (inode.isEmpty()) {
        return -ENOENT;
      }
      if (!isDirectory(inode.get())) {
        return -ENOTDIR;
      }
      List<Child> children = s.table.children(ino);
      // Name order, all kinds interleaved; no "." or ".." (engine-spec §5.3). Entry k has offset
      // k+1, so a later call with that offset resumes right after it.
      for (long k = offset; k < children.size(); k++) {
        Child c = children.get((int) k);
        if (stat == null) {
          stat = new FileStat(jnr.ffi.Runtime.getSystemRuntime());
          statMemory = Struct.getMemory(stat);
        }
        if (emit(s, filler, buf, stat, statMemory, c.name(), c.ino(), k + 1)) {
          break;
        }
      }
      return 0;
    } catch (Throwable t) {
      return fail("readdir", path, t);
    }
  }

  /** Adds one entry to the reply; true when the reply buffer is full. */
  private static boolean emit(
      State s,
      FuseFillDir filler,
      Pointer buf,
      FileStat stat,
      Pointer statMemory,
      PathComponent name,
      long ino,
      long nextOffset) {
    Inode inode = s.table.get(ino).orElseThrow();
    // libfuse takes d_ino from st_ino (use_ino) and d_type from the S_IFMT bits of st_mode, so the
    // kernel receives DT_* types.
    stat.st_ino.set(ino);
    stat.st_mode.set(InodeAttributes.of(ino, inode).mode());
    byte[] raw = name.bytes();
    return filler.apply(
            buf, ByteBuffer.wrap(Arrays.copyOf(raw, raw.length + 1)), statMemory, nextOffset)
        != 0;
  }

  @Override
  public int releasedir(String path, FuseFileInfo fi) {
    try {
      State s = state;
      if (s != null && isRoot(path)) {
        s.rootListings.remove(fi.fh.get());
      }
      return 0;
    } catch (Throwable t) {
      return fail("releasedir", path, t);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Files

  @Override
  public int open(String path, FuseFileInfo fi) {
    try {
      State s = live();
      long ino = resolve(s, path);
      if (ino < 0) {
        return (int) ino;
      }
      if (ino == InodeTable.ROOT) {
        return -ENOSYS;
      }
      Optional<Inode> inode = s.table.get(ino);
      if (inode.isEmpty()) {
        return -ENOENT;
      }
      if (!(inode.get() instanceof FileInode f)) {
        return -EISDIR; // tvix answers EISDIR for symlinks too
      }
      Optional<SeekableByteChannel> channel = s.blobs.open(f.digest());
      if (channel.isEmpty()) {
        LOG.warn(
            "cannot open {}: its blob {} is not in the store; import the input again",
            path,
            f.digest());
        return -EIO;
      }
      long fh = s.nextFileHandle.getAndIncrement();
      s.files.put(fh, new OpenBlob(channel.get()));
      fi.fh.set(fh);
      observeOpen(s.observer, path, fi.flags.get());
      return 0;
    } catch (Throwable t) {
      return fail("open", path, t);
    }
  }

  @Override
  public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
    try {
      State s = live();
      OpenBlob blob = s.files.get(fi.fh.get());
      if (blob == null) {
        return -EIO;
      }
      int want = (int) Math.min(size, Integer.MAX_VALUE);
      int n;
      if (buf.isDirect()) {
        // Read straight into libfuse's reply buffer: no Java array, no copy, nothing blob-sized.
        n = blob.readAt(MEMORY.newDirectByteBuffer(buf.address(), want), offset);
      } else {
        byte[] chunk = new byte[want];
        n = blob.readAt(ByteBuffer.wrap(chunk), offset);
        buf.put(0, chunk, 0, n);
      }
      observeRead(s.observer, path, offset, n);
      return n;
    } catch (Throwable t) {
      return fail("read", path, t);
    }
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    try {
      State s = state;
      if (s != null) {
        OpenBlob blob = s.files.remove(fi.fh.get());
        if (blob != null) {
          closeQuietly(blob, path);
        }
      }
      return 0;
    } catch (Throwable t) {
      return fail("release", path, t);
    }
  }

  @Override
  public int readlink(String path, Pointer buf, long size) {
    try {
      State s = live();
      long ino = resolve(s, path);
      if (ino < 0) {
        return (int) ino;
      }
      if (ino == InodeTable.ROOT) {
        return -ENOSYS;
      }
      Optional<Inode> inode = s.table.get(ino);
      if (inode.isEmpty()) {
        return -ENOENT;
      }
      if (!(inode.get() instanceof SymlinkInode link)) {
        return -EINVAL;
      }
      observeReadlink(s.observer, path);
      if (size <= 0) {
        return 0;
      }
      // libfuse's high-level API wants a NUL-terminated string that fits in size bytes.
      byte[] target = link.target().bytes();
      int n = (int) Math.min(target.length, size - 1);
      buf.put(0, target, 0, n);
      buf.putByte(n, (byte) 0);
      return 0;
    } catch (Throwable t) {
      return fail("readlink", path, t);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Extended attributes

  @Override
  public int getxattr(String path, String name, Pointer value, long size) {
    try {
      if (!options.showXattr()) {
        return -ENOSYS;
      }
      State s = live();
      long ino = resolve(s, path);
      if (ino < 0) {
        return (int) ino;
      }
      Optional<Inode> inode = s.table.get(ino);
      Digest digest = null;
      if (inode.isPresent()) {
        Inode i = inode.get();
        if (DIRECTORY_XATTR.equals(name)) {
          if (i instanceof SparseDirectory d) {
            digest = d.digest();
          } else if (i instanceof PopulatedDirectory d) {
            digest = d.digest();
          }
        } else if (BLOB_XATTR.equals(name) && i instanceof FileInode f) {
          digest = f.digest();
        }
      }
      if (digest == null) {
        return -ENODATA;
      }
      return answerSized(digest.toString().getBytes(StandardCharsets.US_ASCII), value, size);
    } catch (Throwable t) {
      return fail("getxattr", path, t);
    }
  }

  @Override
  public int listxattr(String path, Pointer list, long size) {
    try {
      if (!options.showXattr()) {
        return -ENOSYS;
      }
      State s = live();
      long ino = resolve(s, path);
      if (ino < 0) {
        return (int) ino;
      }
      Inode i = s.table.get(ino).orElse(null);
      byte[] names = new byte[0];
      if (i instanceof SparseDirectory || i instanceof PopulatedDirectory) {
        names = DIRECTORY_XATTR_LIST;
      } else if (i instanceof FileInode) {
        names = BLOB_XATTR_LIST;
      }
      return answerSized(names, list, size);
    } catch (Throwable t) {
      return fail("listxattr", path, t);
    }
  }

  /** The xattr size protocol: size 0 asks for the length, a smaller buffer gets ERANGE. */
  private static int answerSized(byte[] data, Pointer out, long size) {
    if (size == 0) {
      return data.length;
    }
    if (size < data.length) {
      return -ERANGE;
    }
    out.put(0, data, 0, data.length);
    return data.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes: the mount is read-only, so the kernel answers EROFS before these are reached. They
  // answer the same should the filesystem ever be mounted without "ro".

  @Override
  public int mknod(String path, long mode, long rdev) {
    return -EROFS;
  }

  @Override
  public int mkdir(String path, long mode) {
    return -EROFS;
  }

  @Override
  public int unlink(String path) {
    return -EROFS;
  }

  @Override
  public int rmdir(String path) {
    return -EROFS;
  }

  @Override
  public int symlink(String oldpath, String newpath) {
    return -EROFS;
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return -EROFS;
  }

  @Override
  public int link(String oldpath, String newpath) {
    return -EROFS;
  }

  @Override
  public int chmod(String path, long mode) {
    return -EROFS;
  }

  @Override
  public int chown(String path, long uid, long gid) {
    return -EROFS;
  }

  @Override
  public int truncate(String path, long size) {
    return -EROFS;
  }

  @Override
  public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
    return -EROFS;
  }

  @Override
  public int create(String path, long mode, FuseFileInfo fi) {
    return -EROFS;
  }

  @Override
  public int setxattr(String path, String name, Pointer value, long size, int flags) {
    return -EROFS;
  }

  @Override
  public int removexattr(String path, String name) {
    return -EROFS;
  }

  @Override
  public int utimens(String path, Timespec[] timespec) {
    return -EROFS;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static boolean isRoot(String path) {
    return path.equals("/");
  }

  private static byte[] nulTerminated(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(b, b.length + 1);
  }

  /** Logs a failure once, here at the boundary, and turns it into a negative errno. */
  private static int fail(String op, String path, Throwable t) {
    int errno = ErrnoMapping.errnoOf(t);
    if (t instanceof StoreException) {
      LOG.warn("{} {} failed, answering errno {}: {}", op, path, errno, t.getMessage());
    } else {
      LOG.warn("{} {} failed, answering errno {}", op, path, errno, t);
    }
    return -errno;
  }

  private static void closeQuietly(OpenBlob blob, String what) {
    try {
      blob.channel.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", what, e.getMessage());
    }
  }

  // The observer must not change an answer; its failures are logged once per mount.

  /**
   * Whether to tell the observer: not for untraced mounts, and not for requests from Glassbox's own
   * threads (the Inputs tab browsing the live mount), which would pass for the build's reads.
   */
  private boolean observing(AccessObserver o) {
    return o != AccessObserver.NONE && !fromThisProcess();
  }

  private final java.util.concurrent.ConcurrentHashMap<Integer, Boolean> ownThreads =
      new java.util.concurrent.ConcurrentHashMap<>();

  // FUSE passes the requesting thread's id, not its process id, so "is it ours" is whether
  // /proc/self/task lists that thread; the answer is cached per thread id (bounded, so a long
  // build with many short-lived threads cannot grow it without end).
  private boolean fromThisProcess() {
    int tid = getContext().pid.intValue();
    Boolean own = ownThreads.get(tid);
    if (own == null) {
      own = java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task/" + tid));
      if (ownThreads.size() > 4096) {
        ownThreads.clear();
      }
      ownThreads.put(tid, own);
    }
    return own;
  }

  private void observeLookup(AccessObserver o, String path, boolean found) {
    if (observing(o)) {
      try {
        o.lookup(path, found);
      } catch (RuntimeException e) {
        observerFailed(e);
      }
    }
  }

  private void observeOpen(AccessObserver o, String path, int flags) {
    if (observing(o)) {
      try {
        o.open(path, flags);
      } catch (RuntimeException e) {
        observerFailed(e);
      }
    }
  }

  private void observeRead(AccessObserver o, String path, long offset, int bytes) {
    if (observing(o)) {
      try {
        o.read(path, offset, bytes);
      } catch (RuntimeException e) {
        observerFailed(e);
      }
    }
  }

  private void observeReadlink(AccessObserver o, String path) {
    if (observing(o)) {
      try {
        o.readlink(path);
      } catch (RuntimeException e) {
        observerFailed(e);
      }
    }
  }

  private void observeReaddir(AccessObserver o, String path) {
    if (observing(o)) {
      try {
        o.readdir(path);
      } catch (RuntimeException e) {
        observerFailed(e);
      }
    }
  }

  private void observerFailed(RuntimeException e) {
    if (observerFailureLogged.compareAndSet(false, true)) {
      LOG.warn("the access observer failed; its later failures are not logged", e);
    }
  }
}
