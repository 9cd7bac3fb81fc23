package dev.glassbox.sandbox.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.request.BuildConstraints;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle layout of engine-spec §4.5, mount points, additional files and host output paths. */
class BundleWriterTest {
  @TempDir Path tmp;

  @Test
  void theExampleBundlesHoldTvixsLayoutPlusTheMountPoints() throws Exception {
    Path shell = Files.writeString(tmp.resolve("busybox"), "a static shell");
    for (JsonNode example : OciExamples.all()) {
      String label = example.get("description").asText();
      BuildRequest r = OciExamples.request(example);
      boolean rootless = example.get("make_spec_rootless_argument").asBoolean();
      SpecOptions options =
          rootless
              ? SpecOptions.tvix(shell.toString())
              : SpecOptions.root(Optional.of(shell.toString()), 1000, 100);
      ObjectNode spec = OciSpecFactory.make(r, options);
      Path bundle = tmp.resolve(rootless ? "rootless" : "root");
      new BundleWriter(false).write(bundle, r, spec);

      List<String> tvixLayout = new ArrayList<>();
      example.get("bundle_layout").forEach(e -> tvixLayout.add(e.asText()));
      List<String> expected = new ArrayList<>(tvixLayout);
      // Mount points on the read-only root that no earlier mount covers (inputs are inside the
      // nix/store scratch mount and /dev/kvm inside the /dev tmpfs, so runc makes those).
      expected.addAll(
          List.of(
              "root/proc/", "root/dev/", "root/sys/", "root/tmp/", "root/build/", "root/nix/",
              "root/nix/store/", "root/bin/", "root/bin/sh"));
      if (r.networkAccess()) {
        expected.addAll(List.of("root/etc/resolv.conf", "root/etc/services", "root/etc/hosts"));
      }
      assertThat(layout(bundle)).as(label).containsAll(tvixLayout);
      assertThat(layout(bundle)).as(label).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(Files.size(bundle.resolve("root/bin/sh"))).isZero();

      String config = Files.readString(bundle.resolve("config.json"));
      assertThat(config).doesNotContain("\n").isEqualTo(spec.toString());
    }
  }

  @Test
  void hostOutputPathsMatchTheExamples() throws Exception {
    for (JsonNode example : OciExamples.all()) {
      BuildRequest r = OciExamples.request(example);
      Path bundle = tmp.resolve("b");
      List<Path> expected = new ArrayList<>();
      example.get("host_output_paths_relative_to_bundle").forEach(p -> expected.add(bundle.resolve(p.asText())));
      assertThat(HostOutputPaths.of(r, bundle)).isEqualTo(expected);
    }
  }

  @Test
  void hostOutputPathsMatchTheUpstreamVector() throws Exception {
    List<JsonNode> cases = Vectors.section("build_get_host_output_paths");
    for (JsonNode v : cases) {
      BuildRequest.Builder b = BuildRequest.builder();
      v.get("scratch_paths").forEach(s -> b.scratchPath(s.asText()));
      v.get("outputs").forEach(o -> b.output(o.asText()));
      List<Path> expected = new ArrayList<>();
      v.get("expect").forEach(e -> expected.add(Path.of(e.asText())));
      assertThat(HostOutputPaths.of(b.build(), Path.of(v.get("bundle_path").asText()))).isEqualTo(expected);
    }
    assertThat(cases).hasSize(1);
  }

  @Test
  void anOutputEqualToAScratchPathIsTheScratchDirectoryItself() throws Exception {
    BuildRequest r = BuildRequest.builder().scratchPath("nix").scratchPath("nix/store").output("nix/store").output("nix/x").build();
    Path bundle = Path.of("/b");
    assertThat(HostOutputPaths.of(r, bundle))
        .containsExactly(
            Path.of("/b/scratch/SN566XP5HOO2D322W42EA3DZYPDYBMPRUF3TGFIMLXV54WM4CSNQ===="),
            Path.of("/b/scratch/" + ScratchNames.of("nix") + "/x"));
    assertThat(HostOutputPaths.map(r, bundle, "elsewhere")).isEmpty();
  }

