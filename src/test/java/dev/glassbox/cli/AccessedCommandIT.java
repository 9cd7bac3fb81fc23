package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.request.HostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glassbox accessed} after a real {@code glassbox build}: the trace goes from FUSE through
 * the build service into the history, and out again.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class AccessedCommandIT {
  @TempDir Path tmp;

  @Test
  void reportsUnusedInputsAndMissingPathsWithTheirLogLines() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(tmp.resolve("gcc/lib"));
    Files.createDirectories(tmp.resolve("gcc/bin"));
    Path cc = Files.writeString(tmp.resolve("gcc/bin/cc"), "#!/bin/sh\necho compiling\n");
    Files.setPosixFilePermissions(cc, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(tmp.resolve("gcc/lib/libc.so"), "not really a library\n");
    Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(tmp.resolve("docs/README"), "never read\n");
    Files.writeString(tmp.resolve("extra.txt"), "never read either\n");
    String script =
        """
        /nix/store/gcc/bin/cc
        cat /nix/store/gcc/lib/libc.so
        echo linking
        sleep 0.3
        if ! cat /nix/store/gcc/lib/libfoo.so; then echo "cannot find -lfoo" >&2; exit 1; fi
        """;
    String json =
        """
{
  "inputs": [{"name": "docs", "path": "docs"}, {"name": "extra", "path": "extra.txt"},
             {"name": "gcc", "path": "gcc"}],
  "commandArgs": ["/bin/sh", "-c", %s],
  "workingDir": "build",
  "scratchPaths": ["build", "nix/store"],
  "inputsDir": "nix/store",
  "outputs": ["nix/store/00000000000000000000000000000000-out"],
  "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
  "constraints": {"system": "%s", "provideBinSh": true}
}
"""
            .formatted(new ObjectMapper().valueToTree(script), HostFacts.detect().system());
    Path file = Files.writeString(tmp.resolve("req.json"), json);
    String store = tmp.resolve("store").toString();
    CliRunner.Result b =
        CliRunner.run("build", "--json", "--quiet", "--store", store, file.toString());
    assertThat(b.exit()).as(b.out() + b.err()).isEqualTo(1);
    String id = new ObjectMapper().readTree(b.out()).get("id").asText();

    CliRunner.Result text = CliRunner.run("accessed", id.substring(0, 10), "--store", store);
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("2 of 3 inputs were never read")
        .contains("tried to open `gcc/lib/libfoo.so`: not in the input gcc")
        .contains("linking")
        .contains("[stderr] cannot find -lfoo");
    List<String> inputLines = new ArrayList<>();
    text.out()
        .lines()
        .filter(l -> l.matches("  \\S.*(directory|file)\\b.*"))
        .forEach(inputLines::add);
    assertThat(inputLines)
        .anyMatch(l -> l.startsWith("  read ") && l.contains("gcc") && l.contains("1 run"));
    assertThat(inputLines).anyMatch(l -> l.startsWith("  not read ") && l.contains("docs"));
    assertThat(inputLines).anyMatch(l -> l.startsWith("  not read ") && l.contains("extra"));

    CliRunner.Result js = CliRunner.run("accessed", id, "--json", "--store", store);
    assertThat(js.exit()).as(js.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(js.out());
    assertThat(j.get("unused").asInt()).isEqualTo(2);
    assertThat(j.get("missing")).hasSize(1);
    JsonNode m = j.get("missing").get(0);
    assertThat(m.get("path").asText()).isEqualTo("gcc/lib/libfoo.so");
    assertThat(m.get("sandboxPath").asText()).isEqualTo("/nix/store/gcc/lib/libfoo.so");
    List<String> context = new ArrayList<>();
    m.get("context").forEach(l -> context.add(l.get("text").asText()));
    assertThat(context).contains("linking");
    JsonNode cc1 = null;
    for (JsonNode p : j.get("paths")) {
      if (p.get("path").asText().equals("gcc/bin/cc")) {
        cc1 = p;
      }
    }
    assertThat(cc1).isNotNull();
    assertThat(cc1.get("did").toString()).contains("executed");
  }

  @Test
  void buildNoTraceRecordsNoTraceAndAccessedSaysWhy() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(tmp.resolve("data.txt"), "data\n");
    String json =
        """
{
  "inputs": [{"name": "data", "path": "data.txt"}],
  "commandArgs": ["/bin/sh", "-c", "cat /nix/store/data; mkdir -p $out"],
  "workingDir": "build",
  "scratchPaths": ["build", "nix/store"],
  "inputsDir": "nix/store",
  "outputs": ["nix/store/00000000000000000000000000000000-out"],
  "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
  "constraints": {"system": "%s", "provideBinSh": true}
}
"""
            .formatted(HostFacts.detect().system());
    Path file = Files.writeString(tmp.resolve("req.json"), json);
    String store = tmp.resolve("store").toString();
    CliRunner.Result b =
        CliRunner.run(
            "build", "--json", "--quiet", "--no-trace", "--store", store, file.toString());
    assertThat(b.exit()).as(b.out() + b.err()).isZero();
    String id = new ObjectMapper().readTree(b.out()).get("id").asText();
    CliRunner.Result r = CliRunner.run("accessed", id, "--store", store);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("has no input access trace").contains("tracing off");
  }

  @Test
  void aBuildWithoutTraceSaysSo() throws Exception {
    CliRunner.Result r =
        CliRunner.run("accessed", "ffff", "--store", tmp.resolve("store").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("ffff");
  }
}
