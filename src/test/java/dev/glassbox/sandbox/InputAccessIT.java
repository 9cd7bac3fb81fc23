package dev.glassbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.request.BuildRequest;
import dev.glassbox.sandbox.access.AccessMark;
import dev.glassbox.sandbox.access.AccessReport;
import dev.glassbox.sandbox.access.FailedLookup;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.sandbox.access.PathAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Input access tracing on real builds: runc, FUSE, busybox. */
@EnabledIf("dev.glassbox.sandbox.EngineHarness#canRunSandboxes")
class InputAccessIT {
  @TempDir Path tmp;
  private EngineHarness h;

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

  private static final String SCRIPT =
      """
      echo start
      cat /nix/store/src/data.txt
      /nix/store/src/tool.sh
      test -e /nix/store/src/sub/deep.txt && echo deep-exists
      echo before-missing
      sleep 0.3
      cat /nix/store/src/lib/libfoo.so 2>/dev/null || echo no-libfoo
      sleep 0.3
      echo after-missing
      cat /nix/store/cfg
      mkdir -p $out
      """;

  private Path makeInputs() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/sub"));
    Files.createDirectories(tmp.resolve("src/lib"));
    Files.writeString(tmp.resolve("src/data.txt"), "input data\n");
    Files.writeString(tmp.resolve("src/unused.txt"), "never read\n");
    Files.writeString(tmp.resolve("src/sub/deep.txt"), "only stat'ed\n");
    Path tool = Files.writeString(tmp.resolve("src/tool.sh"), "#!/bin/sh\necho tool ran\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(tmp.resolve("unused/deeper"));
    Files.writeString(tmp.resolve("unused/deeper/x"), "x\n");
    Files.writeString(tmp.resolve("cfg"), "config=1\n");
    return src;
  }

  /** A request with the three inputs running {@code script}. */
  private BuildRequest request(String script) throws Exception {
    String json =
        """
{
  "inputs": [{"name": "cfg", "path": "cfg"}, {"name": "src", "path": "src"},
             {"name": "unused", "path": "unused"}],
  "commandArgs": ["/bin/sh", "-c", %s],
  "workingDir": "build",
  "scratchPaths": ["build", "nix/store"],
  "inputsDir": "nix/store",
  "outputs": ["nix/store/00000000000000000000000000000000-out"],
  "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
  "constraints": {"system": "%s", "provideBinSh": true}
}
"""
            .formatted(
                EngineHarness.quote(script), dev.glassbox.request.HostFacts.detect().system());
    return h.request(json);
  }

