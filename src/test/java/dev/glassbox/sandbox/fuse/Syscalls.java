package dev.glassbox.sandbox.fuse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The syscalls the Java API hides, for checking what the kernel really reports: lstat with
 * st_blocks/st_blksize, and getdents64 with d_ino, d_off and d_type, with lseek on directories.
 */
final class Syscalls {
  /** What libc needs to be able to do here. */
  public interface LibC {
    int open(String path, int flags);

    int close(int fd);

    long lseek(int fd, long offset, int whence);

    long syscall(long number, int fd, Pointer buf, long size);
  }

  static final int O_RDONLY = 0;
  static final int O_DIRECTORY = 0200000;
  static final int SEEK_SET = 0;
  static final int DT_DIR = 4;
  static final int DT_REG = 8;
  static final int DT_LNK = 10;

  private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  private static final POSIX POSIX = POSIXFactory.getPOSIX();
  private static final long SYS_GETDENTS64 =
      Platform.getNativePlatform().getCPU() == Platform.CPU.AARCH64 ? 61 : 217;

  private Syscalls() {}

  /** One linux_dirent64. */
  record Dirent(long ino, long off, int type, String name) {}

  static int lastError() {
    return Runtime.getRuntime(LIBC).getLastError();
  }

  static FileStat lstat(Path p) {
    return POSIX.lstat(p.toString());
  }

  /** An open directory, read with getdents64 into a buffer of a chosen size. */
  static final class Dir implements AutoCloseable {
    private final int fd;

    Dir(Path p) {
      fd = LIBC.open(p.toString(), O_RDONLY | O_DIRECTORY);
      if (fd < 0) {
        throw new IllegalStateException("open " + p + " failed: errno " + lastError());
      }
    }

    /** One getdents64 call; an empty list at the end; negative errno as an exception. */
    List<Dirent> getdents(int bufferSize) {
      Pointer buf = Memory.allocateDirect(Runtime.getSystemRuntime(), bufferSize);
      long n = LIBC.syscall(SYS_GETDENTS64, fd, buf, bufferSize);
      if (n < 0) {
        throw new GetdentsException(lastError());
      }
      List<Dirent> out = new ArrayList<>();
      long pos = 0;
      while (pos < n) {
        long ino = buf.getLong(pos);
        long off = buf.getLong(pos + 8);
        int reclen = buf.getShort(pos + 16) & 0xffff;
        int type = buf.getByte(pos + 18) & 0xff;
        int nameEnd = (int) (pos + 19);
        while (buf.getByte(nameEnd) != 0) {
          nameEnd++;
        }
        byte[] name = new byte[(int) (nameEnd - (pos + 19))];
        buf.get(pos + 19, name, 0, name.length);
        out.add(new Dirent(ino, off, type, new String(name, StandardCharsets.UTF_8)));
        pos += reclen;
      }
      return out;
    }

    /** Every remaining entry, reading with small buffers so that offsets get used. */
    List<Dirent> readAll(int bufferSize) {
      List<Dirent> all = new ArrayList<>();
      while (true) {
        List<Dirent> chunk = getdents(bufferSize);
        if (chunk.isEmpty()) {
          return all;
        }
        all.addAll(chunk);
      }
    }

    void seek(long offset) {
      if (LIBC.lseek(fd, offset, SEEK_SET) < 0) {
        throw new IllegalStateException("lseek failed: errno " + lastError());
      }
    }

    @Override
    public void close() {
      LIBC.close(fd);
    }
  }

  /** getdents64 failed with {@code errno}. */
  static final class GetdentsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int errno;

    GetdentsException(int errno) {
      super("getdents64 failed with errno " + errno);
      this.errno = errno;
    }
  }
}
