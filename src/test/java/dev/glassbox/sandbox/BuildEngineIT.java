package dev.glassbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.request.BuildRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real builds: disk store, FUSE inputs, runc. Skipped (reported) without root, runc, FUSE or busybox. */
@EnabledIf("dev.glassbox.sandbox.EngineHarness#canRunSandboxes")
class BuildEngineIT {
  @TempDir Path tmp;
  private EngineHarness h;

  private EngineHarness harness(RuntimeMode mode) throws Exception {
    h = new EngineHarness(tmp, mode);
    return h;
  }

  @AfterEach
  void nothingLeftBehind() throws Exception {
    if (h != null) {
      try {
        h.assertNothingLeftBehind();
      } finally {
        h.close();
      }
    }
  }

  private static final String GUARANTEES =
      """
      r() { echo "$1=$2"; }
      cat /nix/store/src/data.txt >/dev/null 2>&1 && r input_read ok || r input_read fail
      /nix/store/src/tool.sh >/dev/null 2>&1 && r input_exec ok || r input_exec fail
      (echo x > /nix/store/src/data.txt) 2>/dev/null && r input_write allowed || r input_write denied
      (touch /nix/store/src/new) 2>/dev/null && r input_create allowed || r input_create denied
      (touch /rootfile) 2>/dev/null && r root_write allowed || r root_write denied
      (echo x > /tmp/t && cat /tmp/t >/dev/null) 2>/dev/null && r tmp_write ok || r tmp_write fail
      (echo x > /build/b) 2>/dev/null && r build_write ok || r build_write fail
      (mkdir -p "$out" && echo hi > "$out/file") 2>/dev/null && r out_write ok || r out_write fail
      r uid "$(id -u)"
      r gid "$(id -g)"
      r ifaces "$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ,)"
      [ -e /etc/hostname ] && r host_etc visible || r host_etc invisible
      [ -e /root ] || [ -e /home ] || [ -e /usr ] && r host_dirs visible || r host_dirs invisible
      r extra "$(cat /build/extra.txt)"
      r env "$(tr '\\0' ' ' < /proc/1/environ)"
      r cwd "$(pwd)"
      ln -s /etc/passwd "$out/escape"
      ln -s ../../../etc "$out/up"
      """;

