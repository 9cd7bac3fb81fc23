package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.History;
import dev.glassbox.request.HostFacts;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Glassbox process SIGKILLed in the middle of a build that is printing: after the next start
 * there is no stale mount and no orphan container, the history says the build was interrupted and
 * holds its log up to (at most a second before) the kill, and the store verifies.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class ServiceCrashIT {
  @TempDir Path tmp;

  @Test
  void aBuildKilledMidStreamIsRecordedAsInterruptedWithItsLog() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path store = tmp.resolve("store");
    Path bundles = tmp.resolve("bundles");
    GlassboxProcesses glassbox = new GlassboxProcesses(bundles);
    Files.createDirectories(tmp.resolve("src"));
    Files.writeString(tmp.resolve("src/data"), "input");
    Path req =
        Files.writeString(
            tmp.resolve("chatty.json"),
            """
            {"inputs": [{"name": "src", "path": "src"}],
             "commandArgs": ["/bin/sh", "-c", "i=0; while [ $i -lt 500 ]; do echo line $i; i=$((i+1)); done; echo ready; while true; do echo line $i; i=$((i+1)); sleep 0.01; done"],
             "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
             "constraints": {"system": "%s", "provideBinSh": true}}
            """
                .formatted(HostFacts.detect().system()));
    Process p = glassbox.command("build", "--store", store.toString(), req.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    AtomicInteger printed = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                  printed.incrementAndGet();
                }
              } catch (java.io.IOException ignored) {
                // the process was killed
              }
            });
    reader.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (printed.get() < 600 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(printed.get()).as("lines the build printed before the kill").isGreaterThanOrEqualTo(600);
    Thread.sleep(1_000);
    // Everything printed a second before the kill must survive it.
    int durable = printed.get();
    Thread.sleep(1_000);
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up, no last commit
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);

    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("a stale mount is left").contains(bundles.toString());
    String buildId;
    try (History h = History.open(store)) {
      BuildRecord r = h.recent(1).get(0);
      buildId = r.id();
      assertThat(r.status()).as("before recovery the row still says").isEqualTo(BuildStatus.RUNNING);
    }
    RuncRuntime runc = RuncRuntime.create(RuncRuntime.DEFAULT_STATE_ROOT);
    assertThat(runc.listContainers()).as("the container is left").contains("glassbox-" + buildId);

    // The next start of anything that builds recovers: here a quick build.
    Path quick =
        Files.writeString(
            tmp.resolve("quick.json"),
            """
            {"commandArgs": ["/bin/sh", "-c", "true"], "constraints": {"system": "%s", "provideBinSh": true}}
            """
                .formatted(HostFacts.detect().system()));
    GlassboxProcesses.Result next = glassbox.run(120, "build", "--store", store.toString(), quick.toString());
    assertThat(next.exit()).as(next.err()).isZero();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(bundles.toString());
    assertThat(runc.listContainers()).doesNotContain("glassbox-" + buildId);
    try (var s = Files.list(bundles)) {
      assertThat(s.toList()).isEmpty();
    }

    GlassboxProcesses.Result show = glassbox.run(60, "show", "--store", store.toString(), "--json", buildId.substring(0, 8));
    assertThat(show.exit()).as(show.err()).isZero();
    JsonNode shown = NodeJson.MAPPER.readTree(show.out());
    assertThat(shown.path("status").asText()).isEqualTo("interrupted");
    assertThat(shown.path("message").asText()).contains("ended without finishing it");
    assertThat(shown.path("phases").findValuesAsText("name")).contains("import host-path inputs", "mount inputs", "start container");

    GlassboxProcesses.Result log = glassbox.run(60, "log", "--store", store.toString(), buildId);
    assertThat(log.exit()).as(log.err()).isZero();
    List<String> lines = log.out().lines().toList();
    assertThat(lines.size()).as("log lines kept").isGreaterThanOrEqualTo(durable);
    assertThat(lines.subList(0, 3)).containsExactly("line 0", "line 1", "line 2");
    assertThat(lines).contains("ready");
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals("ready")) {
        assertThat(lines.get(i)).isEqualTo("line " + (i > 500 ? i - 1 : i));
      }
    }

    GlassboxProcesses.Result verify = glassbox.run(60, "verify", "--store", store.toString());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    try (History h = History.open(store)) {
      assertThat(h.integrityCheck()).containsExactly("ok");
    }
  }
}
