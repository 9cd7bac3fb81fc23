package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.PausedBuild;
import dev.glassbox.request.HostFacts;
import dev.glassbox.sandbox.oci.HostOutputPaths;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause on failure, shells and re-runs, end to end through separate Glassbox processes with real
 * runc and FUSE: a paused build keeps its /tmp, processes and mounts, a shell sees them with the
 * build's environment, resume re-runs to success and ingests, stop and a killed owner tear
 * everything down, and a kept sandbox gets its inputs mounted again for a shell.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class PauseOnFailureIT {
  // Writes /tmp/x, starts a background process, records its env and mounts, then fails with 3
  // unless /build/fixed exists (which a shell can create), in which case it makes its output.
  private static final String SCRIPT =
      """
      echo "attempt in $(pwd)"
      echo secret > /tmp/x
      env > /build/env-build
      cat /proc/self/mounts > /build/mounts-build
      if [ -e /build/fixed ]; then mkdir -p "$out" && echo ok > "$out/result"; exit 0; fi
      echo "failing on purpose" >&2
      exit 3
      """;

  @TempDir Path tmp;
  private Path store;
  private Path bundles;
  private Path request;
  private GlassboxProcesses glassbox;

  @BeforeEach
  void setUp() throws IOException {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    store = tmp.resolve("store");
    bundles = tmp.resolve("bundles");
    glassbox = new GlassboxProcesses(bundles);
    Files.createDirectories(tmp.resolve("src"));
    Files.writeString(tmp.resolve("src/build.sh"), SCRIPT);
    request =
        Files.writeString(
            tmp.resolve("req.json"),
            """
{"inputs": [{"name": "src", "path": "src"}],
 "commandArgs": ["/bin/sh", "/nix/store/src/build.sh"],
 "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
 "outputs": ["nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-out"],
 "environmentVars": [{"key": "QUOTED", "value": "it's \\"quoted\\" $HOME"},
                     {"key": "out", "value": "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-out"}],
 "constraints": {"system": "%s", "provideBinSh": true}}
"""
                .formatted(HostFacts.detect().system()));
  }

  @Test
  void aPausedBuildKeepsTmpForAShellAndResumesToSuccess() throws Exception {
    Process build = startBuild("--pause-on-failure");
    String id = awaitPaused(build);

    GlassboxProcesses.Result cat = shell(id, "cat", "/tmp/x");
    assertThat(cat.exit()).as(cat.err()).isZero();
    assertThat(cat.out()).isEqualTo("secret\n");
    JsonNode paused = show(id);
    assertThat(paused.path("status").asText()).isEqualTo("running");
    assertThat(paused.path("paused").path("attempt").asInt()).isEqualTo(1);
    assertThat(paused.path("paused").path("status").asInt()).isEqualTo(3);
    GlassboxProcesses.Result human = glassbox.run(60, "show", "--store", store.toString(), id);
    assertThat(human.out()).contains("paused     after failure: run 1 ended with exit code 3");
    GlassboxProcesses.Result history = glassbox.run(60, "history", "--store", store.toString());
    assertThat(history.out()).containsPattern(id.substring(0, 12) + ".*paused");

    // The same environment and mounts as the build (both read through /bin/sh, in /build).
    GlassboxProcesses.Result env = shell(id, "/bin/sh", "-c", "env");
    assertThat(sorted(env.out())).isEqualTo(sorted(scratchFile(id, "env-build")));
    assertThat(env.out())
        .contains("QUOTED=it's \"quoted\" $HOME")
        .doesNotContain("PATH=/.glassbox");
    GlassboxProcesses.Result mounts = shell(id, "cat", "/proc/self/mounts");
    assertThat(mounts.out()).isEqualTo(scratchFile(id, "mounts-build"));
    String typed = interactive(id, "echo tty-$((6*7)); tty; exit\n");
    assertThat(typed).contains("tty-42").contains("/dev/pts/");
    GlassboxProcesses.Result who = shell(id, "/bin/sh", "-c", "id -u; pwd; exit 7");
    assertThat(who.exit()).isEqualTo(7);
    assertThat(who.out()).isEqualTo("1000\n/build\n");

    // Re-run inside from the shell: the same command, failing the same way.
    GlassboxProcesses.Result rerun =
        glassbox.run(120, "shell", "--store", store.toString(), id, "--rerun");
    assertThat(rerun.exit()).isEqualTo(3);
    assertThat(rerun.out()).contains("attempt in /build");
    assertThat(rerun.err()).contains("failing on purpose");

    // Fix it by hand, resume: the command runs again and the build succeeds with its output.
    assertThat(shell(id, "touch", "/build/fixed").exit()).isZero();
    GlassboxProcesses.Result resume = glassbox.run(60, "resume", "--store", store.toString(), id);
    assertThat(resume.exit()).as(resume.err()).isZero();
    assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).isZero();
    JsonNode shown = show(id);
    assertThat(shown.path("status").asText()).isEqualTo("succeeded");
    assertThat(shown.path("outputs").toString()).contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-out");
    assertThat(shown.path("phases").findValuesAsText("name"))
        .containsSubsequence("run", "paused after failure", "run", "ingest outputs", "clean up");
    assertNothingLeft(id, false);
    try (History h = History.open(store)) {
      assertThat(h.paused(id)).isEmpty();
    }
    GlassboxProcesses.Result after = shell(id, "true");
    assertThat(after.exit()).isEqualTo(1);
    assertThat(after.err()).contains("neither paused nor has a kept sandbox");
  }

  @Test
  void aNormalFailedBuildLosesTmpAndAKeptSandboxShellRemountsTheInputs() throws Exception {
    GlassboxProcesses.Result failed =
        glassbox.run(
            120,
            "build",
            "--store",
            store.toString(),
            "--keep-failed",
            "--json",
            request.toString());
    assertThat(failed.exit()).isEqualTo(1);
    String id = NodeJson.MAPPER.readTree(failed.out()).path("id").asText();
    assertNothingLeft(id, true);

    GlassboxProcesses.Result cat = shell(id, "cat", "/tmp/x");
    assertThat(cat.exit()).as("a kept sandbox gets a fresh /tmp").isNotZero();
    GlassboxProcesses.Result input = shell(id, "cat", "/nix/store/src/build.sh");
    assertThat(input.exit()).as(input.err()).isZero();
    assertThat(input.out()).isEqualTo(SCRIPT);
    GlassboxProcesses.Result scratch = shell(id, "cat", "/build/env-build");
    assertThat(scratch.out()).contains("out=/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-out");
    GlassboxProcesses.Result rerun = shell(id, "/.glassbox/bin/glassbox-rerun");
    assertThat(rerun.exit()).isEqualTo(3);
    assertThat(rerun.out()).contains("attempt in /build");
    assertNothingLeft(id, true);
  }

  @Test
  void stopEndsAPausedBuildFailedWithItsExitCodeAndKeepsWhatWasAskedFor() throws Exception {
    Process build = startBuild("--pause-on-failure", "--keep-failed");
    String id = awaitPaused(build);
    GlassboxProcesses.Result stop =
        glassbox.run(60, "stop", "--store", store.toString(), id.substring(0, 10));
    assertThat(stop.exit()).as(stop.err()).isZero();
    assertThat(stop.out()).contains("failed").contains("exited with code 3");
    assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).isEqualTo(1);
    JsonNode shown = show(id);
    assertThat(shown.path("status").asText()).isEqualTo("failed");
    assertThat(shown.path("exitCode").asInt()).isEqualTo(3);
    assertNothingLeft(id, true);
    // The kept sandbox is the paused one, toolbox included: a shell re-runs it there.
    GlassboxProcesses.Result rerun = shell(id, "/.glassbox/bin/glassbox-rerun");
    assertThat(rerun.exit()).isEqualTo(3);
    assertNothingLeft(id, true);
    String typed = interactive(id, "echo tty-$((6*7)); cat /nix/store/src/build.sh; tty; exit\n");
    assertThat(typed).contains("tty-42").contains("failing on purpose").contains("/dev/pts/");
    assertNothingLeft(id, true);
    GlassboxProcesses.Result again = glassbox.run(60, "stop", "--store", store.toString(), id);
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("is not paused");
  }

  @Test
  void aPausedBuildIsTornDownWhenItsProcessEndsOrIsKilled() throws Exception {
    // SIGTERM: the process shuts down normally, and its shutdown stops the paused build.
    Process build = startBuild("--pause-on-failure");
    String id = awaitPaused(build);
    build.destroy();
    assertThat(build.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(show(id).path("status").asText()).isEqualTo("failed");
    assertNothingLeft(id, false);

    // SIGKILL: nothing runs; the next Glassbox that starts recovers it.
    Process killed = startBuild("--pause-on-failure");
    String second = awaitPaused(killed);
    killed.destroyForcibly();
    assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(RuncRuntime.create(RuncRuntime.DEFAULT_STATE_ROOT).listContainers())
        .contains("glassbox-" + second);
    GlassboxProcesses.Result recover =
        glassbox.run(120, "shell", "--store", store.toString(), second, "--", "true");
    assertThat(recover.exit()).isEqualTo(1);
    JsonNode shown = show(second);
    assertThat(shown.path("status").asText()).isEqualTo("interrupted");
    assertNothingLeft(second, false);
  }

  // ------------------------------------------------------------------ helpers

  private Process startBuild(String... options) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("build", "--store", store.toString()));
    args.addAll(List.of(options));
    args.add(request.toString());
    return glassbox
        .command(args.toArray(String[]::new))
        .redirectOutput(tmp.resolve("build-" + System.nanoTime() + ".out").toFile())
        .redirectError(tmp.resolve("build-" + System.nanoTime() + ".err").toFile())
        .start();
  }

  private String awaitPaused(Process build) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      assertThat(build.isAlive()).as("the build process ended instead of pausing").isTrue();
      if (Files.exists(store.resolve(History.FILE_NAME))) {
        try (History h = History.open(store)) {
          List<BuildRecord> recent = h.recent(1);
          if (!recent.isEmpty()) {
            Optional<PausedBuild> p = h.paused(recent.get(0).id());
            if (p.isPresent()) {
              assertThat(p.get().attempt()).isEqualTo(1);
              assertThat(p.get().status()).isEqualTo(3);
              return p.get().buildId();
            }
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the build did not pause within 120 s");
  }

  private GlassboxProcesses.Result shell(String id, String... command) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(List.of("shell", "--store", store.toString(), id, "--"));
    args.addAll(List.of(command));
    return glassbox.run(120, args.toArray(String[]::new));
  }

  /**
   * Runs {@code glassbox shell ID} in a pseudo-terminal (util-linux {@code script}), types {@code
   * input} and returns what the terminal showed.
   */
  private String interactive(String id, String input) throws Exception {
    ProcessBuilder pb = glassbox.command("shell", "--store", store.toString(), id);
    String line =
        pb.command().stream()
            .map(dev.glassbox.sandbox.shell.Toolbox::quote)
            .collect(java.util.stream.Collectors.joining(" "));
    pb.command("script", "-qec", line, "/dev/null").redirectErrorStream(true);
    Process p = pb.start();
    StringBuilder shown = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try {
                shown.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // what arrived is what there is
              }
            });
    reader.start();
    // Kept open until the end: a closed input would end the terminal session early.
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    reader.join(10_000);
    assertThat(ended).as("the interactive shell ended; it showed: " + shown).isTrue();
    assertThat(p.exitValue()).as(shown.toString()).isZero();
    return shown.toString();
  }

  private JsonNode show(String id) throws Exception {
    GlassboxProcesses.Result r =
        glassbox.run(60, "show", "--store", store.toString(), "--json", id);
    assertThat(r.exit()).as(r.err()).isZero();
    return NodeJson.MAPPER.readTree(r.out());
  }

  private String scratchFile(String id, String name) throws IOException {
    Path dir = HostOutputPaths.scratchDir(bundles.resolve(id), "build");
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private static List<String> sorted(String lines) {
    return lines.lines().sorted().toList();
  }

  /** No mount, no container of ours; only the kept bundle (when kept), no lock files. */
  private void assertNothingLeft(String id, boolean kept) throws Exception {
    assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
        .doesNotContain(bundles.toString());
    assertThat(RuncRuntime.create(RuncRuntime.DEFAULT_STATE_ROOT).listContainers())
        .noneMatch(c -> c.startsWith("glassbox-" + id));
    List<String> left;
    try (Stream<Path> s = Files.exists(bundles) ? Files.list(bundles) : Stream.empty()) {
      left = s.map(p -> p.getFileName().toString()).toList();
    }
    if (kept) {
      assertThat(left).containsExactly(id);
    } else {
      assertThat(left).isEmpty();
    }
  }
}
