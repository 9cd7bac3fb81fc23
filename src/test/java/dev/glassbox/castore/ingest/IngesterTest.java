package dev.glassbox.castore.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
  @TempDir Path tmp;

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  private Castore disk() throws Exception {
    return DiskStore.open(tmp.resolve("store"));
  }

  @Test
  void complicatedFixtureIngestsToTheUpstreamDigestAndSize() throws Exception {
    Castore store = disk();
    Node root = new Ingester(store, POOL).ingest(TestTrees.complicated(tmp));
    assertThat(root).isInstanceOf(DirectoryNode.class);
    DirectoryNode d = (DirectoryNode) root;
    assertThat(d.digest().hex()).isEqualTo("424a7f6ce08d805d15b428062faae96299a1675d708c3a39261afe38cdd04feb");
    assertThat(d.size()).isEqualTo(8);
    // DIRECTORY_WITH_KEEP and the empty blob are stored too.
    assertThat(store.directories().has(Digest.parse("8b5b5d642b646bb8ed504b0862c39413e87e57491497de7bd075953f7b83810e"))).isTrue();
    assertThat(store.blobs().has(Digest.ofContents(new byte[0]))).isTrue();
  }

  @Test
  void richTreeMatchesAnIndependentTvixOracle() throws Exception {
    assumeThat(onPath("b3sum") && onPath("python3")).as("b3sum and python3 are needed for the oracle").isTrue();
    Path tree = TestTrees.rich(tmp);
    Node root = new Ingester(disk(), POOL).ingest(tree);
    String[] oracle = oracle(tree).split(" ");
    assertThat(oracle[0]).isEqualTo("directory");
    DirectoryNode d = (DirectoryNode) root;
    assertThat(d.digest().hex()).isEqualTo(oracle[1]);
    assertThat(Long.toString(d.size())).isEqualTo(oracle[2]);
  }

  @Test
  void singleFilesAndSymlinksIngestAsRootNodes() throws Exception {
    Path f = Files.writeString(tmp.resolve("hello"), "Hello World!");
    Node file = new Ingester(disk(), POOL).ingest(f);
    assertThat(file).isEqualTo(new FileNode(Digest.parse("5ca7815adcb484e9a136c11efe69c1d530176d549b5d18d038eb5280b4b3470c"), 12, false));
    Path link = Files.createSymbolicLink(tmp.resolve("l"), f);
    Node sym = new Ingester(disk(), POOL).ingest(link);
    assertThat(sym).isInstanceOf(SymlinkNode.class);
    assertThat(((SymlinkNode) sym).target().asUtf8()).isEqualTo(f.toString());
  }

  @Test
  void ownerExecuteBitIsTheOnlyModeBitKept() throws Exception {
    Castore store = disk();
    DirectoryNode root = (DirectoryNode) new Ingester(store, POOL).ingest(TestTrees.rich(tmp));
    Directory top = store.directories().get(root.digest()).orElseThrow();
    FileNode groupExec = (FileNode) top.get(PathComponent.of("group-exec-only")).orElseThrow();
    assertThat(groupExec.executable()).isFalse();
    DirectoryNode a = (DirectoryNode) top.get(PathComponent.of("a")).orElseThrow();
    FileNode tool = (FileNode) store.directories().get(a.digest()).orElseThrow().get(PathComponent.of("tool.sh")).orElseThrow();
    assertThat(tool.executable()).isTrue();
  }

  @Test
  void exportRestoresTheTreeSoThatReimportGivesTheSameDigest() throws Exception {
    Castore store = disk();
    Path tree = TestTrees.rich(tmp);
    Node root = new Ingester(store, POOL).ingest(tree);
    Path out = tmp.resolve("exported");
    new Exporter(store).export(root, out);
    assertThat(new Ingester(store, POOL).ingest(out)).isEqualTo(root);
    assertThat(Files.isExecutable(out.resolve("a/tool.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("link-up"))).isEqualTo(Path.of("../outside"));
    assertThat(Files.readString(out.resolve("Grüße-日本語.txt"))).isEqualTo("ünïcödé");
    assertThat(Files.isDirectory(out.resolve("empty-dir"))).isTrue();
  }

  @Test
  void aFifoIsRejectedByNameAndNothingOfTheImportIsStored() throws Exception {
    Castore store = disk();
    Path tree = TestTrees.rich(tmp);
    Path fifo = tree.resolve("a/b/pipe");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    assertThatThrownBy(() -> new Ingester(store, POOL).ingest(tree))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining(fifo.toString())
        .hasMessageContaining("FIFO");
    assertThat(store.blobs().list().toList()).isEmpty();
    assertThat(store.directories().list().toList()).isEmpty();
    try (var s = Files.list(tmp.resolve("store/tmp"))) {
      assertThat(s.toList()).as("no temp files left").isEmpty();
    }
  }

  @Test
  void aMissingPathSaysItDoesNotExist() throws Exception {
    Path nowhere = tmp.resolve("nope");
    assertThatThrownBy(() -> new Ingester(disk(), POOL).ingest(nowhere))
        .isInstanceOf(IngestException.class)
        .hasMessage(nowhere + " does not exist; check the path");
  }

  @Test
  void memoryAndDiskStoresAgree() throws Exception {
    Path tree = TestTrees.rich(tmp);
    Node onDisk = new Ingester(disk(), POOL).ingest(tree);
    Castore mem = new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
    assertThat(new Ingester(mem, POOL).ingest(tree)).isEqualTo(onDisk);
    assertThat(mem.isComplete(onDisk)).isTrue();
  }

  static String oracle(Path tree) throws IOException, InterruptedException {
    Path script = Path.of("src/test/resources/castore/tvix_digest.py");
    Process p = new ProcessBuilder("python3", script.toString(), tree.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  static boolean onPath(String tool) {
    return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
