package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.NamedNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mounted {@link InputFilesystem}: mounting waits until the kernel shows the mount, closing
 * unmounts and waits until it is gone. Use it in try-with-resources.
 *
 * <p>The mount is read-only with {@code ro,nosuid,nodev,noatime,default_permissions,allow_other},
 * fsname and subtype {@value #FS_NAME} (so {@link StaleMounts} can find leftovers), {@code use_ino}
 * (so {@code st_ino} is the inode table's) and attribute and entry timeouts of "forever" like tvix.
 * libfuse2 serves it with its multithreaded loop on a daemon thread of its own.
 */
public final class FuseMount implements AutoCloseable {
  /** The fsname and subtype of every Glassbox input mount. */
  public static final String FS_NAME = "glassbox";

  static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration UNMOUNT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration JNR_UNMOUNT_GRACE = Duration.ofSeconds(2);
  private static final Path DEV_FUSE = Path.of("/dev/fuse");
  // Seconds; libfuse2 caps it at what the kernel can store. tvix uses Duration::MAX.
  private static final String FOREVER = "1000000000";

  // -Dglassbox.fuse.debug=true makes libfuse print every request and reply on standard error.
  private static final boolean DEBUG = Boolean.getBoolean("glassbox.fuse.debug");

  private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);

  private final InputFilesystem fs;
  private final Path mountPoint;
  private final Thread loop;
  private final AtomicReference<Throwable> loopFailure;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FuseMount(
      InputFilesystem fs, Path mountPoint, Thread loop, AtomicReference<Throwable> loopFailure) {
    this.fs = fs;
    this.mountPoint = mountPoint;
    this.loop = loop;
    this.loopFailure = loopFailure;
  }

  /** The mount options passed to libfuse2 (after {@code -o}). */
  static String mountOptions() {
    return String.join(
        ",",
        "ro",
        "nosuid",
        "nodev",
        "noatime",
        "default_permissions",
        "allow_other",
        "fsname=" + FS_NAME,
        "subtype=" + FS_NAME,
        "use_ino",
        "attr_timeout=" + FOREVER,
        "entry_timeout=" + FOREVER);
  }

  /**
   * Mounts {@code roots} from {@code castore} at {@code mountPoint} (an existing, empty directory)
   * and returns once the kernel shows the mount.
   *
   * @throws MountException when /dev/fuse or libfuse2 is missing, the mount point is unusable, or
   *     the mount does not appear within 10 s; the message says what to do
   */
  public static FuseMount mount(
      Castore castore,
      List<NamedNode> roots,
      Path mountPoint,
      FuseOptions options,
      AccessObserver observer)
      throws MountException {
    Objects.requireNonNull(castore, "castore");
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observer, "observer");
    if (!Files.exists(DEV_FUSE)) {
      throw new MountException(
          "cannot mount the build inputs: /dev/fuse does not exist; load the fuse kernel module"
              + " ('modprobe fuse'), or when running in a container pass the device"
              + " ('--device /dev/fuse')");
    }
    Path where = realDirectory(mountPoint);
    warnAboutPathCharsetOnce();
    try {
      if (MountTable.glassboxMountedAt(where)) {
        throw new MountException(
            "cannot mount the build inputs at "
                + where
                + ": an input filesystem is mounted there already; if it was left by a killed"
                + " Glassbox, remove it with StaleMounts.cleanup (or 'umount -l "
                + where
                + "')");
      }
    } catch (IOException e) {
      throw new MountException(
          "cannot read " + MountTable.MOUNTINFO + " (" + e.getMessage() + "); is /proc mounted?",
          e);
    }

    InputFilesystem fs;
    try {
      fs = new InputFilesystem(castore, roots, options, observer);
    } catch (LinkageError e) {
      throw new MountException(
          "cannot mount the build inputs: libfuse2 could not be loaded ("
              + e.getMessage()
              + "); install the Debian package 'libfuse2' (on Ubuntu 24.04 and later"
              + " 'libfuse2t64')",
          e);
    }

    AtomicReference<Throwable> failure = new AtomicReference<>();
    String[] args = {"-o", mountOptions()};
    Thread loop =
        new Thread(
            () -> {
              try {
                // blocking=true: libfuse's loop runs right here until the unmount. (blocking=false
                // would make jnr-fuse sleep 2 s before returning.)
                fs.mount(where, true, DEBUG, args);
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "glassbox-fuse " + where);
    loop.setDaemon(true);
    loop.start();

    FuseMount mount = new FuseMount(fs, where, loop, failure);
    mount.awaitMounted();
    LOG.debug("mounted {} inputs at {}", roots.size(), where);
    return mount;
  }

  private static final AtomicBoolean CHARSET_WARNED = new AtomicBoolean();

  private static void warnAboutPathCharsetOnce() {
    String name = InputFilesystem.PATH_CHARSET.name();
    if (!name.equals("UTF-8")
        && !name.equals("ISO-8859-1")
        && CHARSET_WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "Java's default charset is {}, so inputs whose names are not ASCII cannot be found in the"
              + " sandbox; start Glassbox with -Dfile.encoding=UTF-8 or a UTF-8 locale"
              + " (LANG=C.UTF-8)",
          name);
    }
  }

  private static Path realDirectory(Path mountPoint) throws MountException {
    Path where;
    try {
      where = mountPoint.toRealPath();
    } catch (IOException e) {
      throw new MountException(
          "cannot mount the build inputs at "
              + mountPoint
              + ": it does not exist or cannot be resolved ("
              + e.getMessage()
              + "); create the directory first",
          e);
    }
    if (!Files.isDirectory(where)) {
      throw new MountException(
          "cannot mount the build inputs at " + where + ": it is not a directory");
    }
    return where;
  }

  private void awaitMounted() throws MountException {
    long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
    try {
      while (true) {
        if (MountTable.glassboxMountedAt(mountPoint)) {
          return;
        }
        if (!loop.isAlive()) {
          Throwable t = loopFailure.get();
          fs.detach();
          throw new MountException(
              "libfuse could not mount the build inputs at "
                  + mountPoint
                  + (t == null ? "" : " (" + describe(t) + ")")
                  + "; its own message is on the standard error stream. Check that the"
                  + " directory is empty and not in use, and that /dev/fuse can be opened (as"
                  + " root, or with fusermount and 'user_allow_other' in /etc/fuse.conf)",
              t);
        }
        if (System.nanoTime() - deadline > 0) {
          abandon();
          throw new MountException(
              "the build inputs did not appear at "
                  + mountPoint
                  + " within "
                  + MOUNT_TIMEOUT.toSeconds()
                  + " s; check the standard error stream for libfuse's messages");
        }
        if (!Unmounter.pause()) {
          abandon();
          throw new MountException("interrupted while mounting the build inputs at " + mountPoint);
        }
      }
    } catch (IOException e) {
      abandon();
      throw new MountException(
          "cannot read " + MountTable.MOUNTINFO + " (" + e.getMessage() + "); is /proc mounted?",
          e);
    }
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? t.toString() : t + ", caused by " + root;
  }

  /** Gives up a mount that did not come up; best effort, for error paths. */
  private void abandon() {
    try {
      close();
    } catch (MountException e) {
      LOG.warn("could not clean up after a failed mount: {}", e.getMessage());
    }
  }

  /** Where the inputs are mounted (the real path). */
  public Path mountPoint() {
    return mountPoint;
  }

  /** The served filesystem, for tests in this package. */
  InputFilesystem filesystem() {
    return fs;
  }

  /**
   * Unmounts and waits until the kernel no longer shows the mount; idempotent. The FUSE loop thread
   * is given time to finish, and every blob still open is closed.
   *
   * @throws MountException when the mount is still there after every way to remove it
   */
  @Override
  public void close() throws MountException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      // jnr-fuse's umount runs 'fusermount -u -z' without waiting for it, and marks the
      // filesystem unmounted so that its shutdown hook does nothing later.
      try {
        fs.umount();
      } catch (RuntimeException e) {
        LOG.debug("jnr-fuse umount of {} failed: {}", mountPoint, e.getMessage());
      }
      if (!Unmounter.awaitGone(mountPoint, JNR_UNMOUNT_GRACE)) {
        List<String> complaints = Unmounter.detach(mountPoint);
        if (!Unmounter.awaitGone(mountPoint, UNMOUNT_TIMEOUT)) {
          throw new MountException(
              "the build inputs are still mounted at "
                  + mountPoint
                  + " ("
                  + String.join("; ", complaints)
                  + "); unmount it by hand with 'umount -l "
                  + mountPoint
                  + "'");
        }
      }
    } catch (IOException e) {
      throw new MountException(
          "cannot read " + MountTable.MOUNTINFO + " to check the unmount of " + mountPoint, e);
    } finally {
      joinLoop();
      fs.detach();
    }
  }

  private void joinLoop() {
    try {
      loop.join(UNMOUNT_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loop.isAlive()) {
      // A lazily unmounted filesystem lives on while some process keeps a file open in it.
      LOG.warn(
          "the FUSE loop for {} is still running after the unmount; a process may still hold a"
              + " file of the inputs open",
          mountPoint);
    }
  }
}
