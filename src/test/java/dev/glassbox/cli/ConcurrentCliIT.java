package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.History;
import dev.glassbox.request.HostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Several Glassbox processes on one store at once, as the app and CLI commands would be. */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class ConcurrentCliIT {
  @TempDir Path tmp;
  private Path store;
  private GlassboxProcesses glassbox;

  @BeforeEach
  void setUp() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    store = tmp.resolve("store");
    glassbox = new GlassboxProcesses(tmp.resolve("bundles"));
  }

  private Path request(String name, String script, String inputs) throws Exception {
    return Files.writeString(
        tmp.resolve(name + ".json"),
        """
        {"inputs": [%s],
         "commandArgs": ["/bin/sh", "-c", %s],
         "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
         "outputs": ["nix/store/00000000000000000000000000000000-out"],
         "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
         "constraints": {"system": "%s", "provideBinSh": true}}
        """
            .formatted(inputs, NodeJson.MAPPER.valueToTree(script), HostFacts.detect().system()));
  }

  @Test
  void buildsImportsListingsAndGcInParallelProcessesKeepStoreAndHistorySound() throws Exception {
    int builders = 4;
    int rounds = 2;
    List<Path> requests = new ArrayList<>();
    for (int i = 0; i < builders; i++) {
      Path src = Files.createDirectories(tmp.resolve("src" + i));
      for (int f = 0; f < 20; f++) {
        Files.writeString(src.resolve("f" + f), "builder " + i + " file " + f);
      }
      requests.add(
          request(
              "b" + i,
              "seq 1 2000; mkdir -p $out; cp -r /nix/store/src $out/; echo " + i + " > $out/id",
              "{\"name\": \"src\", \"path\": \"src" + i + "\"}"));
    }
    Path imported = Files.createDirectories(tmp.resolve("imported"));
    Files.writeString(imported.resolve("keep-me"), "an import must survive gc");
    ExecutorService pool = Executors.newFixedThreadPool(builders + 4);
    try {
      List<Future<GlassboxProcesses.Result>> builds = new ArrayList<>();
      List<Future<GlassboxProcesses.Result>> others = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (Path r : requests) {
          builds.add(pool.submit(() -> glassbox.run(300, "build", "--store", store.toString(), "--quiet", "--json", r.toString())));
        }
        others.add(pool.submit(() -> glassbox.run(300, "history", "--store", store.toString(), "--json", "--limit", "100")));
        others.add(pool.submit(() -> glassbox.run(300, "gc", "--store", store.toString())));
        others.add(pool.submit(() -> glassbox.run(300, "import", "--store", store.toString(), "--json", imported.toString())));
      }
      for (Future<GlassboxProcesses.Result> f : builds) {
        GlassboxProcesses.Result r = f.get(400, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(NodeJson.MAPPER.readTree(r.out()).path("status").asText()).isEqualTo("succeeded");
      }
      for (Future<GlassboxProcesses.Result> f : others) {
        GlassboxProcesses.Result r = f.get(400, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    // One more collection with everything finished: nothing recorded may go.
    GlassboxProcesses.Result gc = glassbox.run(120, "gc", "--store", store.toString(), "--json");
    assertThat(gc.exit()).as(gc.err()).isZero();

    Castore castore = DiskStore.open(store);
    try (History h = History.open(store)) {
      List<BuildRecord> all = h.recent(1000);
      assertThat(all).hasSize(builders * rounds).allMatch(b -> b.status() == BuildStatus.SUCCEEDED);
      assertThat(all.stream().map(BuildRecord::owner).distinct().count()).as("one process per build").isEqualTo(builders * rounds);
      for (BuildRecord b : all) {
        assertThat(castore.isComplete(b.outputs().get(0).node())).as("outputs of %s", b.id()).isTrue();
        assertThat(h.events(b.id(), 0, 10_000).stream().filter(e -> e instanceof dev.glassbox.history.RecordedEvent.Log).count()).isEqualTo(2000);
      }
      assertThat(h.roots()).hasSize(1);
      assertThat(h.integrityCheck()).containsExactly("ok");
    }
    GlassboxProcesses.Result verify = glassbox.run(120, "verify", "--store", store.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void aBuildRunningInOneProcessIsFollowedAndCancelledFromOthers() throws Exception {
    Path sleepy = request("sleepy", "i=0; while [ $i -lt 50 ]; do echo tick $i; i=$((i+1)); done; echo waiting >&2; sleep 300", "");
    Process builder =
        glassbox.command("build", "--store", store.toString(), "--json", sleepy.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String id = null;
      long deadline = System.currentTimeMillis() + 60_000;
      while (id == null && System.currentTimeMillis() < deadline) {
        GlassboxProcesses.Result h = glassbox.run(60, "history", "--store", store.toString(), "--json");
        for (JsonNode b : NodeJson.MAPPER.readTree(h.out().isBlank() ? "[]" : h.out())) {
          if (b.path("status").asText().equals("running")) {
            id = b.path("id").asText();
          }
        }
        Thread.sleep(200);
      }
      assertThat(id).as("the build shows as running in another process").isNotNull();
      String buildId = id;
      // Follow it from a third process until it ends.
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<GlassboxProcesses.Result> follower = pool.submit(() -> glassbox.run(120, "log", "--store", store.toString(), "--follow", buildId.substring(0, 7)));
        Thread.sleep(1_500);
        assertThat(follower).as("--follow waits while the build runs").isNotDone();

        GlassboxProcesses.Result cancel = glassbox.run(120, "cancel", "--store", store.toString(), buildId.substring(0, 7));
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("cancelled");

        assertThat(builder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(builder.exitValue()).as("the builder reports a cancelled build").isEqualTo(4);
        JsonNode result = NodeJson.MAPPER.readTree(new String(builder.getInputStream().readAllBytes()));
        assertThat(result.path("status").asText()).isEqualTo("cancelled");
        assertThat(result.path("id").asText()).isEqualTo(buildId);

        GlassboxProcesses.Result followed = follower.get(60, TimeUnit.SECONDS);
        assertThat(followed.exit()).isZero();
        List<String> lines = followed.out().lines().toList();
        // Across the two pipes order is only as exact as the reader (see LogLine); within one it is.
        assertThat(lines).hasSize(51).contains("[stderr] waiting");
        assertThat(lines.stream().filter(l -> l.startsWith("tick")).toList())
            .isEqualTo(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "tick " + i).toList());
      } finally {
        pool.shutdownNow();
      }
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(tmp.toString());
    } finally {
      builder.destroyForcibly();
    }
  }
}
