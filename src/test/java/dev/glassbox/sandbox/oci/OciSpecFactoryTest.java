package dev.glassbox.sandbox.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.request.BuildConstraints;
import dev.glassbox.request.BuildRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** make_spec against the golden config.json files and the rules of engine-spec §4.4. */
class OciSpecFactoryTest {
  private static final Optional<String> SHELL = Optional.of("/bin/busybox");

  @Test
  void bothExamplesEqualTvixsConfigJsonIncludingKeyOrder() throws Exception {
    for (JsonNode example : OciExamples.all()) {
      String label = example.get("description").asText();
      ObjectNode ours = OciExamples.tvixSpec(example);
      assertThat(OciExamples.normalized(ours))
          .as(label)
          .isEqualTo(OciExamples.normalized(example.get("expected_config_json")));
    }
    assertThat(OciExamples.all()).hasSize(2);
  }

  @Test
  void rootModeHasTwoCapabilitiesSysfsDevptsGidAndNoUserNamespace() throws Exception {
    ObjectNode spec = OciSpecFactory.make(request(false, false, List.of()), SpecOptions.root(SHELL, 1000, 100));
    assertThat(texts(spec.at("/process/capabilities/bounding"))).containsExactly("CAP_AUDIT_WRITE", "CAP_KILL");
    assertThat(texts(spec.at("/process/capabilities/ambient"))).containsExactly("CAP_AUDIT_WRITE", "CAP_KILL");
    JsonNode sys = mount(spec, "/sys");
    assertThat(sys.get("type").asText()).isEqualTo("sysfs");
    assertThat(sys.get("source").asText()).isEqualTo("sysfs");
    assertThat(texts(sys.get("options"))).containsExactly("nosuid", "noexec", "nodev", "ro");
    assertThat(texts(mount(spec, "/dev/pts").get("options"))).endsWith("gid=5");
    assertThat(namespaces(spec)).containsExactly("pid", "ipc", "uts", "mount", "cgroup", "network");
    assertThat(spec.get("linux").has("uidMappings")).isFalse();
    assertThat(spec.get("linux").has("gidMappings")).isFalse();
    assertThat(spec.at("/process/terminal").asBoolean()).isFalse();
  }

  @Test
  void rootlessModeHas14CapabilitiesBoundSysAndAUserNamespace() throws Exception {
    List<IdMapping> uids = List.of(new IdMapping(1000, 0, 1), new IdMapping(231072, 1, 65536));
    List<IdMapping> gids = List.of(new IdMapping(1000, 0, 1), new IdMapping(231072, 1, 65536));
    ObjectNode spec =
        OciSpecFactory.make(request(false, false, List.of()), SpecOptions.rootless(SHELL, uids, gids, 1000, 1000));
    assertThat(texts(spec.at("/process/capabilities/permitted"))).hasSize(14).contains("CAP_DAC_OVERRIDE");
    JsonNode sys = mount(spec, "/sys");
    assertThat(sys.get("type").asText()).isEqualTo("none");
    assertThat(sys.get("source").asText()).isEqualTo("/sys");
    assertThat(texts(sys.get("options"))).contains("rbind");
    assertThat(texts(mount(spec, "/dev/pts").get("options"))).doesNotContain("gid=5");
    assertThat(namespaces(spec)).containsExactly("pid", "ipc", "uts", "mount", "cgroup", "network", "user");
    assertThat(spec.at("/linux/uidMappings/1/hostID").asLong()).isEqualTo(231072);
    assertThat(spec.at("/linux/uidMappings/1/size").asLong()).isEqualTo(65536);
    assertThat(fieldNames(spec.get("linux")))
        .containsExactly("uidMappings", "gidMappings", "resources", "namespaces", "maskedPaths", "readonlyPaths");
  }

  @Test
  void networkAccessDropsTheNetworkNamespaceAndBindsResolverFiles() throws Exception {
    ObjectNode off = OciSpecFactory.make(request(false, false, List.of()), SpecOptions.root(SHELL, 0, 0));
    ObjectNode on = OciSpecFactory.make(request(true, false, List.of()), SpecOptions.root(SHELL, 0, 0));
    assertThat(namespaces(off)).contains("network");
    assertThat(namespaces(on)).doesNotContain("network");
    assertThat(destinations(off)).doesNotContain("/etc/resolv.conf", "/etc/services", "/etc/hosts");
    assertThat(destinations(on)).endsWith("/etc/resolv.conf", "/etc/services", "/etc/hosts");
    JsonNode hosts = mount(on, "/etc/hosts");
    assertThat(hosts.get("source").asText()).isEqualTo("/etc/hosts");
    assertThat(texts(hosts.get("options"))).containsExactly("rbind", "ro");
  }

