package dev.glassbox.browse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.ProcessOwner;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.oci.HostOutputPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTreesTest {
  private static final String OUT = "nix/store/fhaj6gmwns62s6ypkcldbaj2ybvkhx3p-hello";

  @TempDir Path tmp;

  private static BuildRequest request(DirectoryNode src) throws Exception {
    return BuildRequest.builder()
        .input(new NamedNode(PathComponent.of("src"), src))
        .commandArgs("/bin/sh", "-c", "true")
        .workingDir("build")
        .scratchPath("build")
        .scratchPath("nix/store")
        .inputsDir("nix/store")
        .output(OUT)
        .build();
  }

  private static BuildRecord record(
      BuildRequest req, BuildStatus status, Optional<BuildOutcome> outcome, Optional<Path> kept) {
    Instant t = Instant.parse("2026-11-29T10:00:00Z");
    return new BuildRecord(
        "0123456789abcdef01234567",
        status,
        Optional.of(RequestWriter.toTree(req).toString()),
        Optional.empty(),
        "/bin/sh -c true",
        t,
        Optional.of(t),
        status.isFinal() ? Optional.of(t) : Optional.empty(),
        List.of(),
        outcome,
        "",
        Optional.empty(),
        KeepSandbox.NEVER,
        Duration.ofMinutes(5),
        kept,
        Optional.empty(),
        Optional.empty(),
        ProcessOwner.current(),
        false);
  }

  @Test
  void aFinishedBuildHasItsInputsFromTheStoreAndItsOutputsByPath() throws Exception {
    Castore c = TestStores.store();
    DirectoryNode src = TestStores.dir(c, "build.sh", TestStores.file(c, "echo", true));
    DirectoryNode out =
        TestStores.dir(c, "bin", TestStores.dir(c, "hello", TestStores.file(c, "hi", true)));
    BuildRecord r =
        record(
            request(src),
            BuildStatus.SUCCEEDED,
            Optional.of(
                new BuildOutcome.Succeeded(
                    List.of(new NamedNode(PathComponent.of(OUT.substring(10)), out)),
                    List.of(List.of(0)))),
            Optional.empty());
    BuildTrees t = BuildTrees.of(r, c, Optional.empty());
    assertThat(t.problem()).isEmpty();
    assertThat(t.inputsPrefix()).isEqualTo("/nix/store");
    assertThat(t.inputsFromMount()).isEmpty();
    assertThat(t.noMountReason()).contains("ended");
    assertThat(t.scratch()).isEmpty();
    assertThat(t.noScratchReason()).contains("kept");
    assertThat(t.inputsFromStore().list(TreePath.of("src")))
        .extracting(TreeEntry::name)
        .containsExactly("build.sh");
    assertThat(t.outputs()).hasSize(1);
    assertThat(t.outputs().get(0).sandboxPath()).isEqualTo("/" + OUT);
    assertThat(t.outputs().get(0).needles()).containsExactly(0);
    assertThat(t.outputsSource().list(TreePath.of(OUT, "bin")))
        .extracting(TreeEntry::name)
        .containsExactly("hello");
  }

  @Test
  void aKeptSandboxShowsItsScratchDirectoriesAndSaysItsInputsAreNotMounted() throws Exception {
    Castore c = TestStores.store();
    DirectoryNode src = TestStores.dir(c, "a", TestStores.file(c, "x", false));
    BuildRequest req = request(src);
    Path bundle = Files.createDirectories(tmp.resolve("bundle"));
    Files.createDirectories(bundle.resolve("inputs"));
    Path build = Files.createDirectories(HostOutputPaths.scratchDir(bundle, "build"));
    Files.writeString(build.resolve("config.log"), "checking…");
    Files.createDirectories(HostOutputPaths.scratchDir(bundle, "nix/store"));
    BuildRecord r =
        record(
            req,
            BuildStatus.FAILED,
            Optional.of(new BuildOutcome.Failed(2, null, "exit 2")),
            Optional.of(bundle));
    BuildTrees t = BuildTrees.of(r, c, Optional.empty());
    assertThat(t.inputsFromMount()).isEmpty();
    assertThat(t.noMountReason()).contains("kept sandbox's inputs are not mounted");
    assertThat(t.scratch()).isPresent();
    DiskTreeSource s = t.scratch().get();
    assertThat(s.list(TreePath.root()))
        .extracting(TreeEntry::name)
        .containsExactly("build", "nix/store");
    assertThat(s.list(TreePath.of("build")))
        .extracting(TreeEntry::name)
        .containsExactly("config.log");
    assertThat(t.outputs()).isEmpty();
  }

  @Test
  void aRunningBuildReadsThroughItsMountAndItsScratchBesideIt() throws Exception {
    Castore c = TestStores.store();
    DirectoryNode src = TestStores.dir(c, "a", TestStores.file(c, "x", false));
    BuildRequest req = request(src);
    Path bundle = Files.createDirectories(tmp.resolve("running"));
    // Stands in for the FUSE mount: the same tree on disk.
    Path mount = Files.createDirectories(bundle.resolve("inputs/src"));
    Files.writeString(mount.resolve("a"), "x");
    Files.createDirectories(HostOutputPaths.scratchDir(bundle, "build"));
    BuildRecord r = record(req, BuildStatus.RUNNING, Optional.empty(), Optional.empty());
    BuildTrees t = BuildTrees.of(r, c, Optional.of(bundle.resolve("inputs")));
    assertThat(t.inputsFromMount()).isPresent();
    TreeEntry a = t.inputsFromMount().get().list(TreePath.of("src")).get(0);
    assertThat(a.digest()).isEqualTo(t.inputsFromStore().list(TreePath.of("src")).get(0).digest());
    assertThat(t.scratch().get().list(TreePath.root()))
        .extracting(TreeEntry::name)
        .containsExactly("build");
    assertThat(t.noMountReason()).isEmpty();
  }

  @Test
  void aBuildWithoutARequestSaysSo() throws Exception {
    Castore c = TestStores.store();
    Instant t0 = Instant.now();
    BuildRecord r =
        new BuildRecord(
            "0123456789abcdef01234567",
            BuildStatus.SETUP_FAILED,
            Optional.empty(),
            Optional.of(Path.of("/tmp/broken.json")),
            "(from broken.json)",
            t0,
            Optional.of(t0),
            Optional.of(t0),
            List.of(),
            Optional.of(new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.VALIDATION, "bad")),
            "bad",
            Optional.empty(),
            KeepSandbox.NEVER,
            Duration.ofMinutes(5),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ProcessOwner.current(),
            false);
    BuildTrees t = BuildTrees.of(r, c, Optional.empty());
    assertThat(t.problem()).contains("/tmp/broken.json").contains("no inputs to show");
    assertThat(t.inputsFromStore().roots()).isEmpty();
  }
}
