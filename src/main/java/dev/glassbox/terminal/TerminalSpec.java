package dev.glassbox.terminal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run in a terminal.
 *
 * @param title shown on the window or tab, e.g. "Shell in build 3f2a9c1e"
 * @param argv the program and its arguments, e.g. {@code runc exec -t ID /bin/sh}; not empty
 * @param environment added to (and overriding) the environment Glassbox runs with; {@code TERM} is
 *     {@code xterm-256color} unless set here
 * @param workingDirectory where the program starts, else Glassbox's own working directory
 * @param size the initial size; the view resizes it to fit
 * @param teardown run once when the session is closed, after the process is gone
 */
public record TerminalSpec(
    String title,
    List<String> argv,
    Map<String, String> environment,
    Optional<Path> workingDirectory,
    TerminalSize size,
    Teardown teardown) {
  public TerminalSpec {
    Objects.requireNonNull(title, "title");
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw new IllegalArgumentException("a terminal needs a program to run: argv is empty");
    }
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(teardown, "teardown");
  }

  /** {@code argv} with no extra environment, the default size and no teardown. */
  public static TerminalSpec of(String title, List<String> argv) {
    return new TerminalSpec(
        title, argv, Map.of(), Optional.empty(), TerminalSize.DEFAULT, Teardown.NONE);
  }

  public TerminalSpec withTeardown(Teardown t) {
    return new TerminalSpec(title, argv, environment, workingDirectory, size, t);
  }

  public TerminalSpec withSize(TerminalSize s) {
    return new TerminalSpec(title, argv, environment, workingDirectory, s, teardown);
  }

  public TerminalSpec withEnvironment(Map<String, String> env) {
    return new TerminalSpec(title, argv, env, workingDirectory, size, teardown);
  }

  public TerminalSpec withWorkingDirectory(Path dir) {
    return new TerminalSpec(title, argv, environment, Optional.of(dir), size, teardown);
  }

  /** The command line as one string, for messages and the window title. */
  public String commandLine() {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      boolean plain =
          !a.isEmpty() && a.chars().allMatch(c -> c > ' ' && "'\"\\$`!*?&;|<>()".indexOf(c) < 0);
      sb.append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }
}
