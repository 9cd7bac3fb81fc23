package dev.glassbox.terminal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalSession;
import dev.glassbox.terminal.TerminalSize;
import dev.glassbox.terminal.TerminalSpec;
import dev.glassbox.terminal.emulator.TerminalModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real /bin/sh on a real pseudo-terminal, its output fed into the emulator model. */
class PtySessionTest {
  private final PtyTerminalLauncher launcher = new PtyTerminalLauncher(System.getenv());
  private final TerminalModel model = new TerminalModel(80, 24);

  @AfterEach
  void closeAll() {
    launcher.closeAll();
  }

  private TerminalSession sh(TerminalSpec spec) throws TerminalException {
    return launcher.start(spec, model::feed);
  }

  private void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for " + what + "; screen:\n" + model.screenText());
      }
      Thread.sleep(20);
    }
  }

  private void type(TerminalSession s, String text) {
    s.write(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void echoHiShowsUpOnTheScreen() throws Exception {
    TerminalSession s =
        sh(TerminalSpec.of("sh", List.of("/bin/sh")).withEnvironment(Map.of("PS1", "gb$ ")));
    // Typed before the prompt, the echo would land after it ("gb$ hi"), as in any terminal.
    waitFor(() -> model.screenText().startsWith("gb$"), "the prompt");
    type(s, "echo h''i\r");
    // The typed line echoes as "echo h''i"; only the command's output reads "hi" on its own.
    waitFor(() -> model.screenText().lines().anyMatch(l -> l.equals("hi")), "hi on screen");
    assertThat(s.isAlive()).isTrue();
    type(s, "exit 3\r");
    assertThat(s.exitStatus().get(10, TimeUnit.SECONDS)).isEqualTo(3);
  }

  @Test
  void theProgramSeesATerminalOfTheGivenSizeAndResizes() throws Exception {
    TerminalSpec spec =
        TerminalSpec.of("sh", List.of("/bin/sh"))
            .withSize(new TerminalSize(91, 27))
            .withEnvironment(Map.of("GB_MARK", "marked"));
    TerminalSession s = sh(spec);
    type(s, "stty size; echo $TERM $GB_MARK; [ -t 0 ] && echo tty-yes\r");
    waitFor(() -> model.screenText().contains("27 91"), "stty size 27 91");
    waitFor(() -> model.screenText().contains("xterm-256color marked"), "TERM and env");
    waitFor(() -> model.screenText().contains("tty-yes"), "stdin is a tty");
    s.resize(new TerminalSize(60, 10));
    type(s, "stty size\r");
    waitFor(() -> model.screenText().contains("10 60"), "stty size after resize");
  }

  @Test
  void closeHangsUpTheShellAndRunsTheTeardownOnce(@TempDir Path tmp) throws Exception {
    AtomicInteger teardowns = new AtomicInteger();
    TerminalSession s =
        sh(TerminalSpec.of("sh", List.of("/bin/sh")).withTeardown(teardowns::incrementAndGet));
    type(s, "echo $$ > " + tmp.resolve("pid") + "\r");
    waitFor(() -> Files.exists(tmp.resolve("pid")), "pid file");
    assertThat(launcher.openSessions()).containsExactly(s);
    s.close();
    s.close();
    assertThat(s.isAlive()).isFalse();
    assertThat(s.exitStatus()).isDone();
    assertThat(teardowns.get()).isEqualTo(1);
    assertThat(launcher.openSessions()).isEmpty();
    long pid = Long.parseLong(Files.readString(tmp.resolve("pid")).trim());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aHandedOverTeardownIsNotRunByClose() throws Exception {
    AtomicInteger teardowns = new AtomicInteger();
    TerminalSession s =
        sh(TerminalSpec.of("sh", List.of("/bin/sh")).withTeardown(teardowns::incrementAndGet));
    s.handOverTeardown().run();
    assertThat(teardowns.get()).isEqualTo(1);
    s.close();
    assertThat(teardowns.get()).isEqualTo(1);
  }

  @Test
  void aProgramIgnoringHangupIsKilled() throws Exception {
    TerminalSession s =
        sh(
            TerminalSpec.of(
                "trap", List.of("/bin/sh", "-c", "trap '' HUP TERM; echo ready; sleep 60")));
    waitFor(() -> model.screenText().contains("ready"), "ready");
    long start = System.nanoTime();
    s.close();
    assertThat(s.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void outputBeforeExitIsDeliveredBeforeTheStatus() throws Exception {
    TerminalSession s =
        sh(
            TerminalSpec.of(
                "seq",
                List.of(
                    "/bin/sh",
                    "-c",
                    "i=0; while [ $i -lt 300 ]; do echo line$i; i=$((i+1)); done; exit 7")));
    assertThat(s.exitStatus().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(model.screenText()).contains("line299");
    type(s, "ignored after exit\r"); // must not throw
  }

  @Test
  void aFailingTeardownIsReportedAfterTheProcessIsGone() throws Exception {
    TerminalSession s =
        sh(
            TerminalSpec.of("sh", List.of("/bin/sh"))
                .withTeardown(
                    () -> {
                      throw new IllegalStateException("runc delete failed");
                    }));
    assertThatThrownBy(s::close)
        .isInstanceOf(TerminalException.class)
        .hasMessageContaining("cleaning up after it failed: runc delete failed");
    assertThat(s.isAlive()).isFalse();
  }

  @Test
  void aMissingProgramOrDirectoryIsAClearError(@TempDir Path tmp) {
    assertThatThrownBy(() -> sh(TerminalSpec.of("x", List.of("no-such-program-gb"))))
        .isInstanceOf(TerminalException.class)
        .hasMessageContaining("no executable program 'no-such-program-gb' on PATH");
    assertThatThrownBy(
            () ->
                sh(
                    TerminalSpec.of("x", List.of("/bin/sh"))
                        .withWorkingDirectory(tmp.resolve("gone"))))
        .hasMessageContaining("does not exist or is not a directory");
    assertThat(launcher.openSessions()).isEmpty();
  }
}
