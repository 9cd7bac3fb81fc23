package dev.glassbox.castore.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.Node;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TreeDifferTest {
  private final Trees t = new Trees();

  private TreeDiff diff(Node a, Node b, String... globs) throws Exception {
    return new TreeDiffer(t.store, IgnoreGlobs.of(List.of(globs))).compare(a, b);
  }

  private static Map<String, ChangeKind> changes(TreeDiff d) {
    return d.differences().stream()
        .collect(Collectors.toMap(DiffNode::path, DiffNode::kind, (x, y) -> x, java.util.TreeMap::new));
  }

  @Test
  void everyKindOfChangeIsReportedAtItsPath() throws Exception {
    var left =
        t.dir(
            "same.txt", t.file("same"),
            "content.txt", t.file("one"),
            "tool", t.file("#!/bin/sh", false),
            "link", Trees.link("a"),
            "gone.txt", t.file("bye"),
            "sub", t.dir("deep.txt", t.file("old"), "keep", t.file("k")));
    var right =
        t.dir(
            "same.txt", t.file("same"),
            "content.txt", t.file("two"),
            "tool", t.file("#!/bin/sh", true),
            "link", Trees.link("b"),
            "new.txt", t.file("hi"),
            "sub", t.dir("deep.txt", t.file("new"), "keep", t.file("k")));
    TreeDiff d = diff(left, right);
    assertThat(changes(d))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "content.txt", ChangeKind.CHANGED,
                    "gone.txt", ChangeKind.REMOVED,
                    "link", ChangeKind.TARGET_CHANGED,
                    "new.txt", ChangeKind.ADDED,
                    "sub/deep.txt", ChangeKind.CHANGED,
                    "tool", ChangeKind.EXECUTABLE_CHANGED)));
    assertThat(d.find("same.txt").orElseThrow().kind()).isEqualTo(ChangeKind.UNCHANGED);
    assertThat(d.find("sub").orElseThrow().kind()).isEqualTo(ChangeKind.CHANGED);
    assertThat(d.find("sub/keep").orElseThrow().kind()).isEqualTo(ChangeKind.UNCHANGED);
    DiffSummary s = d.summary();
    assertThat(s.changed()).isEqualTo(2);
    assertThat(s.added()).isEqualTo(1);
    assertThat(s.removed()).isEqualTo(1);
    assertThat(s.executableChanged()).isEqualTo(1);
    assertThat(s.targetChanged()).isEqualTo(1);
    assertThat(s.unchangedEntries()).isEqualTo(2);
    assertThat(s.differences()).isEqualTo(6);
    assertThat(s.verdict()).isEqualTo("not reproducible: 6 files differ");
  }

  @Test
  void typeChangesInEveryDirection() throws Exception {
    Node file = t.file("x");
    Node dir = t.dir("inner", t.file("y"));
    Node link = Trees.link("elsewhere");
    Node[] kinds = {file, dir, link};
    for (Node a : kinds) {
      for (Node b : kinds) {
        if (a == b) {
          continue;
        }
        TreeDiff d = diff(t.dir("p", a), t.dir("p", b));
        assertThat(changes(d)).as(a + " -> " + b).containsExactly(Map.entry("p", ChangeKind.TYPE_CHANGED));
        DiffNode p = d.find("p").orElseThrow();
        assertThat(p.left()).contains(a);
        assertThat(p.right()).contains(b);
        assertThat(d.summary().typeChanged()).isEqualTo(1);
      }
    }
  }

  @Test
  void aNestedAdditionIsOneAddedSubtreeWithItsCounts() throws Exception {
    var added = t.dir("a", t.dir("b", t.dir("c.txt", t.file("1"), "d.txt", t.file("2"))), "e", t.file("3"));
    t.directories.reads.clear();
    TreeDiff d = diff(t.dir("keep", t.file("k")), t.dir("keep", t.file("k"), "new", added));
    assertThat(changes(d)).containsExactly(Map.entry("new", ChangeKind.ADDED));
    // new/{a/{b/{c.txt,d.txt}},e}: a, b, c.txt, d.txt, e = 5 entries, known from the size alone.
    assertThat(d.summary().entriesInAdded()).isEqualTo(5);
    assertThat(DiffNode.entriesBelow(added)).isEqualTo(5);
    assertThat(t.directories.reads).doesNotContain(added.digest());
    DiffNode n = d.find("new").orElseThrow();
    assertThat(n.isCollapsedDirectory()).isTrue();
    List<DiffNode> inside = new TreeDiffer(t.store, IgnoreGlobs.none()).expand(n);
    assertThat(inside).extracting(DiffNode::path).containsExactly("new/a", "new/e");
    assertThat(inside).allMatch(x -> x.kind() == ChangeKind.ADDED);
  }

  @Test
  void aRemovedSubtreeLikewise() throws Exception {
    var gone = t.dir("x", t.file("1"), "y", t.file("2"));
    TreeDiff d = diff(t.dir("old", gone), t.dir());
    assertThat(changes(d)).containsExactly(Map.entry("old", ChangeKind.REMOVED));
    assertThat(d.summary().entriesInRemoved()).isEqualTo(2);
  }

  @Test
  void identicalSubtreesAreNeverRead() throws Exception {
    DirectoryNode big = t.dir("a", t.dir("b", t.file("deep")), "c", t.file("c"));
    DirectoryNode left = t.dir("big", big, "small.txt", t.file("1"));
    DirectoryNode right = t.dir("big", big, "small.txt", t.file("2"));
    t.directories.reads.clear();
    TreeDiff d = diff(left, right);
    assertThat(changes(d)).containsExactly(Map.entry("small.txt", ChangeKind.CHANGED));
    assertThat(t.directories.reads).containsExactlyInAnyOrder(left.digest(), right.digest());
    assertThat(d.summary().directoriesRead()).isEqualTo(2);
    DiffNode bigNode = d.find("big").orElseThrow();
    assertThat(bigNode.kind()).isEqualTo(ChangeKind.UNCHANGED);
    assertThat(bigNode.isCollapsedDirectory()).isTrue();
    // big, a, a/b, c: counted from the sizes, without reading them.
    assertThat(d.summary().unchangedEntries()).isEqualTo(4);
  }

  @Test
  void identicalRootsShortCircuit() throws Exception {
    DirectoryNode root = t.dir("a", t.dir("b", t.file("1")), "c", t.file("2"));
    t.directories.reads.clear();
    TreeDiff d = diff(root, root);
    assertThat(d.identical()).isTrue();
    assertThat(d.summary().verdict()).isEqualTo("reproducible: outputs identical");
    assertThat(t.directories.reads).containsExactly(root.digest()); // the top only, for display
    assertThat(d.top()).extracting(DiffNode::kind).containsOnly(ChangeKind.UNCHANGED);
  }

  @Test
  void globsIgnoreNamesAnywhereAndPathsFromTheTop() throws Exception {
    var left = t.dir("log", t.dir("a.log", t.file("1")), "b.log", t.file("x"), "t", t.file("1"), "keep", t.file("1"));
    var right = t.dir("log", t.dir("a.log", t.file("2")), "b.log", t.file("y"), "t", t.file("2"), "keep", t.file("2"));
    assertThat(changes(diff(left, right, "*.log")).keySet()).containsExactly("keep", "t");
    assertThat(changes(diff(left, right, "log/**", "t")).keySet()).containsExactly("b.log", "keep");
    TreeDiff d = diff(left, right, "log", "b.log", "{t,keep}");
    assertThat(d.identical()).isTrue();
    assertThat(d.summary().ignored()).isEqualTo(4);
    assertThat(changes(diff(left, right, "**/a.log", "b.?og", "[kt]*")).isEmpty()).isTrue();
  }

  @Test
  void anIgnoredDirectoryIsNotRead() throws Exception {
    DirectoryNode l = t.dir("x", t.file("1"));
    DirectoryNode r = t.dir("x", t.file("2"));
    DirectoryNode left = t.dir("cache", l);
    DirectoryNode right = t.dir("cache", r);
    t.directories.reads.clear();
    assertThat(diff(left, right, "cache").identical()).isTrue();
    assertThat(t.directories.reads).doesNotContain(l.digest(), r.digest());
  }

  @Test
  void malformedGlobsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> IgnoreGlobs.of(List.of("a[b")))
        .hasMessageContaining("'a[b'")
        .hasMessageContaining("no closing ']'");
    assertThatThrownBy(() -> IgnoreGlobs.of(List.of("{a,b")))
        .hasMessageContaining("no closing '}'");
    assertThatThrownBy(() -> IgnoreGlobs.of(List.of("/"))).hasMessageContaining("everything");
  }

  @Test
  void rootsAreMatchedByLabel() throws Exception {
    var differ = new TreeDiffer(t.store, IgnoreGlobs.none());
    TreeDiff d =
        differ.compareRoots(
            List.of(
                new TreeDiffer.Root("nix/store/a-out", t.dir("f", t.file("1"))),
                new TreeDiffer.Root("nix/store/b-doc", t.file("d"))),
            List.of(
                new TreeDiffer.Root("nix/store/a-out", t.dir("f", t.file("2"))),
                new TreeDiffer.Root("nix/store/c-new", t.file("n"))));
    assertThat(changes(d))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "nix/store/a-out/f", ChangeKind.CHANGED,
                    "nix/store/b-doc", ChangeKind.REMOVED,
                    "nix/store/c-new", ChangeKind.ADDED)));
  }

  @Test
  void aMissingDirectoryIsAClearError() throws Exception {
    var other = new Trees();
    DirectoryNode elsewhere = other.dir("x", other.file("1"));
    assertThatThrownBy(() -> diff(t.dir("d", t.file("1")), elsewhere))
        .hasMessageContaining("not in the store")
        .hasMessageContaining("glassbox verify");
  }

  @Test
  void aCancelledComparisonStops() throws Exception {
    var left = t.dir("a", t.file("1"));
    var right = t.dir("a", t.file("2"));
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> diff(left, right)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }
}
