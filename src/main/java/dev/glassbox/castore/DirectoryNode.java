package dev.glassbox.castore;

import java.util.Objects;

/**
 * Points at a stored {@link Directory}; {@code size} is an unsigned 64-bit count of the subtree
 * (see {@link Directory#size()}).
 */
public record DirectoryNode(Digest digest, long size) implements Node {
  public DirectoryNode {
    Objects.requireNonNull(digest, "digest");
  }

  /** The node for {@code directory}, with its digest and size. */
  public static DirectoryNode of(Directory directory) {
    return new DirectoryNode(directory.digest(), directory.size());
  }

  @Override
  public String toString() {
    return "DirectoryNode[" + digest + ", size=" + Long.toUnsignedString(size) + "]";
  }
}
