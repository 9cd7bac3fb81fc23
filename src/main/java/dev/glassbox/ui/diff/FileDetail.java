package dev.glassbox.ui.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.diff.ChangeKind;
import dev.glassbox.castore.diff.Contents;
import dev.glassbox.castore.diff.DiffNode;
import dev.glassbox.castore.diff.DiffRow;
import dev.glassbox.castore.diff.HexDiff;
import dev.glassbox.castore.diff.TextDiff;
import java.util.List;

/** What the detail pane shows for a selected path, computed off the FX thread. */
sealed interface FileDetail {
  /** A side-by-side text diff. */
  record Text(List<DiffRow> rows, String caption) implements FileDetail {}

  /** A hex comparison, opened at the first differing byte. */
  record Hex(FileNode left, FileNode right, long firstDifference, List<HexDiff.Row> page)
      implements FileDetail {}

  /** A sentence instead of contents (exec bit, symlink target, type change, folders). */
  record Note(String text) implements FileDetail {}

  /** Works out the detail for {@code n}: reads at most two small texts or one hex page. */
  static FileDetail of(Castore store, DiffNode n) throws StoreException, InterruptedException {
    Node l = n.left().orElse(null);
    Node r = n.right().orElse(null);
    return switch (n.kind()) {
      case EXECUTABLE_CHANGED ->
          new Note(
              "Only the exec bit changed: "
                  + (((FileNode) l).executable() ? "executable" : "not executable")
                  + " \u2192 "
                  + (((FileNode) r).executable() ? "executable" : "not executable")
                  + ". The contents are identical ("
                  + ((FileNode) r).digest()
                  + ").");
      case TARGET_CHANGED ->
          new Note(
              "Only the symlink target changed: \u2192 "
                  + ((SymlinkNode) l).target()
                  + " became \u2192 "
                  + ((SymlinkNode) r).target()
                  + ".");
      case TYPE_CHANGED ->
          new Note(
              "The type changed: "
                  + DiffNode.typeOf(l)
                  + " before, "
                  + DiffNode.typeOf(r)
                  + " after. Select it on each side in the tree to browse.");
      case CHANGED, ADDED, REMOVED, UNCHANGED -> contents(store, n, l, r);
    };
  }

  private static FileDetail contents(Castore store, DiffNode n, Node l, Node r)
      throws StoreException, InterruptedException {
    if (n.isDirectory()) {
      return new Note(
          n.kind() == ChangeKind.UNCHANGED
              ? "An identical folder (" + DiffTreeView.describe(n.node()) + "): the same digest on"
                  + " both sides, so it was not read."
              : n.kind() == ChangeKind.CHANGED
                  ? "A folder with differences inside; select a file below it."
                  : "A folder only " + (n.kind() == ChangeKind.ADDED ? "after" : "before") + " ("
                      + DiffTreeView.describe(n.node()) + "); expand it to browse.");
    }
    FileNode a = l instanceof FileNode f ? f : null;
    FileNode b = r instanceof FileNode f ? f : null;
    if (n.kind() == ChangeKind.UNCHANGED && a != null && a.size() > Contents.MAX_TEXT_BYTES) {
      return new Note("Identical on both sides (" + a.digest() + ").");
    }
    if (l instanceof SymlinkNode || r instanceof SymlinkNode) {
      return new Note("A symlink \u2192 " + ((SymlinkNode) n.node()).target() + ".");
    }
    boolean text =
        (a == null || (a.size() <= Contents.MAX_TEXT_BYTES && Contents.isText(store, a)))
            && (b == null || (b.size() <= Contents.MAX_TEXT_BYTES && Contents.isText(store, b)));
    if (text) {
      byte[] before = a == null ? new byte[0] : Contents.readSmall(store, a);
      byte[] after = b == null ? new byte[0] : Contents.readSmall(store, b);
      TextDiff d = TextDiff.of(before, after);
      List<DiffRow> rows = d.rows();
      long differing = rows.stream().filter(x -> x.kind() != DiffRow.Kind.EQUAL).count();
      String caption =
          n.name()
              + ": "
              + (differing == 0
                  ? "identical"
                  : differing + (differing == 1 ? " line differs" : " lines differ"));
      return new Text(rows, caption);
    }
    // One side missing: compare with an empty file, so the page shows the bytes that are there.
    FileNode left = a != null ? a : emptyLike(b);
    FileNode right = b != null ? b : emptyLike(a);
    long first = HexDiff.firstDifference(store, left, right);
    return new Hex(left, right, first, HexDiff.page(store, left, right, Math.max(0, first), HexDiffView.PAGE_ROWS));
  }

  private static FileNode emptyLike(FileNode other) {
    // The empty blob's digest is never read: a zero-length page touches no channel.
    return new FileNode(dev.glassbox.castore.Digest.ofContents(new byte[0]), 0, false);
  }
}
