package dev.glassbox.castore.diff;

import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One path of the merged tree of two sides.
 *
 * @param name the last component, as displayed (the output path for a root)
 * @param path slash-separated from the top of the comparison, as ignore globs see it
 * @param kind how it differs
 * @param left the node on the left side, absent when added
 * @param right the node on the right side, absent when removed
 * @param children for a {@link ChangeKind#CHANGED} directory on both sides, every entry of either
 *     side in name order; empty for everything else, in particular for collapsed subtrees (added,
 *     removed or unchanged directories), which {@link TreeDiffer#expand} lists on demand
 */
public record DiffNode(
    String name,
    String path,
    ChangeKind kind,
    Optional<Node> left,
    Optional<Node> right,
    List<DiffNode> children) {
  public DiffNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    children = List.copyOf(children);
    if (left.isEmpty() && right.isEmpty()) {
      throw new IllegalArgumentException(path + ": a diff node needs a node on at least one side");
    }
    if (left.isEmpty() != (kind == ChangeKind.ADDED) || right.isEmpty() != (kind == ChangeKind.REMOVED)) {
      throw new IllegalArgumentException(path + ": " + kind.label() + " does not fit the sides given");
    }
  }

  /** The right node if there is one, else the left one: what the path is now. */
  public Node node() {
    return right.orElseGet(left::orElseThrow);
  }

  /** Whether a directory with unexpanded contents stands here (added, removed or unchanged). */
  public boolean isCollapsedDirectory() {
    return children.isEmpty() && kind != ChangeKind.CHANGED && kind != ChangeKind.TYPE_CHANGED
        && node() instanceof DirectoryNode d && d.size() != 0;
  }

  /** Whether the node is a directory on either side. */
  public boolean isDirectory() {
    return left.orElse(null) instanceof DirectoryNode || right.orElse(null) instanceof DirectoryNode;
  }

  /**
   * How many entries a directory holds at every depth, read from its size alone (a directory's size
   * is {@code 2·entries + Σ child sizes}, so every entry below it adds exactly 2); 0 for a file or
   * symlink, -1 when the size saturated.
   */
  public static long entriesBelow(Node node) {
    if (node instanceof DirectoryNode d) {
      return d.size() == -1L ? -1L : Long.divideUnsigned(d.size(), 2);
    }
    return 0;
  }

  /** Whether both sides are regular files (a text or hex diff applies). */
  public boolean bothFiles() {
    return left.orElse(null) instanceof FileNode && right.orElse(null) instanceof FileNode;
  }

  /** A short type word for {@code node}: {@code file}, {@code executable}, {@code directory}… */
  public static String typeOf(Node node) {
    if (node instanceof FileNode f) {
      return f.executable() ? "executable file" : "file";
    }
    if (node instanceof SymlinkNode) {
      return "symlink";
    }
    return "directory";
  }
}
