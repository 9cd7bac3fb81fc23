package dev.glassbox.sandbox.fuse;

import static dev.glassbox.sandbox.fuse.FuseFixtures.DIRECTORY_COMPLICATED;
import static dev.glassbox.sandbox.fuse.FuseFixtures.DIRECTORY_COMPLICATED_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.DIRECTORY_WITH_KEEP;
import static dev.glassbox.sandbox.fuse.FuseFixtures.EMPTY_DIGEST;
import static dev.glassbox.sandbox.fuse.FuseFixtures.SYMLINK_NAME2;
import static dev.glassbox.sandbox.fuse.FuseFixtures.name;
import static dev.glassbox.sandbox.fuse.FuseFixtures.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.StoreException;
import dev.glassbox.sandbox.fuse.InodeTable.Child;
import dev.glassbox.sandbox.fuse.InodeTable.FileInode;
import dev.glassbox.sandbox.fuse.InodeTable.PopulatedDirectory;
import dev.glassbox.sandbox.fuse.InodeTable.SparseDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The inode rules of engine-spec §5.2 and the attribute table of §5.4, without FUSE. */
class InodeTableTest {

  private static InodeTable table(Castore store, NamedNode... roots) {
    return new InodeTable(store.directories(), List.of(roots));
  }

  /** vectors.json › fuse.inode_scenario, step by step. */
  @Test
  void inodeScenarioFromVectors() throws Exception {
    JsonNode scenario = Vectors.root().get("fuse").get("inode_scenario");
    InodeTable t =
        table(
            FuseFixtures.populatedStore(),
            FuseFixtures.directoryComplicated(),
            FuseFixtures.symlinkElsewhere());
    JsonNode steps = scenario.get("steps");

    long complicated = t.lookupRoot(name(DIRECTORY_COMPLICATED_NAME));
    assertThat(steps.get(0).get("op").asText()).contains(DIRECTORY_COMPLICATED_NAME);
    assertThat(complicated).isEqualTo(steps.get(0).get("result_ino").asLong());

    Map<String, Long> allocated = new HashMap<>();
    for (Child c : t.children(complicated)) {
      allocated.put(c.name().toString(), c.ino());
    }
    Map<String, Long> expected = new HashMap<>();
    steps
        .get(1)
        .get("allocates_in_name_order")
        .fields()
        .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asLong()));
    assertThat(allocated).isEqualTo(expected);

    long keep = allocated.get("keep");
    assertThat(inoArgument(steps.get(2))).isEqualTo(keep);
    assertThat(t.lookup(keep, name(".keep"))).isEqualTo(steps.get(2).get("result_ino").asLong());

    assertThat(steps.get(3).get("op").asText()).contains(SYMLINK_NAME2);
    assertThat(t.lookupRoot(name(SYMLINK_NAME2)))
        .isEqualTo(steps.get(3).get("result_ino").asLong());

    assertThat(inoArgument(steps.get(4))).isEqualTo(keep);
    assertThat(InodeAttributes.of(keep, t.get(keep).orElseThrow()).size())
        .isEqualTo(steps.get(4).get("size").asLong());
  }

  /** The inode in "lookup(5, ...)" / "getattr(5)". */
  private static long inoArgument(JsonNode step) {
    Matcher m = Pattern.compile("\\((\\d+)").matcher(step.get("op").asText());
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void lookupInsideAChildAllocatesTheWholeParentInNameOrderFirst() throws Exception {
    InodeTable t = table(FuseFixtures.populatedStore(), FuseFixtures.directoryComplicated());
    long dir = t.lookupRoot(name(DIRECTORY_COMPLICATED_NAME));
    // Looking up the last name still numbers .keep, aa, keep in that order.
    assertThat(t.lookup(dir, name("keep"))).isEqualTo(5);
    assertThat(t.lookup(dir, name(".keep"))).isEqualTo(3);
    assertThat(t.lookup(dir, name("aa"))).isEqualTo(4);
  }

  @Test
  void rootIsInodeOneAndOthersStartAtTwo() throws Exception {
    InodeTable t =
        table(FuseFixtures.populatedStore(), FuseFixtures.blobA(), FuseFixtures.helloWorld());
    assertThat(t.get(InodeTable.ROOT)).containsInstanceOf(InodeTable.Root.class);
    assertThat(t.get(2)).isEmpty();
    assertThat(t.lookupRoot(name(FuseFixtures.HELLOWORLD_NAME))).isEqualTo(2);
    assertThat(t.lookupRoot(name(FuseFixtures.BLOB_A_NAME))).isEqualTo(3);
  }

  @Test
  void rootBindingIsCachedAndNamesMatchExactly() throws Exception {
    InodeTable t = table(FuseFixtures.populatedStore(), FuseFixtures.blobA());
    assertThat(t.lookupRoot(name("00000000000000000000000000000000-tes")))
        .isEqualTo(InodeTable.ABSENT);
    assertThat(t.lookupRoot(name("0000000000000000000000000000000-test")))
        .isEqualTo(InodeTable.ABSENT);
    long first = t.lookupRoot(name(FuseFixtures.BLOB_A_NAME));
    assertThat(t.lookupRoot(name(FuseFixtures.BLOB_A_NAME))).isEqualTo(first);
    assertThat(t.bindRoot(FuseFixtures.blobA())).isEqualTo(first);
    assertThat(t.lookupRoot(name("00000000000000000000000000000000-tes")))
        .isEqualTo(InodeTable.ABSENT);
  }

  @Test
  void filesWithTheSameBlobShareAnInodeAndTheFirstSeenWins() throws Exception {
    InodeTable t =
        table(
            FuseFixtures.emptyStore(),
            root("a", new FileNode(EMPTY_DIGEST, 0, true)),
            root("b", new FileNode(EMPTY_DIGEST, 7, false)));
    long a = t.lookupRoot(name("a"));
    assertThat(t.lookupRoot(name("b"))).isEqualTo(a);
    // The quirk of engine-spec §5.2: size and executable bit come from the first node seen.
    assertThat(t.get(a)).contains(new FileInode(EMPTY_DIGEST, 0, true));
  }

  @Test
  void emptyFileAndEmptyDirectoryDoNotShareAnInodeDespiteEqualDigests() throws Exception {
    Castore store = FuseFixtures.emptyStore();
    store.directories().put(Directory.empty());
    assertThat(Directory.empty().digest()).isEqualTo(EMPTY_DIGEST);
    InodeTable t =
        table(
            store,
            root("dir", DirectoryNode.of(Directory.empty())),
            root("file", new FileNode(EMPTY_DIGEST, 0, false)));
    assertThat(t.lookupRoot(name("dir"))).isNotEqualTo(t.lookupRoot(name("file")));
  }

  @Test
  void aDirectoryReachableTwiceHasOneInode() throws Exception {
    InodeTable t =
        table(
            FuseFixtures.populatedStore(),
            FuseFixtures.directoryWithKeep(),
            FuseFixtures.directoryComplicated());
    long keepRoot = t.lookupRoot(name(FuseFixtures.DIRECTORY_WITH_KEEP_NAME));
    long complicated = t.lookupRoot(name(DIRECTORY_COMPLICATED_NAME));
    assertThat(t.lookup(complicated, name("keep"))).isEqualTo(keepRoot);
  }

  @Test
  void sparseDirectoryReportsTheReceivedSizeAndPopulatedTheChildCount() throws Exception {
    // A deliberately odd received size shows it is reported as is, not recomputed.
    NamedNode odd = root("d", new DirectoryNode(DIRECTORY_COMPLICATED.digest(), 42));
    InodeTable t = table(FuseFixtures.populatedStore(), odd);
    long d = t.lookupRoot(name("d"));
    assertThat(t.get(d)).containsInstanceOf(SparseDirectory.class);
    assertThat(InodeAttributes.of(d, t.get(d).orElseThrow()).size()).isEqualTo(42);
    t.children(d);
    assertThat(t.get(d)).containsInstanceOf(PopulatedDirectory.class);
    assertThat(InodeAttributes.of(d, t.get(d).orElseThrow()).size()).isEqualTo(3);
  }

  @Test
  void childrenAreInNameOrderAcrossKinds() throws Exception {
    InodeTable t = table(FuseFixtures.populatedStore(), FuseFixtures.directoryComplicated());
    long dir = t.lookupRoot(name(DIRECTORY_COMPLICATED_NAME));
    List<String> names = new ArrayList<>();
    for (Child c : t.children(dir)) {
      names.add(c.name().toString());
    }
    assertThat(names).containsExactly(".keep", "aa", "keep");
  }

  @Test
  void lookupBelowAFileOrSymlinkIsNotADirectory() throws Exception {
    InodeTable t =
        table(FuseFixtures.populatedStore(), FuseFixtures.blobA(), FuseFixtures.symlinkElsewhere());
    assertThat(t.lookup(t.lookupRoot(name(FuseFixtures.BLOB_A_NAME)), name("x")))
        .isEqualTo(InodeTable.NOT_A_DIRECTORY);
    assertThat(t.lookup(t.lookupRoot(name(SYMLINK_NAME2)), name("x")))
        .isEqualTo(InodeTable.NOT_A_DIRECTORY);
  }

  @Test
  void missingDirectoryIsAStoreErrorAndStaysSparse() throws Exception {
    InodeTable t = table(FuseFixtures.emptyStore(), FuseFixtures.directoryWithKeep());
    long d = t.lookupRoot(name(FuseFixtures.DIRECTORY_WITH_KEEP_NAME));
    assertThatThrownBy(() -> t.lookup(d, name(".keep")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(DIRECTORY_WITH_KEEP.digest().toString())
        .hasMessageContaining("not in the store");
    assertThat(t.get(d)).containsInstanceOf(SparseDirectory.class);
    assertThat(ErrnoMapping.errnoOf(new StoreException("x"))).isEqualTo(ErrnoMapping.EIO);
  }

  @Test
  void duplicateRootNamesAreRejected() {
    assertThatThrownBy(
            () -> table(FuseFixtures.emptyStore(), FuseFixtures.blobA(), FuseFixtures.blobA()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(FuseFixtures.BLOB_A_NAME);
  }

  @Test
  void rootsAreListedInUnsignedByteOrder() {
    InodeTable t =
        table(
            FuseFixtures.emptyStore(),
            root("\u00e9", new FileNode(EMPTY_DIGEST, 0, false)),
            root("B", new FileNode(EMPTY_DIGEST, 0, false)),
            root("a", new FileNode(EMPTY_DIGEST, 0, false)));
    assertThat(t.roots()).extracting(n -> n.name().toString()).containsExactly("B", "a", "\u00e9");
  }

  /** vectors.json › fuse: root_inode, attributes, all_non_root. */
  @Test
  void attributeTableFromVectors() throws Exception {
    JsonNode fuse = Vectors.root().get("fuse");
    JsonNode root = fuse.get("root_inode");
    InodeAttributes r = InodeAttributes.of(1, new InodeTable.Root());
    assertThat(r.mode()).isEqualTo(Integer.parseInt(root.get("mode_octal").asText(), 8));
    assertThat(r.size()).isEqualTo(root.get("size").asLong());
    assertThat(r.blksize()).isEqualTo(root.get("blksize").asInt());
    assertThat(r.blocks()).isEqualTo(root.get("blocks").asLong());

    InodeTable t =
        table(
            FuseFixtures.populatedStore(),
            FuseFixtures.blobA(),
            FuseFixtures.helloWorld(),
            FuseFixtures.symlinkElsewhere(),
            FuseFixtures.directoryComplicated());
    Map<String, InodeAttributes> byRow = new HashMap<>();
    byRow.put("regular file, executable=false", attrs(t, FuseFixtures.BLOB_A_NAME));
    byRow.put("regular file, executable=true", attrs(t, FuseFixtures.HELLOWORLD_NAME));
    byRow.put("symlink", attrs(t, SYMLINK_NAME2));
    byRow.put("directory (not yet listed: Sparse)", attrs(t, DIRECTORY_COMPLICATED_NAME));
    t.children(t.lookupRoot(name(DIRECTORY_COMPLICATED_NAME)));
    byRow.put(
        "directory (after lookup/readdir inside it: Populated)",
        attrs(t, DIRECTORY_COMPLICATED_NAME));
    Map<String, Long> expectedSize =
        Map.of(
            "FileNode.size",
            -1L, // per row below
            "len(target)",
            (long) "/nix/store/somewhereelse".length(),
            "DirectoryNode.size as received",
            DIRECTORY_COMPLICATED.size(),
            "number of direct children",
            3L);
    int rows = 0;
    for (JsonNode row : fuse.get("attributes")) {
      InodeAttributes a = byRow.get(row.get("node").asText());
      assertThat(a).as(row.get("node").asText()).isNotNull();
      assertThat(a.mode()).isEqualTo(Integer.parseInt(row.get("mode_octal").asText(), 8));
      assertThat(a.blocks()).isEqualTo(row.get("blocks").asLong());
      assertThat(a.blksize()).isEqualTo(fuse.get("all_non_root").get("blksize").asInt());
      String size = row.get("size").asText();
      long want =
          size.equals("FileNode.size")
              ? (a.mode() == 0100555 ? FuseFixtures.HELLOWORLD.length : FuseFixtures.BLOB_A.length)
              : expectedSize.get(size);
      assertThat(a.size()).as(row.get("node").asText()).isEqualTo(want);
      rows++;
    }
    assertThat(rows).isEqualTo(5);
    assertThat(DIRECTORY_COMPLICATED.size()).isEqualTo(8);
  }

  private static InodeAttributes attrs(InodeTable t, String rootName) {
    long ino = t.lookupRoot(name(rootName));
    return InodeAttributes.of(ino, t.get(ino).orElseThrow());
  }

  @Test
  void concurrentPopulationAllocatesEachInodeOnce() throws Exception {
    InodeTable t = table(FuseFixtures.populatedStore(), FuseFixtures.directoryComplicated());
    long dir = t.lookupRoot(name(DIRECTORY_COMPLICATED_NAME));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Child>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return t.children(dir);
                }));
      }
      start.countDown();
      List<Child> first = results.get(0).get();
      for (Future<List<Child>> f : results) {
        assertThat(f.get()).isEqualTo(first);
      }
      assertThat(first).extracting(Child::ino).containsExactly(3L, 4L, 5L);
    } finally {
      pool.shutdownNow();
    }
  }
}