  @ParameterizedTest
  @EnumSource(RuntimeMode.class)
  void theSandboxKeepsItsPromises(RuntimeMode mode) throws Exception {
    harness(mode);
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("data.txt"), "input data\n");
    Path tool = Files.writeString(src.resolve("tool.sh"), "#!/bin/sh\necho tool ran\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    String json =
        """
        {
          "inputs": [{"name": "src", "path": "src"}],
          "commandArgs": ["/bin/sh", "-c", %s],
          "workingDir": "build",
          "scratchPaths": ["build", "nix/store"],
          "inputsDir": "nix/store",
          "outputs": ["nix/store/00000000000000000000000000000000-out"],
          "environmentVars": [
            {"key": "A_VAR", "value": "with spaces and = sign"},
            {"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}
          ],
          "constraints": {"system": "%s", "provideBinSh": true},
          "additionalFiles": [{"path": "build/extra.txt", "contents": "extra contents"}]
        }
        """
            .formatted(EngineHarness.quote(GUARANTEES), dev.glassbox.request.HostFacts.detect().system());
    EngineHarness.Run run = h.run(h.request(json));
    assertThat(run.outcome()).as(run.describe()).isInstanceOf(BuildOutcome.Succeeded.class);
    Map<String, String> facts =
        run.stdout().lines().filter(l -> l.contains("=")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
    assertThat(facts)
        .containsEntry("input_read", "ok")
        .containsEntry("input_exec", "ok")
        .containsEntry("input_write", "denied")
        .containsEntry("input_create", "denied")
        .containsEntry("root_write", "denied")
        .containsEntry("tmp_write", "ok")
        .containsEntry("build_write", "ok")
        .containsEntry("out_write", "ok")
        .containsEntry("uid", "1000")
        .containsEntry("gid", "100")
        .containsEntry("ifaces", "lo,")
        .containsEntry("host_etc", "invisible")
        .containsEntry("host_dirs", "invisible")
        .containsEntry("extra", "extra contents")
        .containsEntry("cwd", "/build");
    // Exactly the request's variables, in order; runc adds HOME=/ because the request has no HOME.
    assertThat(facts.get("env").strip())
        .isEqualTo("A_VAR=with spaces and = sign out=/nix/store/00000000000000000000000000000000-out HOME=/");
    // Output symlinks pointing outside are stored as symlinks, never followed.
    BuildOutcome.Succeeded ok = (BuildOutcome.Succeeded) run.outcome();
    NamedNode out = ok.outputs().get(0);
    assertThat(out.name().toString()).isEqualTo("00000000000000000000000000000000-out");
    Directory dir = h.store.directories().get(((DirectoryNode) out.node()).digest()).orElseThrow();
    assertThat(dir.get(PathComponent.of("escape")).orElseThrow())
        .isEqualTo(new SymlinkNode(dev.glassbox.castore.SymlinkTarget.of("/etc/passwd")));
    assertThat(dir.get(PathComponent.of("up")).orElseThrow()).isInstanceOf(SymlinkNode.class);
    assertThat(dir.get(PathComponent.of("file")).orElseThrow()).isInstanceOf(FileNode.class);
    assertThat(h.store.isComplete(out.node())).isTrue();
    assertThat(run.result.mode()).isEqualTo(mode);
    assertThat(run.result.phases().stream().map(PhaseTiming::phase))
        .containsExactly(Phase.VALIDATE, Phase.WRITE_BUNDLE, Phase.MOUNT_INPUTS, Phase.START_CONTAINER, Phase.RUN, Phase.INGEST_OUTPUTS, Phase.CLEAN_UP);
  }

  @Test
  void networkAccessGivesTheHostNetwork() throws Exception {
    harness(SandboxSettings.detectMode());
    EngineHarness.Run run =
        h.run(h.shell("mkdir -p $out; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ,; [ -e /etc/resolv.conf ] && echo ' resolv.conf'", ", \"networkAccess\": true"));
    assertThat(run.outcome()).as(run.describe()).isInstanceOf(BuildOutcome.Succeeded.class);
    String hostIfaces = Arrays.stream(Files.readString(Path.of("/proc/net/dev")).split("\n")).skip(2).map(l -> l.substring(0, l.indexOf(':')).strip()).sorted().collect(Collectors.joining(","));
    assertThat(run.stdout()).isEqualTo(hostIfaces + ", resolv.conf");
  }

  @Test
  void aFailingCommandFailsWithItsExitCodeAndStderr() throws Exception {
    harness(RuntimeMode.ROOT);
    EngineHarness.Run run = h.run(h.shell("echo out-line; echo 'it broke' >&2; exit 3", ""));
    assertThat(run.outcome()).isEqualTo(BuildOutcome.Failed.exit(3));
    assertThat(run.stdout()).isEqualTo("out-line");
    assertThat(run.stderr()).isEqualTo("it broke");
    assertThat(run.result.keptBundle()).isEmpty();
  }

  @Test
  void aMissingDeclaredOutputFailsAndNamesIt() throws Exception {
    harness(RuntimeMode.ROOT);
    EngineHarness.Run run = h.run(h.shell("echo did nothing", ""));
    assertThat(run.outcome()).isInstanceOf(BuildOutcome.Failed.class);
    BuildOutcome.Failed f = (BuildOutcome.Failed) run.outcome();
    assertThat(f.exitCode()).isZero();
    assertThat(f.reason()).contains("/nix/store/00000000000000000000000000000000-out");
  }

  @Test
  void aFailedBuildIsKeptOnRequestUnmountedWithItsScratch() throws Exception {
    harness(RuntimeMode.ROOT);
    EngineHarness.Run run =
        h.run(h.shell("echo partial > /build/half-done; exit 1", ""), new BuildOptions(KeepSandbox.ON_FAILURE, Duration.ofMinutes(1)));
    assertThat(run.outcome()).isEqualTo(BuildOutcome.Failed.exit(1));
    Path bundle = run.result.keptBundle().orElseThrow();
    assertThat(bundle.resolve("config.json")).exists();
    assertThat(bundle.resolve(BuildEngine.KEPT_MARKER)).content().contains("\"status\" : \"failed\"");
    try (var s = Files.walk(bundle.resolve("scratch"))) {
      assertThat(s.filter(p -> p.getFileName().toString().equals("half-done")).findFirst()).isPresent();
    }
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(bundle.toString());
    // A kept bundle survives the startup clean-up.
    h.engine.cleanupAbandoned();
    assertThat(bundle).exists();
    dev.glassbox.castore.ingest.HostTrees.delete(bundle);
  }

  @Test
  void aSucceededBuildIsNotKeptOnFailureOnly() throws Exception {
    harness(RuntimeMode.ROOT);
    EngineHarness.Run run = h.run(h.shell("mkdir $out", ""), new BuildOptions(KeepSandbox.ON_FAILURE, Duration.ofMinutes(1)));
    assertThat(run.outcome()).isInstanceOf(BuildOutcome.Succeeded.class);
    assertThat(run.result.keptBundle()).isEmpty();
  }

  @Test
  void theTimeLimitKillsTheBuild() throws Exception {
    harness(RuntimeMode.ROOT);
    Instant t0 = Instant.now();
    EngineHarness.Run run = h.run(h.shell("echo started; sleep 600", ""), new BuildOptions(KeepSandbox.NEVER, Duration.ofSeconds(2)));
    assertThat(run.outcome()).isEqualTo(new BuildOutcome.TimedOut(Duration.ofSeconds(2)));
    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(20));
    assertThat(run.stdout()).isEqualTo("started");
  }