  @Test
  void seesReadsExecsAndFailedLookupsOfARealBuildAndNothingElse() throws Exception {
    h = new EngineHarness(tmp, RuntimeMode.ROOT);
    makeInputs();
    BuildRequest request = request(SCRIPT);
    EngineHarness.Run run = h.run(request);
    assertThat(run.outcome()).as(run.describe()).isInstanceOf(BuildOutcome.Succeeded.class);
    assertThat(run.stdout()).contains("tool ran", "deep-exists", "no-libfoo", "config=1");
    InputAccess a = run.result.inputAccess().orElseThrow();

    PathAccess data = a.path("/src/data.txt").orElseThrow();
    assertThat(data.has(PathAccess.OPENED)).isTrue();
    assertThat(data.has(PathAccess.READ)).isTrue();
    assertThat(data.has(PathAccess.EXECUTED)).as("cat is not an exec").isFalse();
    assertThat(data.bytesRead()).isEqualTo("input data\n".length());

    PathAccess tool = a.path("/src/tool.sh").orElseThrow();
    assertThat(tool.has(PathAccess.EXECUTED))
        .as("the kernel passes __FMODE_EXEC for execve")
        .isTrue();

    PathAccess deep = a.path("/src/sub/deep.txt").orElseThrow();
    assertThat(deep.has(PathAccess.LOOKED_UP)).isTrue();
    assertThat(deep.contentUsed()).as("test -e only looks it up").isFalse();

    assertThat(a.path("/src/unused.txt")).isEmpty();
    assertThat(a.paths().stream().filter(p -> p.path().startsWith("/unused/"))).isEmpty();
    assertThat(a.path("/cfg").orElseThrow().has(PathAccess.READ)).isTrue();

    // Nothing outside the build: only the paths the script touched (and the folders on the way).
    Set<String> allowed =
        Set.of(
            "/src",
            "/src/data.txt",
            "/src/tool.sh",
            "/src/sub",
            "/src/sub/deep.txt",
            "/src/lib",
            "/cfg",
            "/unused");
    assertThat(a.paths().stream().map(PathAccess::path).collect(Collectors.toSet()))
        .isSubsetOf(allowed);

    assertThat(a.failedLookups())
        .extracting(FailedLookup::path)
        .containsExactly("/src/lib/libfoo.so");
    FailedLookup miss = a.failedLookups().get(0);
    long before = seqOf(run, "before-missing");
    assertThat(miss.logSeq()).isEqualTo(before);
    assertThat(miss.firstEpochMillis())
        .isBetween(
            lineOf(run, "before-missing").epochMillis(),
            lineOf(run, "after-missing").epochMillis());

    List<LogLine> lines = run.lines();
    AccessReport report =
        AccessReport.ofNodes(
            "nix/store",
            request.inputs(),
            a,
            (from, to) -> lines.stream().filter(l -> l.seq() >= from && l.seq() <= to).toList());
    assertThat(report.summary()).isEqualTo("1 of 3 inputs were never read");
    assertThat(report.unused()).extracting(u -> u.input().name()).containsExactly("unused");
    assertThat(report.missing()).hasSize(1);
    AccessReport.Missing m = report.missing().get(0);
    assertThat(m.describe()).isEqualTo("tried to open `src/lib/libfoo.so`: not in the input src");
    assertThat(m.sandboxPath()).isEqualTo("/nix/store/src/lib/libfoo.so");
    assertThat(m.context()).extracting(LogLine::text).contains("before-missing", "no-libfoo");
    assertThat(report.mark("/nix/store/src/data.txt")).isEqualTo(AccessMark.READ);
    assertThat(report.mark("/nix/store/src/unused.txt")).isEqualTo(AccessMark.NOT_READ);
    assertThat(report.mark("/nix/store/src/sub")).isEqualTo(AccessMark.LOOKED_UP_ONLY);
    assertThat(report.mark("/nix/store/src/lib/libfoo.so")).isEqualTo(AccessMark.MISSING);
    assertThat(report.mark("/nix/store/unused")).isEqualTo(AccessMark.NOT_READ);
    assertThat(report.mark("/nix/store/src")).isEqualTo(AccessMark.READ);
    assertThat(report.mark("/build")).isEqualTo(AccessMark.NOT_TRACED);
  }

  @Test
  void twoConcurrentBuildsDoNotMix() throws Exception {
    h = new EngineHarness(tmp, RuntimeMode.ROOT);
    makeInputs();
    Files.writeString(tmp.resolve("src/one.txt"), "1\n");
    Files.writeString(tmp.resolve("src/two.txt"), "2\n");
    String script =
        "sleep 0.5; cat /nix/store/src/%s.txt; test -e /nix/store/src/no-%s; sleep 0.5;"
            + " mkdir -p $out";
    BuildRequest one = request(script.formatted("one", "one"));
    BuildRequest two = request(script.formatted("two", "two"));
    CompletableFuture<EngineHarness.Run> f1 = CompletableFuture.supplyAsync(() -> h.run(one));
    CompletableFuture<EngineHarness.Run> f2 = CompletableFuture.supplyAsync(() -> h.run(two));
    InputAccess a1 = f1.get(120, TimeUnit.SECONDS).result.inputAccess().orElseThrow();
    InputAccess a2 = f2.get(120, TimeUnit.SECONDS).result.inputAccess().orElseThrow();
    assertThat(a1.path("/src/one.txt")).isPresent();
    assertThat(a1.path("/src/two.txt")).isEmpty();
    assertThat(a2.path("/src/two.txt")).isPresent();
    assertThat(a2.path("/src/one.txt")).isEmpty();
    assertThat(a1.failedLookups()).extracting(FailedLookup::path).containsExactly("/src/no-one");
    assertThat(a2.failedLookups()).extracting(FailedLookup::path).containsExactly("/src/no-two");
  }

  @Test
  void tracingCanBeTurnedOff() throws Exception {
    h = new EngineHarness(tmp, RuntimeMode.ROOT);
    makeInputs();
    EngineHarness.Run run =
        h.run(
            request("cat /nix/store/src/data.txt; mkdir -p $out"),
            BuildOptions.defaults().withTraceInputs(false));
    assertThat(run.outcome()).as(run.describe()).isInstanceOf(BuildOutcome.Succeeded.class);
    assertThat(run.result.inputAccess()).isEmpty();
  }

  private static LogLine lineOf(EngineHarness.Run run, String text) {
    return run.lines().stream().filter(l -> l.text().equals(text)).findFirst().orElseThrow();
  }

  private static long seqOf(EngineHarness.Run run, String text) {
    return lineOf(run, text).seq();
  }
}
