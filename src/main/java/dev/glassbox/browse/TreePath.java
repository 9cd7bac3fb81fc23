package dev.glassbox.browse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path inside a browsed tree, as components from its root. The first component names one of the
 * tree's roots (an input, an output, a scratch directory); the rest are directory entry names.
 */
public record TreePath(List<String> components) {
  private static final TreePath ROOT = new TreePath(List.of());

  public TreePath {
    components = List.copyOf(components);
    for (String c : components) {
      Objects.requireNonNull(c, "component");
      if (c.isEmpty()) {
        throw new IllegalArgumentException("a tree path has no empty components: " + components);
      }
    }
  }

  /** The root of the tree, above every root entry. */
  public static TreePath root() {
    return ROOT;
  }

  public static TreePath of(String... components) {
    return new TreePath(List.of(components));
  }

  public boolean isRoot() {
    return components.isEmpty();
  }

  public int depth() {
    return components.size();
  }

  public TreePath child(String name) {
    List<String> c = new ArrayList<>(components.size() + 1);
    c.addAll(components);
    c.add(name);
    return new TreePath(c);
  }

  /** The parent path; the root is its own parent. */
  public TreePath parent() {
    return isRoot() ? this : new TreePath(components.subList(0, components.size() - 1));
  }

  /** The last component; empty for the root. */
  public String name() {
    return isRoot() ? "" : components.get(components.size() - 1);
  }

  /** Whether {@code other} is this path or lies below it. */
  public boolean contains(TreePath other) {
    return other.components.size() >= components.size()
        && other.components.subList(0, components.size()).equals(components);
  }

  /** The components joined by '/', without a leading slash; empty for the root. */
  @Override
  public String toString() {
    return String.join("/", components);
  }
}