  @Test
  void cancellingARunningBuildKillsItAndCleansUp() throws Exception {
    harness(SandboxSettings.detectMode());
    BuildRequest req = h.shell("echo ready; sleep 600", "");
    EngineHarness.Run run = new EngineHarness.Run();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    BuildEngine.Execution exec =
        h.engine.prepare(
            req,
            BuildOptions.defaults(),
            e -> {
              run.events.add(e);
              if (e instanceof BuildEvent.Log l && l.line().text().equals("ready")) {
                ready.complete(null);
              }
            });
    CompletableFuture<BuildResult> result = CompletableFuture.supplyAsync(exec::run);
    ready.get(30, TimeUnit.SECONDS);
    Instant t0 = Instant.now();
    exec.cancel();
    run.result = result.get(30, TimeUnit.SECONDS);
    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(run.outcome()).isEqualTo(new BuildOutcome.Cancelled(Phase.RUN));
  }

  @Test
  void cancellingBeforeTheContainerStartsRunsNothing() throws Exception {
    harness(RuntimeMode.ROOT);
    BuildRequest req = h.shell("echo should not run; mkdir $out", "");
    BuildEngine.Execution exec = h.engine.prepare(req, BuildOptions.defaults(), e -> {});
    exec.cancel();
    BuildResult r = exec.run();
    assertThat(r.outcome()).isInstanceOf(BuildOutcome.Cancelled.class);
  }

  @Test
  void anInputMissingFromTheStoreIsAValidationFailure() throws Exception {
    harness(RuntimeMode.ROOT);
    String json =
        """
        {"inputs": [{"name": "gone", "type": "file", "digest": "b3:%s", "size": 3, "executable": false}],
         "commandArgs": ["/bin/sh", "-c", "true"], "constraints": {"system": "%s", "provideBinSh": true}}
        """;
    String digest = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    BuildRequest req;
    try {
      req = h.request(json.formatted(digest, dev.glassbox.request.HostFacts.detect().system()));
    } catch (dev.glassbox.request.InvalidBuildRequestException e) {
      // The reader already checks the store; the engine checks again for requests built in code.
      assertThat(e.getMessage()).contains("not in the store");
      return;
    }
    BuildResult r = h.engine.prepare(req, BuildOptions.defaults(), e -> {}).run();
    assertThat(r.outcome()).isInstanceOf(BuildOutcome.SetupFailed.class);
  }

  @Test
  void referencesToNeedlesAreFoundInFilesAndSymlinks() throws Exception {
    harness(RuntimeMode.ROOT);
    String needleA = "fhaj6gmwns62s6ypkcldbaj2ybvkhx3p";
    String needleB = "0c8a6kx7kbqwn9pbc3x1hd8dpqf6ra1w";
    String needleC = "7w0njbxa0dmwq8cq5k9hbqsyqmy1ljrl";
    String json =
        """
        {
          "commandArgs": ["/bin/sh", "-c", "mkdir -p $out && echo 'uses /nix/store/%s-dep' > $out/f && ln -s /nix/store/%s-x $out/l"],
          "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
          "outputs": ["nix/store/00000000000000000000000000000000-out"],
          "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
          "constraints": {"system": "%s", "provideBinSh": true},
          "refscanNeedles": ["%s", "%s", "%s"]
        }
        """
            .formatted(needleA, needleC, dev.glassbox.request.HostFacts.detect().system(), needleA, needleB, needleC);
    EngineHarness.Run run = h.run(h.request(json));
    assertThat(run.outcome()).as(run.describe()).isInstanceOf(BuildOutcome.Succeeded.class);
    assertThat(((BuildOutcome.Succeeded) run.outcome()).outputsNeedles()).containsExactly(java.util.List.of(0, 2));
  }

  @Test
  void logLinesArriveWhileTheBuildRuns() throws Exception {
    harness(RuntimeMode.ROOT);
    EngineHarness.Run run = h.run(h.shell("echo early; sleep 2; mkdir $out", ""));
    assertThat(run.outcome()).isInstanceOf(BuildOutcome.Succeeded.class);
    BuildEvent.Log early = run.events.stream().filter(e -> e instanceof BuildEvent.Log).map(e -> (BuildEvent.Log) e).findFirst().orElseThrow();
    PhaseTiming runPhase = run.result.phases().stream().filter(t -> t.phase() == Phase.RUN).findFirst().orElseThrow();
    Instant runEnd = runPhase.start().plusMillis(runPhase.durationMillis());
    assertThat(Instant.ofEpochMilli(early.line().epochMillis())).isBefore(runEnd.minusMillis(1500));
  }

  @Test
  void aSingleFileOutputIsAFileNode() throws Exception {
    harness(RuntimeMode.ROOT);
    EngineHarness.Run run = h.run(h.shell("printf hello > $out; chmod +x $out", ""));
    Node node = ((BuildOutcome.Succeeded) run.outcome()).outputs().get(0).node();
    assertThat(node).isEqualTo(new FileNode(dev.glassbox.castore.Digest.ofContents("hello".getBytes()), 5, true));
  }
}
