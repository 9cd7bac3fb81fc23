package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** 'diff' and 'check' on real builds of the examples. */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class DiffCommandIT {
  private static final Path EXAMPLES = Path.of("assets/examples");
  private static final String OUT = "nix/store/zq1q7n3m5mn0h1fd0r7y8xbd8w5nq3ld-not-reproducible";
  @TempDir Path tmp;

  private String build(String example) throws Exception {
    CliRunner.Result r = CliRunner.run("build", "--json", "--quiet", "--store", store(), EXAMPLES.resolve(example).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out()).get("id").asText();
  }

  private String store() {
    return tmp.resolve("store").toString();
  }

  /**
   * busybox's date has no %N, so build-time.txt changes once a second: two builds within the same
   * second would agree on it.
   */
  static void nextSecond() throws InterruptedException {
    Thread.sleep(1100);
  }

  @Test
  void twoRunsOfNotReproducibleDifferInExactlyTheTwoUnstableFiles() throws Exception {
    String a = build("not-reproducible.json");
    nextSecond();
    String b = build("not-reproducible.json");
    CliRunner.Result r = CliRunner.run("diff", "--json", "--store", store(), a.substring(0, 8), b);
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<String> paths = new ArrayList<>();
    j.get("changes").forEach(c -> paths.add(c.get("kind").asText() + " " + c.get("path").asText()));
    assertThat(paths).containsExactly("changed " + OUT + "/build-time.txt", "changed " + OUT + "/random.txt");
    assertThat(j.get("summary").get("unchangedEntries").asInt()).isEqualTo(1); // stable.txt
    assertThat(j.get("requestChanges")).isEmpty();

    CliRunner.Result human = CliRunner.run("diff", "--store", store(), a, b);
    assertThat(human.out())
        .contains("M  " + OUT + "/build-time.txt")
        .contains("--- a/" + OUT + "/random.txt")
        .contains("2 changed, 1 unchanged")
        .doesNotContain("stable.txt");
    assertThat(CliRunner.run("diff", "--store", store(), "--ignore", "{build-time,random}.txt", a, b).exit()).isZero();
  }

  @Test
  void checkSaysWhetherARebuildReproducesTheOutputs() throws Exception {
    String nr = build("not-reproducible.json");
    nextSecond();
    CliRunner.Result bad = CliRunner.run("check", "--quiet", "--store", store(), nr);
    assertThat(bad.exit()).as(bad.err()).isEqualTo(1);
    assertThat(bad.out()).contains("not reproducible: 2 files differ").contains("M  " + OUT + "/random.txt");

    String hello = build("hello.json");
    CliRunner.Result good = CliRunner.run("check", "--json", "--quiet", "--store", store(), hello);
    assertThat(good.exit()).as(good.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(good.out());
    assertThat(j.get("reproducible").asBoolean()).isTrue();
    assertThat(j.get("verdict").asText()).isEqualTo("reproducible: outputs identical");
    assertThat(j.get("original").asText()).isEqualTo(hello);

    CliRunner.Result failed = CliRunner.run("build", "--json", "--quiet", "--store", store(), EXAMPLES.resolve("fails.json").toString());
    String failedId = new ObjectMapper().readTree(failed.out()).get("id").asText();
    CliRunner.Result noOutputs = CliRunner.run("check", "--store", store(), failedId);
    assertThat(noOutputs.exit()).isEqualTo(2);
    assertThat(noOutputs.err()).contains("no outputs to check");
  }
}
