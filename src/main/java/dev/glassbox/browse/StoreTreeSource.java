package dev.glassbox.browse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A tree of castore nodes: named roots (a build's inputs or outputs), each directory read from the
 * store only when it is listed. Nodes seen in a listing are remembered by path, so going one level
 * deeper costs exactly one directory read.
 */
public final class StoreTreeSource implements TreeSource {

  /** One root of the tree: a name (unique, may contain '/' for an output path) and its node. */
  public record Root(String name, Node node) {
    public Root {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(node, "node");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a root has a name");
      }
    }

    public static Root of(NamedNode n) {
      return new Root(n.name().toString(), n.node());
    }
  }

  private final Castore store;
  private final List<Root> roots;
  private final Map<TreePath, Node> nodes = new ConcurrentHashMap<>();
  // Directory totals by digest: shared subtrees (the same library in two inputs) count once.
  private final Map<Digest, Long> totals = new ConcurrentHashMap<>();

  public StoreTreeSource(Castore store, List<Root> roots) {
    this.store = Objects.requireNonNull(store, "store");
    this.roots = List.copyOf(roots);
    Set<String> seen = new HashSet<>();
    for (Root r : this.roots) {
      if (!seen.add(r.name())) {
        throw new IllegalArgumentException("two roots are named '" + r.name() + "'");
      }
      nodes.put(TreePath.of(r.name()), r.node());
    }
  }

  public List<Root> roots() {
    return roots;
  }

  @Override
  public String describe() {
    return "the store";
  }

  @Override
  public List<TreeEntry> list(TreePath dir) throws BrowseException {
    if (dir.isRoot()) {
      List<TreeEntry> out = new ArrayList<>(roots.size());
      for (Root r : roots) {
        out.add(entry(TreePath.of(r.name()), r.node()));
      }
      return out;
    }
    Node node = node(dir).orElseThrow(() -> missing(dir));
    if (!(node instanceof DirectoryNode d)) {
      throw new BrowseException("'" + dir + "' is not a directory, so it has no entries to list");
    }
    Directory directory = directory(d.digest(), dir);
    List<TreeEntry> out = new ArrayList<>(directory.entryCount());
    for (NamedNode e : directory.entries()) {
      TreePath p = dir.child(e.name().toString());
      nodes.putIfAbsent(p, e.node());
      out.add(entry(p, e.node()));
    }
    return out;
  }

  /** The node at {@code path}: from an earlier listing, else by walking down from its root. */
  public Optional<Node> node(TreePath path) throws BrowseException {
    if (path.isRoot()) {
      return Optional.empty();
    }
    Node known = nodes.get(path);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Node> parent = node(path.parent());
    if (parent.isEmpty() || !(parent.get() instanceof DirectoryNode pd)) {
      return Optional.empty();
    }
    Directory dir = directory(pd.digest(), path.parent());
    for (NamedNode e : dir.entries()) {
      TreePath p = path.parent().child(e.name().toString());
      nodes.putIfAbsent(p, e.node());
    }
    return Optional.ofNullable(nodes.get(path));
  }

  @Override
  public SeekableByteChannel open(TreePath file) throws BrowseException {
    Node node = node(file).orElseThrow(() -> missing(file));
    if (!(node instanceof FileNode f)) {
      throw new BrowseException("'" + file + "' is not a file, so it has no contents to show");
    }
    try {
      return store
          .blobs()
          .open(f.digest())
          .orElseThrow(
              () ->
                  new BrowseException(
                      "the contents of '"
                          + file
                          + "' ("
                          + f.digest()
                          + ") are not in the store;"
                          + " run 'glassbox verify' to see what else is missing"));
    } catch (StoreException e) {
      throw new BrowseException("cannot read '" + file + "' from the store: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Path> hostPath(TreePath path) {
    return Optional.empty();
  }

  @Override
  public long totalBytes(TreePath dir, BooleanSupplier cancelled) throws BrowseException {
    Node node = node(dir).orElseThrow(() -> missing(dir));
    return total(node, dir, cancelled);
  }

  private long total(Node root, TreePath where, BooleanSupplier cancelled) throws BrowseException {
    if (root instanceof FileNode f) {
      return f.size();
    }
    if (!(root instanceof DirectoryNode top)) {
      return 0;
    }
    // Iterative post-order over directories, so a deep tree cannot overflow the stack.
    record Frame(Digest digest, List<Digest> children, long files) {}
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    ArrayDeque<Digest> pending = new ArrayDeque<>();
    pending.push(top.digest());
    while (!pending.isEmpty()) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("size of " + where + " cancelled");
      }
      Digest d = pending.peek();
      if (totals.containsKey(d)) {
        pending.pop();
        continue;
      }
      Frame open = stack.peek();
      if (open != null && open.digest().equals(d)) {
        long sum = open.files();
        for (Digest c : open.children()) {
          sum += totals.get(c);
        }
        totals.put(d, sum);
        stack.pop();
        pending.pop();
        continue;
      }
      Directory dir = directory(d, where);
      long files = 0;
      List<Digest> children = new ArrayList<>();
      for (NamedNode e : dir.entries()) {
        if (e.node() instanceof FileNode f) {
          files += f.size();
        } else if (e.node() instanceof DirectoryNode c) {
          children.add(c.digest());
        }
      }
      stack.push(new Frame(d, children, files));
      for (Digest c : children) {
        if (!totals.containsKey(c)) {
          pending.push(c);
        }
      }
    }
    return totals.get(top.digest());
  }

  private Directory directory(Digest digest, TreePath where) throws BrowseException {
    try {
      return store
          .directories()
          .get(digest)
          .orElseThrow(
              () ->
                  new BrowseException(
                      "the directory '"
                          + where
                          + "' ("
                          + digest
                          + ") is not in the store; was it"
                          + " garbage-collected? 'glassbox verify' lists what is missing"));
    } catch (StoreException e) {
      throw new BrowseException("cannot read '" + where + "' from the store: " + e.getMessage(), e);
    }
  }

  private static BrowseException missing(TreePath path) {
    return new BrowseException("'" + path + "' is not in this tree");
  }

  static TreeEntry entry(TreePath path, Node node) {
    if (node instanceof FileNode f) {
      return new TreeEntry(
          path,
          EntryKind.FILE,
          f.size(),
          f.executable(),
          Optional.empty(),
          Optional.of(f.digest()),
          OptionalLong.empty());
    }
    if (node instanceof DirectoryNode d) {
      return new TreeEntry(
          path,
          EntryKind.DIRECTORY,
          0,
          false,
          Optional.empty(),
          Optional.of(d.digest()),
          OptionalLong.of(d.size()));
    }
    SymlinkNode s = (SymlinkNode) node;
    return new TreeEntry(
        path,
        EntryKind.SYMLINK,
        0,
        false,
        Optional.of(s.target().toString()),
        Optional.empty(),
        OptionalLong.empty());
  }
}
