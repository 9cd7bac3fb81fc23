package dev.glassbox.castore;

import java.util.Objects;

/** A node with the name it has in a directory or as a root (build inputs and outputs). */
public record NamedNode(PathComponent name, Node node) {
  public NamedNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
  }
}
