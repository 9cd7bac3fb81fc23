package dev.glassbox.sandbox.fuse;

import dev.glassbox.sandbox.fuse.InodeTable.FileInode;
import dev.glassbox.sandbox.fuse.InodeTable.Inode;
import dev.glassbox.sandbox.fuse.InodeTable.PopulatedDirectory;
import dev.glassbox.sandbox.fuse.InodeTable.Root;
import dev.glassbox.sandbox.fuse.InodeTable.SparseDirectory;
import dev.glassbox.sandbox.fuse.InodeTable.SymlinkInode;

/**
 * The stat fields an inode reports (engine-spec §5.4); every field not here is 0 (uid, gid, all
 * three times, nlink, rdev).
 *
 * @param mode file type bits and permissions, as in {@code st_mode}
 * @param blocks {@code st_blocks}
 * @param blksize {@code st_blksize}; 0 lets the kernel pick its own
 */
public record InodeAttributes(long ino, int mode, long size, long blocks, int blksize) {
  public static final int S_IFDIR = 0040000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFLNK = 0120000;

  /** The attributes of {@code inode} numbered {@code ino}. */
  public static InodeAttributes of(long ino, Inode inode) {
    if (inode instanceof Root) {
      return new InodeAttributes(ino, S_IFDIR | 0555, 0, 0, 1024);
    }
    if (inode instanceof FileInode f) {
      return new InodeAttributes(ino, S_IFREG | (f.executable() ? 0555 : 0444), f.size(), 1024, 0);
    }
    if (inode instanceof SymlinkInode s) {
      return new InodeAttributes(ino, S_IFLNK | 0444, s.target().length(), 1024, 0);
    }
    if (inode instanceof SparseDirectory d) {
      // The size as received in the DirectoryNode, unsigned. A saturated u64 (tvix's overflow
      // value) would read as a negative off_t, so it is clamped.
      long size = d.size() < 0 ? Long.MAX_VALUE : d.size();
      return new InodeAttributes(ino, S_IFDIR | 0555, size, 1024, 0);
    }
    PopulatedDirectory p = (PopulatedDirectory) inode;
    return new InodeAttributes(ino, S_IFDIR | 0555, p.children().size(), 1024, 0);
  }
}
