package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.history.History;
import dev.glassbox.history.NewBuild;
import dev.glassbox.history.SandboxConfig;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.oci.OciSpecFactory;
import dev.glassbox.sandbox.oci.SpecOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code glassbox anatomy ID} on a history written directly (no sandbox needed). */
class AnatomyCommandTest {
  private static final Instant T0 = Instant.parse("2025-04-01T08:00:00Z");
  private static final String REQUEST =
      "{\"commandArgs\":[\"/bin/sh\",\"-c\",\"true\"],\"scratchPaths\":[\"build\"],"
          + "\"workingDir\":\"build\",\"constraints\":{\"system\":\"x86_64-linux\","
          + "\"provideBinSh\":true}}";
  @TempDir Path tmp;

  private CliRunner.Result cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = tmp.resolve("store").toString();
    return CliRunner.run(all);
  }

  private String populate() throws Exception {
    BuildRequest r =
        new RequestReader(RequestValidator.hostIndependent()).parse(REQUEST, tmp, null);
    String config =
        new ObjectMapper()
            .writeValueAsString(
                OciSpecFactory.make(r, SpecOptions.root(Optional.of("/bin/busybox"), 1000, 100)));
    try (History h = History.open(tmp.resolve("store"))) {
      for (String id : new String[] {"aaaa1111", "bbbb2222"}) {
        h.insert(
                new NewBuild(id, T0, Optional.of(REQUEST), Optional.empty(), "/bin/sh -c true",
                    Optional.empty(), KeepSandbox.NEVER, Duration.ofSeconds(30), h.owner()))
            .get();
        h.recorder(id).started(1, T0);
      }
      h.recordSandbox(new SandboxConfig("aaaa1111", tmp.resolve("b/aaaa1111"), config, T0)).get();
      h.recorder("aaaa1111")
          .finish(2, T0.plusSeconds(1), BuildOutcome.Failed.exit(1), Optional.empty(),
              Optional.of(RuntimeMode.ROOT))
          .get();
      h.recorder("bbbb2222")
          .finish(2, T0.plusSeconds(1), BuildOutcome.Failed.exit(1), Optional.empty(),
              Optional.of(RuntimeMode.ROOT))
          .get();
    }
    return config;
  }

  @Test
  void explainsEveryMountAndPrintsTheRawConfig() throws Exception {
    String config = populate();
    CliRunner.Result text = cli("anatomy", "aaaa");
    assertThat(text.exit()).isZero();
    assertThat(text.out())
        .contains("SCRATCH SPACE")
        .contains("/build")
        .contains("/bin/sh")
        .contains("No /etc/resolv.conf")
        .contains("network namespace");

    CliRunner.Result json = cli("anatomy", "aaaa", "--json");
    assertThat(json.exit()).isZero();
    JsonNode root = new ObjectMapper().readTree(json.out());
    JsonNode mounts = new ObjectMapper().readTree(config).get("mounts");
    for (int i = 0; i < mounts.size(); i++) {
      String pointer = "/mounts/" + i;
      boolean found = false;
      for (JsonNode item : root.get("items")) {
        found |= item.get("pointer").asText().equals(pointer)
            && !item.get("note").asText().isBlank();
      }
      assertThat(found).as(pointer).isTrue();
    }

    CliRunner.Result raw = cli("anatomy", "aaaa", "--config");
    assertThat(raw.out().strip()).isEqualTo(config);
  }

  @Test
  void aBuildWithoutASandboxSaysWhyAndWhatToDo() throws Exception {
    populate();
    CliRunner.Result r = cli("anatomy", "bbbb");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no recorded sandbox").contains("glassbox rebuild");
  }
}
