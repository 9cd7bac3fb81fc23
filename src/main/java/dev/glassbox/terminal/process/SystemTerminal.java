package dev.glassbox.terminal.process;

import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command in the desktop's own terminal emulator, for people who prefer theirs (fonts, tabs,
 * tmux). Tried in order: {@code $TERMINAL}, Debian's {@code x-terminal-emulator}, GNOME Terminal,
 * Konsole, xfce4-terminal, xterm. The teardown runs when that terminal's process ends.
 */
public final class SystemTerminal {
  private static final Logger LOG = LoggerFactory.getLogger(SystemTerminal.class);

  /** How a terminal is told "run this argv": the words before it. */
  private record Candidate(String program, List<String> before) {}

  private static final List<Candidate> KNOWN =
      List.of(
          new Candidate("x-terminal-emulator", List.of("-e")),
          // --wait: without it the command returns at once and the teardown would run too early.
          new Candidate("gnome-terminal", List.of("--wait", "--")),
          new Candidate("konsole", List.of("-e")),
          new Candidate("xfce4-terminal", List.of("-x")),
          new Candidate("xterm", List.of("-e")));

  private final Map<String, String> environment;

  /** {@code environment} is where PATH, TERMINAL, DISPLAY and WAYLAND_DISPLAY are looked up. */
  public SystemTerminal(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The full command that runs {@code spec.argv()} in the first terminal emulator found. */
  public List<String> command(TerminalSpec spec) throws TerminalException {
    if (blank(environment.get("DISPLAY")) && blank(environment.get("WAYLAND_DISPLAY"))) {
      throw new TerminalException(
          "cannot open a system terminal: there is no display (neither DISPLAY nor"
              + " WAYLAND_DISPLAY is set); use the terminal inside Glassbox instead");
    }
    Path cwd = Path.of("").toAbsolutePath();
    String path = environment.get("PATH");
    String preferred = environment.get("TERMINAL");
    if (!blank(preferred)) {
      List<String> words = List.of(preferred.trim().split("\\s+"));
      Optional<Path> found = Executables.find(words.get(0), path, cwd);
      if (found.isPresent()) {
        // The full path: the process is started with Glassbox's PATH, not the one searched here.
        List<String> cmd = new ArrayList<>(words);
        cmd.set(0, found.get().toString());
        cmd.add("-e");
        cmd.addAll(spec.argv());
        return cmd;
      }
      LOG.info("$TERMINAL is {}, which is not installed; trying the usual terminals", preferred);
    }
    for (Candidate c : KNOWN) {
      Optional<Path> found = Executables.find(c.program(), path, cwd);
      if (found.isEmpty()) {
        continue;
      }
      Candidate use = new Candidate(found.get().toString(), c.before());
      if (c.program().equals("x-terminal-emulator") && pointsAtGnomeTerminal(found.get())) {
        use = new Candidate(found.get().toString(), List.of("--wait", "--"));
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(use.program());
      cmd.addAll(use.before());
      cmd.addAll(spec.argv());
      return cmd;
    }
    throw new TerminalException(
        "cannot open a system terminal: none is installed (looked for $TERMINAL,"
            + " x-terminal-emulator, gnome-terminal, konsole, xfce4-terminal and xterm on PATH);"
            + " install one (e.g. sudo apt-get install xterm), set $TERMINAL, or use the terminal"
            + " inside Glassbox");
  }

  /**
   * Starts the terminal and returns its process; {@code spec.teardown()} runs when it exits.
   *
   * @throws TerminalException when no terminal emulator can be started
   */
  public Process open(TerminalSpec spec) throws TerminalException {
    List<String> cmd = command(spec);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(spec.environment());
    spec.workingDirectory().ifPresent(d -> pb.directory(d.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new TerminalException(
          "cannot start the system terminal " + cmd.get(0) + ": " + e.getMessage(), e);
    }
    p.onExit()
        .thenRun(
            () -> {
              try {
                spec.teardown().run();
              } catch (Exception e) { // nobody waits for this: the log is where it can go
                LOG.error(
                    "cleaning up after the system terminal for {} failed", spec.commandLine(), e);
              }
            });
    return p;
  }

  private static boolean pointsAtGnomeTerminal(Path p) {
    try {
      return p.toRealPath().getFileName().toString().startsWith("gnome-terminal")
          && Files.isExecutable(p);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