  @Test
  void provideBinShBindsTheSandboxShellAndNeedsOne() throws Exception {
    ObjectNode spec = OciSpecFactory.make(request(false, true, List.of()), SpecOptions.root(SHELL, 0, 0));
    JsonNode sh = mount(spec, "/bin/sh");
    assertThat(sh.get("source").asText()).isEqualTo("/bin/busybox");
    assertThat(texts(sh.get("options"))).containsExactly("rbind", "ro");
    assertThat(destinations(OciSpecFactory.make(request(false, false, List.of()), SpecOptions.root(SHELL, 0, 0))))
        .doesNotContain("/bin/sh");
    assertThatThrownBy(
            () -> OciSpecFactory.make(request(false, true, List.of()), SpecOptions.root(Optional.empty(), 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no sandbox shell is configured");
  }

  @Test
  void readOnlyPathsAreBoundInRequestOrderBeforeTheShell() throws Exception {
    ObjectNode spec =
        OciSpecFactory.make(request(true, true, List.of("/dev/kvm", "/opt/tools")), SpecOptions.root(SHELL, 0, 0));
    List<String> d = destinations(spec);
    assertThat(d.subList(d.indexOf("/dev/kvm"), d.size()))
        .containsExactly("/dev/kvm", "/opt/tools", "/bin/sh", "/etc/resolv.conf", "/etc/services", "/etc/hosts");
    JsonNode tools = mount(spec, "/opt/tools");
    assertThat(tools.get("source").asText()).isEqualTo("/opt/tools");
    assertThat(tools.get("type").asText()).isEqualTo("none");
    assertThat(texts(tools.get("options"))).containsExactly("rbind", "ro");
  }

  @Test
  void mountsFollowTheOrderOfTheSpec() throws Exception {
    ObjectNode spec = OciSpecFactory.make(request(false, false, List.of()), SpecOptions.root(SHELL, 0, 0));
    assertThat(destinations(spec))
        .containsExactly(
            "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/tmp",
            "/build", "/nix/store", "/nix/store/a-dir", "/nix/store/b-file");
    JsonNode input = mount(spec, "/nix/store/b-file");
    assertThat(input.get("source").asText()).isEqualTo("inputs/b-file");
    assertThat(texts(input.get("options"))).containsExactly("rbind", "ro", "nosuid", "nodev");
    assertThat(mount(spec, "/proc").has("options")).isFalse();
    assertThat(fieldNames(spec))
        .containsExactly("ociVersion", "root", "mounts", "process", "hostname", "annotations", "linux");
    assertThat(fieldNames(spec.get("process")))
        .containsExactly("terminal", "user", "args", "env", "cwd", "capabilities", "rlimits", "noNewPrivileges");
  }

  @Test
  void processHasExactlyTheRequestsEnvArgsAndWorkingDir() throws Exception {
    BuildRequest r =
        BuildRequest.builder()
            .commandArgs("/bin/sh", "-c", "echo hi")
            .scratchPath("")
            .env("A", "x=y")
            .env("B", "")
            .build();
    ObjectNode spec = OciSpecFactory.make(r, SpecOptions.root(SHELL, 1000, 100).withTerminal(true));
    assertThat(texts(spec.at("/process/env"))).containsExactly("A=x=y", "B=");
    assertThat(texts(spec.at("/process/args"))).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(spec.at("/process/cwd").asText()).isEqualTo("/");
    assertThat(spec.at("/process/terminal").asBoolean()).isTrue();
    assertThat(spec.at("/process/user/uid").asLong()).isEqualTo(1000);
    assertThat(spec.at("/process/user/gid").asLong()).isEqualTo(100);
    // An empty scratch path mounts over the whole root, as upstream.
    assertThat(mount(spec, "/").get("source").asText()).isEqualTo("scratch/" + ScratchNames.of(""));
    assertThat(OciSpecFactory.inputDestination("", "x")).isEqualTo("/x");
    assertThat(OciSpecFactory.inputDestination("nix/store", "x")).isEqualTo("/nix/store/x");
  }

  @Test
  void specOptionsRejectInconsistentSettings() {
    assertThatThrownBy(() -> SpecOptions.rootless(SHELL, List.of(), List.of(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rootless mode needs uid and gid mappings");
    assertThatThrownBy(
            () -> new SpecOptions(false, SHELL, SpecOptions.TVIX_UID_MAPPINGS, SpecOptions.TVIX_GID_MAPPINGS, 0, 0, false))
        .hasMessageContaining("only rootless mode creates");
    assertThatThrownBy(() -> SpecOptions.root(Optional.of("busybox"), 0, 0)).hasMessageContaining("absolute");
    assertThatThrownBy(() -> new IdMapping(0, 0, 0)).hasMessageContaining("1 to 2^32-1");
    assertThatThrownBy(() -> new IdMapping(-1, 0, 1)).hasMessageContaining("32-bit");
  }

  /** scratch build + nix/store, inputs a-dir and b-file in nix/store, output nix/store/out. */
  static BuildRequest request(boolean network, boolean sh, List<String> roPaths) throws Exception {
    return BuildRequest.builder()
        .input(new NamedNode(PathComponent.of("a-dir"), new DirectoryNode(Digest.of(new byte[32]), 0)))
        .input(new NamedNode(PathComponent.of("b-file"), new FileNode(Digest.of(new byte[32]), 0, false)))
        .commandArgs("/bin/sh", "-c", "true")
        .workingDir("build")
        .scratchPath("build")
        .scratchPath("nix/store")
        .inputsDir("nix/store")
        .output("nix/store/out")
        .constraints(new BuildConstraints("x86_64-linux", 0, roPaths, network, sh))
        .build();
  }

  static JsonNode mount(JsonNode spec, String destination) {
    for (JsonNode m : spec.get("mounts")) {
      if (m.get("destination").asText().equals(destination)) {
        return m;
      }
    }
    throw new AssertionError("no mount at " + destination + " in " + spec.get("mounts"));
  }

  static List<String> destinations(JsonNode spec) {
    List<String> out = new ArrayList<>();
    spec.get("mounts").forEach(m -> out.add(m.get("destination").asText()));
    return out;
  }

  static List<String> namespaces(JsonNode spec) {
    List<String> out = new ArrayList<>();
    spec.at("/linux/namespaces").forEach(n -> out.add(n.get("type").asText()));
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> fieldNames(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
