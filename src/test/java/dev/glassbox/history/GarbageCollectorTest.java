package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  private Node tree(Castore store, String name, String contents) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("trees").resolve(name));
    Files.writeString(dir.resolve("a.txt"), contents);
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.txt"), contents + " nested");
    return new Ingester(store, pool).ingest(dir);
  }

  private static String inputJson(Node n) {
    DirectoryNode d = (DirectoryNode) n;
    return "{\"inputs\":[{\"name\":\"src\",\"type\":\"directory\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}]}";
  }

  @Test
  void keepsWhatBuildsRootsAndKeptSandboxesNameAndDeletesTheRest() throws Exception {
    Path storeDir = tmp.resolve("store");
    Castore store = DiskStore.open(storeDir);
    Node input = tree(store, "input", "in");
    Node output = tree(store, "output", "out");
    Node rooted = tree(store, "rooted", "root");
    Node sandboxed = tree(store, "sandboxed", "kept");
    Node garbage = tree(store, "garbage", "junk");
    Digest loose = store.blobs().put("loose".getBytes());
    Path bundles = Files.createDirectories(tmp.resolve("bundles/b1"));
    Files.writeString(bundles.resolve(BuildEngine.KEPT_MARKER), "{\"request\":" + inputJson(sandboxed) + "}");

    try (History h = History.open(storeDir)) {
      h.insert(
              new NewBuild(
                  "b1", HistoryTest.T0, Optional.of(inputJson(input)), Optional.empty(), "x", Optional.empty(),
                  KeepSandbox.NEVER, Duration.ofSeconds(5), h.owner()))
          .get();
      h.recorder("b1")
          .finish(
              1,
              HistoryTest.T0,
              new BuildOutcome.Succeeded(List.of(new NamedNode(PathComponent.of("out"), output)), List.of(List.of())),
              Optional.empty(),
              Optional.empty())
          .get();
      h.addRoot(rooted, "/home/me/rooted");
      GarbageCollector gc = new GarbageCollector(store, h, StoreLock.of(storeDir), Optional.of(tmp.resolve("bundles")));

      GarbageCollector.Report dry = gc.collect(true, Duration.ofSeconds(1));
      assertThat(dry.blobs()).hasSize(3); // junk, junk nested, loose
      assertThat(dry.directories()).hasSize(2); // garbage and its sub
      assertThat(dry.bytes()).isPositive();
      assertThat(store.blobs().has(loose)).as("a dry run deletes nothing").isTrue();

      GarbageCollector.Report real = gc.collect(false, Duration.ofSeconds(1));
      assertThat(real.blobs()).isEqualTo(dry.blobs());
      assertThat(real.directories()).isEqualTo(dry.directories());
      assertThat(real.bytes()).isEqualTo(dry.bytes());
      for (Node alive : List.of(input, output, rooted, sandboxed)) {
        assertThat(store.isComplete(alive)).as("alive %s", alive).isTrue();
      }
      assertThat(store.directories().has(((DirectoryNode) garbage).digest())).isFalse();
      assertThat(store.blobs().has(loose)).isFalse();
      assertThat(real.liveDirectories()).isEqualTo(8);

      assertThat(h.removeRoot(((DirectoryNode) rooted).digest())).isTrue();
      assertThat(gc.collect(false, Duration.ofSeconds(1)).directories()).hasSize(2);
      assertThat(store.isComplete(rooted)).isFalse();
      assertThat(store.isComplete(input)).isTrue();
    }
  }

  @Test
  void aCollectionWaitsForWritersAndGivesUpWithoutDeleting() throws Exception {
    Path storeDir = tmp.resolve("store");
    Castore store = DiskStore.open(storeDir);
    Digest loose = store.blobs().put("being written".getBytes());
    try (History h = History.open(storeDir)) {
      GarbageCollector gc = new GarbageCollector(store, h, StoreLock.of(storeDir), Optional.empty());
      try (StoreLock.Held writer = StoreLock.of(storeDir).shared()) {
        assertThatThrownBy(() -> gc.collect(false, Duration.ofMillis(200))).isInstanceOf(HistoryException.class);
        assertThat(store.blobs().has(loose)).isTrue();
      }
      assertThat(gc.collect(false, Duration.ofSeconds(1)).blobs()).containsExactly(loose);
      FileNode unused = new FileNode(loose, 13, false);
      assertThat(store.isComplete(unused)).isFalse();
    }
  }
}
