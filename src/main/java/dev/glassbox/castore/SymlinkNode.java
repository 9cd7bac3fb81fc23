package dev.glassbox.castore;

import java.util.Objects;

/** A symbolic link; its target is stored, never followed. */
public record SymlinkNode(SymlinkTarget target) implements Node {
  public SymlinkNode {
    Objects.requireNonNull(target, "target");
  }
}
