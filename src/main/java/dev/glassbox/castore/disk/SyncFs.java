package dev.glassbox.castore.disk;

import java.io.IOException;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/** syncfs(2): flushes one filesystem's dirty data with a single call, instead of one fsync per file. */
final class SyncFs {
  /** The libc calls we need. */
  public interface LibC {
    int open(String path, int flags);

    int syncfs(int fd);

    int close(int fd);
  }

  private static final int O_RDONLY = 0;
  private static final int O_DIRECTORY = 0200000;
  private static volatile LibC libc;

  private SyncFs() {}

  private static LibC libc() {
    LibC l = libc;
    if (l == null) {
      synchronized (SyncFs.class) {
        if (libc == null) {
          libc = LibraryLoader.create(LibC.class).load("c");
        }
        l = libc;
      }
    }
    return l;
  }

  /** Flushes the filesystem that holds {@code dir}. */
  static void sync(Path dir) throws IOException {
    LibC c = libc();
    int fd = c.open(dir.toString(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
      throw new IOException("cannot open " + dir + " to sync it");
    }
    try {
      if (c.syncfs(fd) != 0) {
        throw new IOException("syncfs failed on " + dir);
      }
    } finally {
      c.close(fd);
    }
  }
}
