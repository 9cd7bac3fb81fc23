package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Every request in assets/examples does what assets/examples/README.md says, through the CLI. */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class ExamplesIT {
  private static final Path EXAMPLES = Path.of("assets/examples");
  @TempDir Path tmp;

  private JsonNode build(String example, int expectedExit) throws Exception {
    CliRunner.Result r = CliRunner.run("build", "--json", "--quiet", "--store", tmp.resolve("store").toString(), EXAMPLES.resolve(example).toString());
    assertThat(r.exit()).as(example + ": " + r.out() + r.err()).isEqualTo(expectedExit);
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void helloBuildsAnExecutableHello() throws Exception {
    JsonNode j = build("hello.json", 0);
    assertThat(j.get("status").asText()).isEqualTo("succeeded");
    assertThat(j.get("outputs")).hasSize(1);
    JsonNode out = j.get("outputs").get(0);
    assertThat(out.get("name").asText()).isEqualTo("fhaj6gmwns62s6ypkcldbaj2ybvkhx3p-hello");
    Path dest = tmp.resolve("hello-out");
    CliRunner.Result e = CliRunner.run("export", "--store", tmp.resolve("store").toString(), out.get("digest").asText(), dest.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    assertThat(Files.isExecutable(dest.resolve("bin/hello"))).isTrue();
    assertThat(Files.readString(dest.resolve("bin/hello"))).contains("Hello, world!");
    assertThat(j.get("phases").size()).isGreaterThanOrEqualTo(7);
    assertThat(j.get("bundle").isNull()).isTrue();
  }

  @Test
  void multiOutputProducesBothOutputs() throws Exception {
    JsonNode j = build("multi-output.json", 0);
    assertThat(j.get("outputs")).hasSize(2);
    assertThat(j.get("outputsNeedles")).hasSize(2);
  }

  @Test
  void failsFailsWithExitCode3() throws Exception {
    JsonNode j = build("fails.json", 1);
    assertThat(j.get("status").asText()).isEqualTo("failed");
    assertThat(j.get("exitCode").asInt()).isEqualTo(3);
    assertThat(j.get("signal").isNull()).isTrue();
  }

  @Test
  void notReproducibleGivesADifferentOutputEachTime() throws Exception {
    String first = build("not-reproducible.json", 0).get("outputs").get(0).get("digest").asText();
    String second = build("not-reproducible.json", 0).get("outputs").get(0).get("digest").asText();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void needsNetworkFailsWithoutNetworkAccess() throws Exception {
    JsonNode j = build("needs-network.json", 1);
    assertThat(j.get("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void printsALotSucceeds() throws Exception {
    assertThat(build("prints-a-lot.json", 0).get("status").asText()).isEqualTo("succeeded");
  }

  @Test
  void keepLeavesTheSandboxAndSaysWhere() throws Exception {
    CliRunner.Result r = CliRunner.run("build", "--json", "--quiet", "--keep", "--store", tmp.resolve("store").toString(), EXAMPLES.resolve("fails.json").toString());
    JsonNode j = new ObjectMapper().readTree(r.out());
    Path bundle = Path.of(j.get("bundle").asText());
    assertThat(bundle.resolve("config.json")).exists();
    dev.glassbox.sandbox.BuildEngineTestAccess.deleteTree(bundle);
  }

  @Test
  void anInvalidRequestListsEveryViolationAndExits2() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"scratchPaths\": [\"/abs\", \"b\", \"a\"], \"outputs\": [\"elsewhere/x\"], \"refscanNeedles\": [\"x\"]}");
    CliRunner.Result r = CliRunner.run("request", "validate", "--store", tmp.resolve("store").toString(), bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("scratchPaths[0]").contains("refscanNeedles[0]").contains("outputs[0]");
    CliRunner.Result b = CliRunner.run("build", "--store", tmp.resolve("store").toString(), bad.toString());
    assertThat(b.exit()).isEqualTo(2);
    assertThat(CliRunner.run("request", "validate", "--store", tmp.resolve("store").toString(), EXAMPLES.resolve("hello.json").toString()).exit()).isZero();
  }
}
