package dev.glassbox.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.PausedBuild;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.shell.ShellSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's debugging API as the app calls it, in this process: pause events, shells into the
 * live container (processes still running), resume to success, stop, and shutdown while paused.
 */
@EnabledIf("dev.glassbox.service.ServiceHarness#canRunSandboxes")
class PausedBuildServiceIT {
  private static final String SCRIPT =
      // The background sleep lets go of stdout and stderr: runc exec, like docker exec, waits until
      // nothing holds the output of what it ran, so it would wait for the sleep (see the README).
      "echo hi > /tmp/x; sleep 600 >/dev/null 2>&1 & echo $! > /build/pid;"
          + " if [ -e /build/fixed ]; then mkdir -p $out; echo ok > $out/r; exit 0; fi; exit 4";

  @TempDir Path tmp;

  private static BuildOptions pausing() {
    return BuildOptions.defaults().withPauseOnFailure(true);
  }

  private static PausedBuild awaitPause(ServiceHarness s, BuildHandle h) throws Exception {
    ServiceHarness.Collector events = new ServiceHarness.Collector();
    s.service.subscribe(h.id(), 0, events);
    events.await(
        e -> e instanceof ServiceEvent.PhaseStarted p && p.phase() == Phase.PAUSED, 60_000);
    PausedBuild p = s.service.paused(h.id()).orElseThrow();
    assertThat(h.status()).isEqualTo(BuildStatus.RUNNING);
    return p;
  }

  /**
   * Runs a session's argv to its end. Its output goes to files, not pipes: a background process the
   * command leaves in the container (like the script's sleep) would hold a pipe open.
   */
  private String[] run(ShellSession session) throws Exception {
    Path out = Files.createTempFile(tmp, "shell", ".out");
    Path err = Files.createTempFile(tmp, "shell", ".err");
    Process p =
        new ProcessBuilder(session.argv())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {
      String.valueOf(p.exitValue()),
      Files.readString(out, StandardCharsets.UTF_8),
      Files.readString(err, StandardCharsets.UTF_8)
    };
  }

  @Test
  void aPausedBuildKeepsItsProcessesAndResumesToSuccess() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      BuildHandle h = s.service.submit(s.shell(SCRIPT), pausing());
      PausedBuild p = awaitPause(s, h);
      assertThat(p.status()).isEqualTo(4);
      assertThat(p.attempt()).isEqualTo(1);

      try (ShellSession cat = s.service.openShell(h.id(), List.of("cat", "/tmp/x"), false)) {
        assertThat(cat.terminal()).isFalse();
        assertThat(run(cat)).containsExactly("0", "hi\n", "");
      }
      try (ShellSession alive =
          s.service.openShell(
              h.id(), List.of("/bin/sh", "-c", "kill -0 $(cat /build/pid)"), false)) {
        assertThat(run(alive)[0]).as("the build's background process still runs").isEqualTo("0");
      }
      try (ShellSession fix =
          s.service.openShell(h.id(), List.of("touch", "/build/fixed"), false)) {
        assertThat(run(fix)[0]).isEqualTo("0");
      }
      assertThat(s.service.resume(h.id())).isEqualTo(BuildService.PauseActionResult.DONE);
      BuildRecord r = h.record().get(120, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.message()).isEqualTo(BuildStatus.SUCCEEDED);
      assertThat(((BuildOutcome.Succeeded) r.outcome().orElseThrow()).outputs()).hasSize(1);
      assertThat(s.history.paused(h.id())).isEmpty();
      assertThatThrownBy(() -> s.service.resume(h.id()))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("is not paused");
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void stopEndsItFailedAndAPausedBuildFailingAgainPausesAgain() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      BuildHandle h = s.service.submit(s.shell(SCRIPT), pausing());
      awaitPause(s, h);
      assertThat(s.service.resume(h.id())).isEqualTo(BuildService.PauseActionResult.DONE);
      long deadline = System.currentTimeMillis() + 60_000;
      while (s.history.paused(h.id()).map(PausedBuild::attempt).orElse(0) < 2) {
        assertThat(System.currentTimeMillis())
            .as("paused again after the second run")
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      try (ShellSession rerun = s.service.openRerun(h.id(), false)) {
        assertThat(run(rerun)[0]).as("the command once more, failing as before").isEqualTo("4");
      }
      assertThat(s.history.paused(h.id()).orElseThrow().attempt()).as("still paused").isEqualTo(2);
      assertThat(s.service.stopPaused(h.id().substring(0, 6)))
          .isEqualTo(BuildService.PauseActionResult.DONE);
      BuildRecord r = h.record().get(60, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(BuildStatus.FAILED);
      assertThat(r.outcome()).containsInstanceOf(BuildOutcome.Failed.class);
      BuildOutcome.Failed f = (BuildOutcome.Failed) r.outcome().get();
      assertThat(f.exitCode()).isEqualTo(4);
      assertThat(f.reason()).contains("attempt 2").contains("stopped");
      assertThat(r.phases().stream().map(t -> t.phase()).toList())
          .containsSubsequence(Phase.RUN, Phase.PAUSED, Phase.RUN, Phase.PAUSED, Phase.CLEAN_UP);
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void closingTheServiceTearsDownAPausedBuildAndRecordsItsFailure() throws Exception {
    ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults());
    BuildHandle h;
    try {
      h = s.service.submit(s.shell(SCRIPT), pausing());
      awaitPause(s, h);
      s.service.close();
      BuildRecord r = h.record().get(5, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(BuildStatus.FAILED);
      assertThat(r.exitCode()).contains(4);
      s.assertNothingLeftBehind();
    } finally {
      s.close();
    }
  }

  @Test
  void aBuildWithoutPausingFailsAsAlwaysAndHasNoShell() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      BuildHandle h = s.service.submit(s.shell(SCRIPT), BuildOptions.defaults());
      BuildRecord r = h.record().get(60, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(BuildStatus.FAILED);
      assertThat(r.phases().stream().map(t -> t.phase()).toList()).doesNotContain(Phase.PAUSED);
      assertThatThrownBy(() -> s.service.openShell(h.id(), List.of(), false))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("neither paused nor has a kept sandbox");
      s.assertNothingLeftBehind();
    }
  }
}
