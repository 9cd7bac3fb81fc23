package dev.glassbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Glassbox process SIGKILLed in the middle of a build leaves a stale FUSE mount, a running
 * container and a bundle; the next start cleans all three.
 */
@EnabledIf("dev.glassbox.sandbox.EngineHarness#canRunSandboxes")
class CrashCleanupIT {
  @TempDir Path tmp;

  private ProcessBuilder glassbox(String... args) {
    Path jar = Path.of(System.getProperty("glassbox.jar", "target/glassbox.jar"));
    List<String> cmd = new java.util.ArrayList<>(List.of("java", "-cp", jar + ":" + jar.resolveSibling("lib") + "/*", "dev.glassbox.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("GLASSBOX_BUNDLES", tmp.resolve("bundles").toString());
    pb.environment().put("LC_ALL", "C.UTF-8");
    return pb;
  }

  @Test
  void aKilledBuildIsCleanedUpAtTheNextStart() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path store = tmp.resolve("store");
    Files.createDirectories(tmp.resolve("src"));
    Files.writeString(tmp.resolve("src/data"), "input");
    Path req =
        Files.writeString(
            tmp.resolve("sleepy.json"),
            """
            {"inputs": [{"name": "src", "path": "src"}],
             "commandArgs": ["/bin/sh", "-c", "echo ready; sleep 600"],
             "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
             "constraints": {"system": "%s", "provideBinSh": true}}
            """
                .formatted(dev.glassbox.request.HostFacts.detect().system()));
    Process p = glassbox("build", "--store", store.toString(), req.toString()).redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = r.readLine();
      } while (line != null && !line.equals("ready"));
      assertThat(line).as("the build started").isEqualTo("ready");
      p.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Path bundles = tmp.resolve("bundles");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("a stale mount is left").contains(bundles.toString());
    RuncRuntime runc = RuncRuntime.create(RuncRuntime.DEFAULT_STATE_ROOT);
    try (var s = Files.list(bundles)) {
      assertThat(s.filter(Files::isDirectory).count()).as("a bundle is left").isEqualTo(1);
    }
    String bundleId;
    try (var s = Files.list(bundles)) {
      bundleId = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
    }
    assertThat(runc.listContainers()).as("the container is left").contains("glassbox-" + bundleId);

    // The next start (any command that opens the engine) cleans up.
    Path hello =
        Files.writeString(
            tmp.resolve("quick.json"),
            """
            {"commandArgs": ["/bin/sh", "-c", "true"], "constraints": {"system": "%s", "provideBinSh": true}}
            """
                .formatted(dev.glassbox.request.HostFacts.detect().system()));
    Process next = glassbox("build", "--store", store.toString(), hello.toString()).redirectErrorStream(true).start();
    String out = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).as(out).isZero();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(bundles.toString());
    assertThat(runc.listContainers()).doesNotContain("glassbox-" + bundleId);
    try (var s = Files.list(bundles)) {
      assertThat(s.toList()).isEmpty();
    }
    Process verify = glassbox("verify", "--store", store.toString()).redirectErrorStream(true).start();
    verify.getInputStream().readAllBytes();
    assertThat(verify.waitFor()).isZero();
  }
}
