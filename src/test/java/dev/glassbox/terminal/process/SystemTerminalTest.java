package dev.glassbox.terminal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemTerminalTest {
  @TempDir Path bin;

  private final TerminalSpec spec =
      TerminalSpec.of("shell", List.of("runc", "exec", "-t", "c1", "/bin/sh"));

  private Path program(String name, String body) throws Exception {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private SystemTerminal with(Map<String, String> env) {
    return new SystemTerminal(env);
  }

  @Test
  void prefersTerminalThenTheUsualOnes() throws Exception {
    program("xterm", "exit 0");
    program("konsole", "exit 0");
    program("myterm", "exit 0");
    Map<String, String> env = Map.of("PATH", bin.toString(), "DISPLAY", ":0");
    assertThat(with(env).command(spec))
        .containsExactly(
            bin.resolve("konsole").toString(), "-e", "runc", "exec", "-t", "c1", "/bin/sh");
    assertThat(
            with(Map.of("PATH", bin.toString(), "DISPLAY", ":0", "TERMINAL", "myterm"))
                .command(spec))
        .containsExactly(
            bin.resolve("myterm").toString(), "-e", "runc", "exec", "-t", "c1", "/bin/sh");
    program("gnome-terminal", "exit 0");
    assertThat(
            with(Map.of("PATH", bin.toString(), "WAYLAND_DISPLAY", "wayland-0", "TERMINAL", "gone"))
                .command(spec))
        .startsWith(bin.resolve("gnome-terminal").toString(), "--wait", "--", "runc");
  }

  @Test
  void noTerminalOrNoDisplayIsAClearError() {
    assertThatThrownBy(() -> with(Map.of("PATH", bin.toString(), "DISPLAY", ":0")).command(spec))
        .isInstanceOf(TerminalException.class)
        .hasMessageContaining("none is installed")
        .hasMessageContaining("apt-get install xterm");
    assertThatThrownBy(() -> with(Map.of("PATH", bin.toString())).command(spec))
        .hasMessageContaining("there is no display");
  }

  @Test
  void runsTheCommandAndTheTeardownWhenTheTerminalCloses() throws Exception {
    Path args = bin.resolve("args");
    program("xterm", "printf '%s\\n' \"$@\" > " + args);
    CountDownLatch torn = new CountDownLatch(1);
    Process p =
        with(Map.of("PATH", bin.toString(), "DISPLAY", ":0"))
            .open(spec.withTeardown(torn::countDown));
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(torn.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(args))
        .containsExactly("-e", "runc", "exec", "-t", "c1", "/bin/sh");
  }
}
