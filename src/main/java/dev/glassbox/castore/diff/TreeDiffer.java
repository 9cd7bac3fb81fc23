package dev.glassbox.castore.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares two trees through the store. Two nodes with the same digest are the same subtree, so
 * they are reported as one collapsed unchanged entry and never read: the cost grows with the
 * number of differences (times the width of the directories holding them), not with the size of
 * the trees. An added or removed directory is one entry whose size tells how many entries it
 * holds; {@link #expand} lists any collapsed directory on demand.
 *
 * <p>Cancellable: it checks the thread's interrupt flag before every directory it reads.
 */
public final class TreeDiffer {
  private final Castore store;
  private final IgnoreGlobs ignore;

  public TreeDiffer(Castore store, IgnoreGlobs ignore) {
    this.store = Objects.requireNonNull(store, "store");
    this.ignore = Objects.requireNonNull(ignore, "ignore");
  }

  /** A named top-level tree, e.g. a build output under its output path. */
  public record Root(String label, Node node) {
    public Root {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(node, "node");
      if (label.isEmpty()) {
        throw new IllegalArgumentException("a compared root needs a label");
      }
    }
  }

  /**
   * Compares two nodes. Two directories are compared entry by entry (paths start at their
   * entries); anything else is one top-level entry named {@code .}.
   */
  public TreeDiff compare(Node left, Node right) throws StoreException, InterruptedException {
    Counter c = new Counter();
    List<DiffNode> top;
    if (left instanceof DirectoryNode l && right instanceof DirectoryNode r) {
      top = l.equals(r) ? unchangedTop(l, c) : mergeDirectories(l, r, "", c);
    } else {
      top = List.of(pair(".", ".", Optional.of(left), Optional.of(right), c));
    }
    return new TreeDiff(top, c.summary(), ignore);
  }

  /** Compares two lists of named roots matched by label (build outputs by output path). */
  public TreeDiff compareRoots(List<Root> left, List<Root> right)
      throws StoreException, InterruptedException {
    Map<String, Node[]> byLabel = new LinkedHashMap<>();
    for (Root r : left) {
      byLabel.computeIfAbsent(r.label(), k -> new Node[2])[0] = r.node();
    }
    for (Root r : right) {
      byLabel.computeIfAbsent(r.label(), k -> new Node[2])[1] = r.node();
    }
    List<String> labels = new ArrayList<>(byLabel.keySet());
    labels.sort(null);
    Counter c = new Counter();
    List<DiffNode> top = new ArrayList<>();
    for (String label : labels) {
      Node[] sides = byLabel.get(label);
      if (ignore.ignores(label, lastName(label))) {
        c.ignored++;
        continue;
      }
      top.add(pair(label, label, Optional.ofNullable(sides[0]), Optional.ofNullable(sides[1]), c));
    }
    return new TreeDiff(top, c.summary(), ignore);
  }

  /**
   * The entries of a collapsed directory (added, removed or unchanged), all of the same kind as it;
   * reads one directory. Empty for anything else.
   */
  public List<DiffNode> expand(DiffNode node) throws StoreException, InterruptedException {
    if (!node.isCollapsedDirectory()) {
      return node.children();
    }
    DirectoryNode dir = (DirectoryNode) node.node();
    List<DiffNode> out = new ArrayList<>();
    for (NamedNode e : read(dir, new Counter()).entries()) {
      String name = e.name().toString();
      String path = child(node.path(), name);
      if (ignore.ignores(path, name)) {
        continue;
      }
      Optional<Node> n = Optional.of(e.node());
      out.add(
          switch (node.kind()) {
            case ADDED -> new DiffNode(name, path, ChangeKind.ADDED, Optional.empty(), n, List.of());
            case REMOVED ->
                new DiffNode(name, path, ChangeKind.REMOVED, n, Optional.empty(), List.of());
            default -> new DiffNode(name, path, ChangeKind.UNCHANGED, n, n, List.of());
          });
    }
    return out;
  }

  private List<DiffNode> unchangedTop(DirectoryNode dir, Counter c)
      throws StoreException, InterruptedException {
    // Identical roots: one read of the top so the merged tree still shows what is there.
    List<DiffNode> out = new ArrayList<>();
    for (NamedNode e : read(dir, c).entries()) {
      String name = e.name().toString();
      if (ignore.ignores(name, name)) {
        c.ignored++;
        continue;
      }
      out.add(pair(name, name, Optional.of(e.node()), Optional.of(e.node()), c));
    }
    return out;
  }

  private DiffNode pair(String name, String path, Optional<Node> left, Optional<Node> right, Counter c)
      throws StoreException, InterruptedException {
    if (left.isEmpty()) {
      c.added++;
      c.entriesInAdded += Math.max(0, DiffNode.entriesBelow(right.get()));
      return new DiffNode(name, path, ChangeKind.ADDED, left, right, List.of());
    }
    if (right.isEmpty()) {
      c.removed++;
      c.entriesInRemoved += Math.max(0, DiffNode.entriesBelow(left.get()));
      return new DiffNode(name, path, ChangeKind.REMOVED, left, right, List.of());
    }
    Node l = left.get();
    Node r = right.get();
    if (l.equals(r)) {
      c.unchanged += 1 + Math.max(0, DiffNode.entriesBelow(l));
      return new DiffNode(name, path, ChangeKind.UNCHANGED, left, right, List.of());
    }
    if (l instanceof FileNode lf && r instanceof FileNode rf) {
      if (lf.digest().equals(rf.digest())) {
        c.executableChanged++;
        return new DiffNode(name, path, ChangeKind.EXECUTABLE_CHANGED, left, right, List.of());
      }
      c.changed++;
      return new DiffNode(name, path, ChangeKind.CHANGED, left, right, List.of());
    }
    if (l instanceof SymlinkNode && r instanceof SymlinkNode) {
      c.targetChanged++;
      return new DiffNode(name, path, ChangeKind.TARGET_CHANGED, left, right, List.of());
    }
    if (l instanceof DirectoryNode ld && r instanceof DirectoryNode rd) {
      long before = c.differences();
      List<DiffNode> children = mergeDirectories(ld, rd, path, c);
      // Differences that were all ignored leave a directory that is the same as far as we care.
      ChangeKind kind = c.differences() == before ? ChangeKind.UNCHANGED : ChangeKind.CHANGED;
      return new DiffNode(name, path, kind, left, right, children);
    }
    c.typeChanged++;
    return new DiffNode(name, path, ChangeKind.TYPE_CHANGED, left, right, List.of());
  }

  private List<DiffNode> mergeDirectories(DirectoryNode l, DirectoryNode r, String path, Counter c)
      throws StoreException, InterruptedException {
    Iterator<NamedNode> li = read(l, c).entries().iterator();
    Iterator<NamedNode> ri = read(r, c).entries().iterator();
    List<DiffNode> out = new ArrayList<>();
    NamedNode a = li.hasNext() ? li.next() : null;
    NamedNode b = ri.hasNext() ? ri.next() : null;
    while (a != null || b != null) {
      int cmp = a == null ? 1 : b == null ? -1 : a.name().compareTo(b.name());
      PathComponent name = cmp <= 0 ? a.name() : b.name();
      Optional<Node> left = cmp <= 0 ? Optional.of(a.node()) : Optional.empty();
      Optional<Node> right = cmp >= 0 ? Optional.of(b.node()) : Optional.empty();
      if (cmp <= 0) {
        a = li.hasNext() ? li.next() : null;
      }
      if (cmp >= 0) {
        b = ri.hasNext() ? ri.next() : null;
      }
      String display = name.toString();
      String childPath = child(path, display);
      if (ignore.ignores(childPath, display)) {
        c.ignored++;
        continue;
      }
      out.add(pair(display, childPath, left, right, c));
    }
    return out;
  }

  private Directory read(DirectoryNode node, Counter c) throws StoreException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("the comparison was cancelled");
    }
    c.directoriesRead++;
    return store
        .directories()
        .get(node.digest())
        .orElseThrow(
            () ->
                new StoreException(
                    "the directory "
                        + node.digest()
                        + " is referenced but not in the store, so the comparison cannot go on;"
                        + " run 'glassbox verify'"));
  }

  private static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  private static String lastName(String label) {
    return label.substring(label.lastIndexOf('/') + 1);
  }

  private static final class Counter {
    long added;
    long removed;
    long changed;
    long typeChanged;
    long executableChanged;
    long targetChanged;
    long unchanged;
    long entriesInAdded;
    long entriesInRemoved;
    long ignored;
    long directoriesRead;

    long differences() {
      return added + removed + changed + typeChanged + executableChanged + targetChanged;
    }

    DiffSummary summary() {
      return new DiffSummary(
          added,
          removed,
          changed,
          typeChanged,
          executableChanged,
          targetChanged,
          unchanged,
          entriesInAdded,
          entriesInRemoved,
          ignored,
          directoriesRead);
    }
  }
}