  @Test
  void additionalFilesLandInTheirScratchDirectories() throws Exception {
    BuildRequest r =
        BuildRequest.builder()
            .commandArgs("/bin/sh")
            .scratchPath("build")
            .scratchPath("nix/store")
            .additionalFile("build/.attrs.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
            .additionalFile("build/deep/er/file.bin", new byte[] {0, 1, (byte) 0xff})
            .additionalFile("nix/store/seed", new byte[0])
            .build();
    Path bundle = tmp.resolve("bundle");
    new BundleWriter(false).write(bundle, r, OciSpecFactory.make(r, SpecOptions.root(Optional.empty(), 1000, 100)));
    Path build = bundle.resolve("scratch").resolve(ScratchNames.of("build"));
    assertThat(Files.readString(build.resolve(".attrs.json"))).isEqualTo("{\"a\":1}");
    assertThat(Files.readAllBytes(build.resolve("deep/er/file.bin"))).containsExactly(0, 1, 0xff);
    assertThat(bundle.resolve("scratch").resolve(ScratchNames.of("nix/store")).resolve("seed")).isEmptyFile();
    assertThat(HostOutputPaths.map(r, bundle, "build/deep/er/file.bin")).contains(build.resolve("deep/er/file.bin"));
  }

  @Test
  void mountPointsOnTheRootMatchTheMountedThing() throws Exception {
    assumeThat(Path.of("/etc/hosts")).isRegularFile();
    assumeThat(Path.of("/usr")).isDirectory();
    Path underTmp = Files.createDirectories(tmp.resolve("host-dir"));
    BuildRequest r =
        BuildRequest.builder()
            .input(new NamedNode(PathComponent.of("a-dir"), new DirectoryNode(Digest.of(new byte[32]), 0)))
            .input(new NamedNode(PathComponent.of("b-file"), new FileNode(Digest.of(new byte[32]), 0, false)))
            .commandArgs("/bin/sh")
            .workingDir("work/dir")
            .scratchPath("out")
            .inputsDir("inputs")
            .output("out/result")
            .constraints(
                new BuildConstraints(
                    "x86_64-linux", 0, List.of("/etc/hosts", underTmp.toString(), "/usr"), false, false))
            .build();
    Path bundle = tmp.resolve("bundle");
    new BundleWriter(false).write(bundle, r, OciSpecFactory.make(r, SpecOptions.root(Optional.empty(), 0, 0)));
    Path root = bundle.resolve("root");
    // inputs_dir is not a scratch path here, so the inputs are mounted on the root itself.
    assertThat(root.resolve("inputs/a-dir")).isDirectory();
    assertThat(root.resolve("inputs/b-file")).isRegularFile().isEmptyFile();
    assertThat(root.resolve("etc/hosts")).isRegularFile().isEmptyFile();
    assertThat(root.resolve("usr")).isDirectory().isEmptyDirectory();
    // Inside the /tmp tmpfs runc makes the mount point itself.
    assertThat(root.resolve("tmp")).isEmptyDirectory();
    assertThat(root.resolve("out")).isDirectory();
    // No mount holds the working directory, so runc could not create it on the read-only root.
    assertThat(root.resolve("work/dir")).isDirectory();
  }

  @Test
  void scratchDirectoriesAndAdditionalFilesBelongToTheBuildUser() throws Exception {
    assumeThat(isRoot()).as("changing owners needs root").isTrue();
    BuildRequest r =
        BuildRequest.builder()
            .scratchPath("build")
            .additionalFile("build/sub/f", new byte[] {1})
            .build();
    Path rootMode = tmp.resolve("root-mode");
    new BundleWriter(true).write(rootMode, r, OciSpecFactory.make(r, SpecOptions.root(Optional.empty(), 1234, 567)));
    Path scratch = rootMode.resolve("scratch").resolve(ScratchNames.of("build"));
    for (Path p : List.of(scratch, scratch.resolve("sub"), scratch.resolve("sub/f"))) {
      assertThat(owner(p)).as(p.toString()).containsExactly(1234, 567);
    }
    assertThat(owner(rootMode.resolve("root"))).containsExactly(0, 0);

    // Rootless: container 1000/100 is host 100000/100000 through tvix's maps.
    Path rootless = tmp.resolve("rootless");
    new BundleWriter(true).write(rootless, r, OciSpecFactory.make(r, SpecOptions.tvix("/bin/sh")));
    assertThat(owner(rootless.resolve("scratch").resolve(ScratchNames.of("build")).resolve("sub/f")))
        .containsExactly(100_000, 100_000);
  }

  @Test
  void withoutChangingOwnersTheFilesStayTheWritersOwn() throws Exception {
    BuildRequest r = BuildRequest.builder().scratchPath("build").build();
    Path bundle = tmp.resolve("b");
    new BundleWriter(false).write(bundle, r, OciSpecFactory.make(r, SpecOptions.root(Optional.empty(), 1234, 567)));
    assertThat(owner(bundle.resolve("scratch").resolve(ScratchNames.of("build")))).isEqualTo(owner(tmp));
  }

  @Test
  void refusesADirectoryThatIsNotEmpty() throws Exception {
    BuildRequest r = BuildRequest.builder().build();
    Files.writeString(tmp.resolve("leftover"), "x");
    assertThatThrownBy(() -> new BundleWriter(false).write(tmp, r, OciSpecFactory.make(r, SpecOptions.root(Optional.empty(), 0, 0))))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("is not empty");
  }

  @Test
  void reportsWhatItCouldNotWrite() throws Exception {
    BuildRequest r = BuildRequest.builder().scratchPath("build").build();
    Path blocker = Files.writeString(tmp.resolve("file"), "x");
    BundleException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            BundleException.class,
            () -> new BundleWriter(false).write(blocker.resolve("bundle"), r, OciSpecFactory.make(r, SpecOptions.root(Optional.empty(), 0, 0))));
    assertThat(e.path()).isEqualTo(blocker.resolve("bundle"));
    assertThat(e.getMessage()).contains("could not create the directory");
    assertThat(e.getCause()).isNotNull();
  }

  private static boolean isRoot() throws Exception {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private static List<Integer> owner(Path p) throws Exception {
    return List.of(
        (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS),
        (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
  }

  /** Every entry below {@code dir}, relative, directories with a trailing slash. */
  static TreeSet<String> layout(Path dir) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> !p.equals(dir))
          .forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "")));
    }
    return out;
  }

}
