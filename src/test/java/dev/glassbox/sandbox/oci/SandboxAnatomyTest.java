package dev.glassbox.sandbox.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.oci.AnatomyItem.Group;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The anatomy of the config.json our factory writes for every example request, in both runtime
 * modes: every mount appears with a note and points at its own entry, and the laid-out text
 * links each item to exactly its value.
 */
class SandboxAnatomyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("assets/examples");
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  private static final Path BUNDLE = Path.of("/var/lib/glassbox/bundles/b1");

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  static Stream<Arguments> examplesInBothModes() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    return files.stream()
        .flatMap(f -> Stream.of(Arguments.of(f.getFileName().toString(), true),
            Arguments.of(f.getFileName().toString(), false)));
  }

  private static BuildRequest example(String name) throws Exception {
    Castore store = new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
    Ingester ingester = new Ingester(store, POOL);
    return new RequestReader(RequestValidator.hostIndependent())
        .read(EXAMPLES.resolve(name), ingester::ingest);
  }

  private static SpecOptions options(boolean rootless) {
    Optional<String> shell = Optional.of("/bin/busybox");
    if (rootless) {
      List<IdMapping> map = List.of(new IdMapping(100_000, 0, 65536));
      return SpecOptions.rootless(shell, map, map, 1000, 100);
    }
    return SpecOptions.root(shell, 1000, 100);
  }

  @ParameterizedTest(name = "{0}, rootless={1}")
  @MethodSource("examplesInBothModes")
  void everyMountOfEveryExampleIsExplainedAndLinked(String name, boolean rootless)
      throws Exception {
    BuildRequest request = example(name);
    ObjectNode spec = OciSpecFactory.make(request, options(rootless));
    String configJson = JSON.writeValueAsString(spec);
    SandboxAnatomy a = SandboxAnatomy.explain(configJson, request.inputs(), Optional.of(BUNDLE));

    // Parsed back, so numbers compare as the same node types.
    JsonNode written = JSON.readTree(configJson);
    JsonNode mounts = written.get("mounts");
    for (int i = 0; i < mounts.size(); i++) {
      String dest = mounts.get(i).get("destination").asText();
      AnatomyItem item =
          a.item("/mounts/" + i).orElseThrow(() -> new AssertionError("no item for " + dest));
      assertThat(item.title()).isEqualTo(dest);
      assertThat(item.note()).as(dest).hasSizeGreaterThan(30);
      assertThat(item.detail()).contains(dest);
      // The laid-out text has this mount's entry exactly where the item points.
      ConfigText.Range r = a.text().range(item.pointer()).orElseThrow();
      JsonNode back = JSON.readTree(a.text().text().substring(r.start(), r.end()));
      assertThat(back).isEqualTo(mounts.get(i));
      assertThat(a.itemAt(r.start() + 2)).contains(item);
    }
    // The laid-out text is the same spec.
    assertThat(JSON.readTree(a.text().text())).isEqualTo(written);
    for (AnatomyItem item : a.items()) {
      assertThat(a.text().range(item.pointer())).as(item.title()).isPresent();
    }

    for (var input : request.inputs()) {
      AnatomyItem in =
          a.group(Group.INPUTS).stream()
              .filter(i -> i.note().contains("'" + input.name().asUtf8() + "'"))
              .findFirst()
              .orElseThrow();
      assertThat(in.note()).startsWith("Read-only: the build cannot change its inputs");
      assertThat(in.detail()).contains(BUNDLE.resolve("inputs").toString());
    }
    for (String p : request.scratchPaths()) {
      assertThat(a.group(Group.SCRATCH)).anyMatch(i -> i.title().equals("/" + p));
    }
    assertThat(a.group(Group.ISOLATION).stream().anyMatch(i -> i.title().equals("user namespace")))
        .isEqualTo(rootless);
    assertThat(a.group(Group.ISOLATION).stream().anyMatch(i -> i.title().equals("uid map")))
        .isEqualTo(rootless);
    assertThat(a.group(Group.ENVIRONMENT)).hasSize(Math.max(1, request.environmentVars().size()));
    assertThat(a.group(Group.PRIVILEGES))
        .anyMatch(i -> i.title().equals("RLIMIT_NOFILE") && i.note().contains("1024"));
    assertThat(a.group(Group.HIDDEN)).anyMatch(i -> i.title().equals("/proc/kcore"));
    assertThat(a.item("/hostname")).isPresent();
    assertThat(a.item("/root").orElseThrow().note()).contains("Read-only");
    assertThat(a.item("/process/cwd").orElseThrow().detail())
        .isEqualTo("/" + request.workingDir());
  }

  @Test
  void networkOffExplainsTheMissingResolvConfAndOnShowsTheHostFiles() throws Exception {
    BuildRequest off = example("needs-network.json");
    SandboxAnatomy a =
        SandboxAnatomy.explain(
            JSON.writeValueAsString(OciSpecFactory.make(off, options(true))),
            off.inputs(),
            Optional.empty());
    assertThat(a.group(Group.ABSENT))
        .anyMatch(i -> i.note().startsWith("No /etc/resolv.conf")
            && i.note().contains("network is off"));
    assertThat(a.group(Group.ISOLATION))
        .anyMatch(i -> i.title().equals("network namespace") && i.note().contains("loopback"));

    String on =
        new String(Files.readAllBytes(EXAMPLES.resolve("needs-network.json")))
            .replace("\"networkAccess\": false", "\"networkAccess\": true");
    BuildRequest withNet =
        new RequestReader(RequestValidator.hostIndependent()).parse(on, EXAMPLES, null);
    SandboxAnatomy b =
        SandboxAnatomy.explain(
            JSON.writeValueAsString(OciSpecFactory.make(withNet, options(true))),
            withNet.inputs(),
            Optional.empty());
    assertThat(b.group(Group.HOST))
        .anyMatch(i -> i.title().equals("/etc/resolv.conf") && i.note().contains("network"));
    assertThat(b.group(Group.ABSENT)).noneMatch(i -> i.title().equals("/etc/resolv.conf"));
    assertThat(b.group(Group.ISOLATION)).anyMatch(i -> i.detail().equals("the host's network"));
  }

  @Test
  void withoutBinShTheShellIsListedAsMissing() throws Exception {
    String json =
        """
        {"commandArgs": ["/nix/store/tool/bin/run"],
         "constraints": {"system": "x86_64-linux", "availableRoPaths": ["/usr/share/zoneinfo"]}}
        """;
    BuildRequest r =
        new RequestReader(RequestValidator.hostIndependent()).parse(json, EXAMPLES, null);
    SandboxAnatomy a =
        SandboxAnatomy.explain(
            JSON.writeValueAsString(OciSpecFactory.make(r, options(false))), List.of(),
            Optional.empty());
    assertThat(a.group(Group.ABSENT)).anyMatch(i -> i.title().equals("/bin/sh"));
    AnatomyItem zone =
        a.group(Group.HOST).stream()
            .filter(i -> i.title().equals("/usr/share/zoneinfo"))
            .findFirst()
            .orElseThrow();
    assertThat(zone.note()).startsWith("Read-only").contains("availableRoPaths");
    assertThat(zone.options()).contains("ro");
    // Root mode: no user namespace, so the build's ids are the host's.
    assertThat(a.group(Group.ISOLATION)).noneMatch(i -> i.title().equals("user namespace"));
    assertThat(a.item("/process/user").orElseThrow().note()).contains("also its id on the host");
  }

  @Test
  void notASpecIsAClearError() {
    assertThatThrownBy(() -> SandboxAnatomy.explain("{not json", List.of(), Optional.empty()))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("rebuild");
    assertThatThrownBy(() -> SandboxAnatomy.explain("[1,2]", List.of(), Optional.empty()))
        .isInstanceOf(ConfigFormatException.class)
        .hasMessageContaining("not an OCI runtime spec");
  }

  @Test
  void pointersEscapeAndInnermostWins() throws Exception {
    ConfigText t = ConfigText.of(JSON.readTree("{\"a/b\": {\"c~d\": [1, 2]}, \"e\": \"x\"}"));
    assertThat(t.range("/a~1b/c~0d/1")).isPresent();
    int at = t.range("/a~1b/c~0d/1").get().start();
    assertThat(t.pointersAt(at)).startsWith("/a~1b/c~0d/1", "/a~1b/c~0d", "/a~1b");
    assertThat(t.text().substring(t.range("/e").get().start(), t.range("/e").get().end()))
        .isEqualTo("\"e\": \"x\"");
    assertThat(t.tokens()).anyMatch(k -> k.kind() == ConfigText.TokenKind.KEY);
  }
}
