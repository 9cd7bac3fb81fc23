package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.History;
import dev.glassbox.history.NewBuild;
import dev.glassbox.history.ProcessOwner;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.RuntimeMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history commands on a history written directly (no sandbox needed). */
class HistoryCommandsTest {
  @TempDir Path tmp;
  private Path store;
  private static final Instant T0 = Instant.parse("2025-04-01T08:00:00Z");

  @BeforeEach
  void setUp() {
    store = tmp.resolve("store");
  }

  private CliRunner.Result cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = store.toString();
    return CliRunner.run(all);
  }

  private static NewBuild build(String id, ProcessOwner owner, String command, Optional<String> rebuildOf) {
    return new NewBuild(
        id, T0, Optional.of("{\"inputs\":[],\"commandArgs\":[\"/bin/sh\",\"-c\",\"" + command + "\"]}"), Optional.empty(),
        "/bin/sh -c " + command, rebuildOf, KeepSandbox.NEVER, Duration.ofSeconds(30), owner);
  }

  /** One succeeded build with a log, one failed rebuild of it, one still "running" in this JVM. */
  private void populate() throws Exception {
    try (History h = History.open(store)) {
      h.insert(build("aaaa1111", h.owner(), "echo hi", Optional.empty())).get();
      History.Recorder r = h.recorder("aaaa1111");
      r.started(1, T0.plusMillis(10));
      r.phaseStarted(2, Phase.RUN, T0.plusMillis(20));
      r.log(3, new LogLine(0, LogStream.STDOUT, T0.toEpochMilli(), "hello", false));
      r.log(4, new LogLine(1, LogStream.STDERR, T0.toEpochMilli(), "warning: careful", false));
      r.log(5, new LogLine(2, LogStream.STDOUT, T0.toEpochMilli(), "no newline", true));
      r.phaseFinished(6, new PhaseTiming(Phase.RUN, T0.plusMillis(20), 1500));
      DirectoryNode out = new DirectoryNode(dev.glassbox.castore.Digest.ofContents("x".getBytes()), 2);
      r.finish(7, T0.plusMillis(1600), new BuildOutcome.Succeeded(List.of(new NamedNode(PathComponent.of("out"), out)), List.of(List.of(0))),
          Optional.empty(), Optional.of(RuntimeMode.ROOT)).get();
      h.insert(build("bbbb2222", h.owner(), "echo hi", Optional.of("aaaa1111"))).get();
      h.recorder("bbbb2222").started(1, T0);
      h.recorder("bbbb2222").finish(2, T0.plusSeconds(3), BuildOutcome.Failed.exit(3), Optional.empty(), Optional.of(RuntimeMode.ROOT)).get();
      h.insert(build("cccc3333", h.owner(), "sleep 100", Optional.empty())).get();
      h.recorder("cccc3333").started(1, T0);
      h.flush();
    }
  }

  @Test
  void historyListsNewestFirstAsATableOrJson() throws Exception {
    assertThat(cli("history").err()).contains("no builds recorded");
    populate();
    CliRunner.Result table = cli("history");
    assertThat(table.exit()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("STATUS").contains("DURATION").contains("COMMAND");
    assertThat(lines.get(1)).startsWith("cccc3333").contains("running");
    assertThat(lines.get(2)).startsWith("bbbb2222").contains("failed").contains("3.0 s").contains("(rebuild of aaaa1111)");
    assertThat(lines.get(3)).startsWith("aaaa1111").contains("succeeded").contains("1.6 s").contains("/bin/sh -c echo hi");

    JsonNode json = NodeJson.MAPPER.readTree(cli("history", "--json", "--limit", "2").out());
    assertThat(json).hasSize(2);
    assertThat(json.get(1).path("id").asText()).isEqualTo("bbbb2222");
    assertThat(json.get(1).path("exitCode").asInt()).isEqualTo(3);
    assertThat(json.get(1).path("durationMs").asLong()).isEqualTo(3000);
    assertThat(json.get(1).path("rebuildOf").asText()).isEqualTo("aaaa1111");
    assertThat(cli("history", "--limit", "0").exit()).isEqualTo(2);
  }

  @Test
  void showPrintsOneBuildInFullByPrefix() throws Exception {
    populate();
    CliRunner.Result text = cli("show", "aaaa");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("status     succeeded").contains("run").contains("1500 ms").contains("references needles [0]").contains("\"commandArgs\"");
    JsonNode json = NodeJson.MAPPER.readTree(cli("show", "--json", "bbbb").out());
    assertThat(json.path("status").asText()).isEqualTo("failed");
    assertThat(json.path("message").asText()).isEqualTo("the command exited with code 3");
    assertThat(json.path("runtimeMode").asText()).isEqualTo("root");
    assertThat(json.path("request").path("commandArgs").get(2).asText()).isEqualTo("echo hi");
    assertThat(json.path("owner").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    CliRunner.Result unknown = cli("show", "dddd");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no build id starts with 'dddd'");
  }

  @Test
  void logPrintsTheLinesInOrderWithStderrMarked() throws Exception {
    populate();
    CliRunner.Result log = cli("log", "aaaa1111");
    assertThat(log.exit()).isZero();
    assertThat(log.out()).isEqualTo("hello\n[stderr] warning: careful\nno newline");
    // Without --follow a running build prints what there is and returns.
    assertThat(cli("log", "cccc").exit()).isZero();
  }

  @Test
  void cancelOfAFinishedBuildSaysSoAndOfAnUnresponsiveOwnerTimesOut() throws Exception {
    populate();
    CliRunner.Result done = cli("cancel", "aaaa");
    assertThat(done.exit()).isZero();
    assertThat(done.out()).contains("had already ended: succeeded");
    // This JVM "runs" cccc3333 but has no service polling: the request is recorded, unanswered.
    CliRunner.Result pending = cli("cancel", "--wait", "1", "cccc");
    assertThat(pending.exit()).isEqualTo(1);
    assertThat(pending.err()).contains("has not ended after 1 s");
    try (History h = History.open(store)) {
      assertThat(h.find("cccc3333").orElseThrow().cancelRequested()).isTrue();
    }
  }

  @Test
  void buildsOfAGoneProcessShowAsInterrupted() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long start = p.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(1L);
    p.waitFor();
    ProcessOwner dead = new ProcessOwner(p.pid(), ProcessOwner.current().host(), start);
    try (History h = History.open(store)) {
      h.insert(build("dead0001", dead, "sleep 1", Optional.empty())).get();
    }
    JsonNode json = NodeJson.MAPPER.readTree(cli("show", "--json", "dead").out());
    assertThat(json.path("status").asText()).isEqualTo(BuildStatus.INTERRUPTED.label());
  }

  @Test
  void rootsKeepEntriesThroughGc() throws Exception {
    Castore castore = DiskStore.open(store);
    Path tree = Files.createDirectories(tmp.resolve("tree"));
    Files.writeString(tree.resolve("a"), "kept by a root");
    JsonNode imported = NodeJson.MAPPER.readTree(cli("import", "--json", tree.toString()).out());
    String digest = imported.path("digest").asText();
    Path other = Files.writeString(tmp.resolve("loose"), "garbage");
    castore.blobs().putFile(other);

    CliRunner.Result roots = cli("roots");
    assertThat(roots.out()).contains("directory " + digest).contains(tree.toString());
    JsonNode dry = NodeJson.MAPPER.readTree(cli("gc", "--dry-run", "--json").out());
    assertThat(dry.path("blobs")).hasSize(1);
    assertThat(dry.path("dryRun").asBoolean()).isTrue();
    CliRunner.Result gc = cli("gc");
    assertThat(gc.out()).contains("deleted 1 blobs and 0 directories");
    assertThat(castore.isComplete(new DirectoryNode(dev.glassbox.castore.Digest.parse(digest), imported.path("size").asLong()))).isTrue();

    assertThat(cli("roots", "remove", digest).exit()).isZero();
    assertThat(cli("roots", "remove", digest).exit()).isEqualTo(2);
    assertThat(cli("gc").out()).contains("deleted 1 blobs and 1 directories");
    assertThat(cli("roots", "add", digest).exit()).as("no longer in the store").isEqualTo(2);
    assertThat(cli("verify").exit()).isZero();
  }

  @Test
  void keptSandboxesAreListedAndDeletedButNothingElseIs() throws Exception {
    Path kept = Files.createDirectories(tmp.resolve("bundles/kept1"));
    Files.writeString(kept.resolve(BuildEngine.KEPT_MARKER), "{}");
    Files.createDirectories(kept.resolve("scratch/x"));
    Path impostor = Files.createDirectories(tmp.resolve("precious"));
    try (History h = History.open(store)) {
      h.insert(build("eeee5555", h.owner(), "false", Optional.empty())).get();
      h.recorder("eeee5555").finish(1, T0, BuildOutcome.Failed.exit(1), Optional.of(kept), Optional.of(RuntimeMode.ROOT)).get();
      h.insert(build("ffff6666", h.owner(), "false", Optional.empty())).get();
      h.recorder("ffff6666").finish(1, T0, BuildOutcome.Failed.exit(1), Optional.of(impostor), Optional.of(RuntimeMode.ROOT)).get();
    }
    CliRunner.Result list = cli("sandboxes");
    assertThat(list.out()).contains("eeee5555").contains(kept.toString()).contains("ffff6666");
    CliRunner.Result refused = cli("sandboxes", "--delete", "ffff");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("not a kept Glassbox sandbox");
    assertThat(impostor).exists();
    CliRunner.Result deleted = cli("sandboxes", "--delete", "eeee");
    assertThat(deleted.exit()).as(deleted.err()).isZero();
    assertThat(kept).doesNotExist();
    JsonNode json = NodeJson.MAPPER.readTree(cli("sandboxes", "--json").out());
    assertThat(json).hasSize(1);
    assertThat(json.get(0).path("id").asText()).isEqualTo("ffff6666");
    assertThat(NodeJson.MAPPER.readTree(cli("show", "--json", "eeee").out()).path("sandboxDeletedAt").isTextual()).isTrue();
  }
}
