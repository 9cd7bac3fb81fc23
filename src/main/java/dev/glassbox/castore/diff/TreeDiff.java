package dev.glassbox.castore.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of comparing two trees: the merged top level and the counts.
 *
 * @param top the merged entries at the top: one per output (or per entry of two compared root
 *     directories), in order
 * @param summary the counts
 * @param ignore the globs that were applied
 */
public record TreeDiff(List<DiffNode> top, DiffSummary summary, IgnoreGlobs ignore) {
  public TreeDiff {
    top = List.copyOf(top);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(ignore, "ignore");
  }

  public boolean identical() {
    return summary.identical();
  }

  /**
   * Every difference, in path order, without the directories that merely contain differences: an
   * added or removed directory is one entry.
   */
  public List<DiffNode> differences() {
    List<DiffNode> out = new ArrayList<>();
    for (DiffNode n : top) {
      collect(n, out);
    }
    return out;
  }

  private static void collect(DiffNode n, List<DiffNode> out) {
    if (!n.children().isEmpty()) {
      for (DiffNode c : n.children()) {
        collect(c, out);
      }
      return;
    }
    if (n.kind().isDifference()) {
      out.add(n);
    }
  }

  /** The node at {@code path}, if the comparison reached it. */
  public java.util.Optional<DiffNode> find(String path) {
    List<DiffNode> level = top;
    while (true) {
      DiffNode next = null;
      for (DiffNode n : level) {
        if (path.equals(n.path())) {
          return java.util.Optional.of(n);
        }
        if (path.startsWith(n.path() + "/")) {
          next = n;
          break;
        }
      }
      if (next == null) {
        return java.util.Optional.empty();
      }
      level = next.children();
    }
  }
}
