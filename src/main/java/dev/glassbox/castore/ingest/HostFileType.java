package dev.glassbox.castore.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** What an lstat says about a host path: its kind, size and owner-execute bit, in one call. */
record HostFileType(Kind kind, long size, boolean ownerExecutable) {
  enum Kind {
    DIRECTORY("directory"),
    REGULAR("regular file"),
    SYMLINK("symlink"),
    FIFO("FIFO (named pipe)"),
    SOCKET("socket"),
    BLOCK_DEVICE("block device"),
    CHAR_DEVICE("character device"),
    UNKNOWN("unknown file type");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  private static final int S_IFMT = 0170000;

  static HostFileType lstat(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    long size = (Long) a.get("size");
    Kind kind =
        switch (mode & S_IFMT) {
          case 0040000 -> Kind.DIRECTORY;
          case 0100000 -> Kind.REGULAR;
          case 0120000 -> Kind.SYMLINK;
          case 0010000 -> Kind.FIFO;
          case 0140000 -> Kind.SOCKET;
          case 0060000 -> Kind.BLOCK_DEVICE;
          case 0020000 -> Kind.CHAR_DEVICE;
          default -> Kind.UNKNOWN;
        };
    // Only the owner-execute bit counts, as in Nix's NAR dump (engine-spec §3.2).
    return new HostFileType(kind, size, (mode & 0100) != 0);
  }
}
