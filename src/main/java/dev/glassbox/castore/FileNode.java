package dev.glassbox.castore;

import java.util.Objects;

/** A regular file: the BLAKE3 digest of its contents, its length and the owner-execute bit. */
public record FileNode(Digest digest, long size, boolean executable) implements Node {
  public FileNode {
    Objects.requireNonNull(digest, "digest");
  }
}
