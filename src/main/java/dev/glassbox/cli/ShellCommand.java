package dev.glassbox.cli;

import dev.glassbox.app.Engine;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import dev.glassbox.sandbox.shell.ShellSession;
import dev.glassbox.sandbox.shell.Toolbox;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox shell ID [-- CMD…]}: a shell (or one command) inside a build's sandbox. */
@Command(
    name = "shell",
    description = {
      "Open a shell inside a build's sandbox, with the build's environment, working directory,"
          + " user, namespaces and mounts: in the live container of a build paused after a failure"
          + " (built with --pause-on-failure), or in a new container on a kept sandbox (--keep,"
          + " --keep-failed), whose inputs are mounted again from the store and whose container and"
          + " mount are removed when the shell exits.",
      "The shell is the sandbox's /bin/sh if it has one, else the busybox of Glassbox's toolbox at "
          + Toolbox.MOUNT
          + "; "
          + Toolbox.RERUN
          + " runs the build's command again.",
      "With '-- CMD…' runs that one command instead (no terminal needed) and exits with its status;"
          + " bare names such as 'cat' are busybox's tools, as the sandbox has no PATH."
    })
final class ShellCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Parameters(
      index = "1..*",
      paramLabel = "CMD",
      description = "The command to run inside (after '--'); none for an interactive shell.")
  List<String> command = new ArrayList<>();

  @Option(
      names = "--rerun",
      description =
          "Run the build's command once more inside, as the build ran it ("
              + Toolbox.RERUN
              + "),"
              + " without resuming the build; exits with its status.")
  boolean rerun;

  @Override
  public Integer call() throws Exception {
    if (rerun) {
      if (!command.isEmpty()) {
        throw new UsageException("give either --rerun or a command after '--', not both");
      }
      command = List.of(Toolbox.RERUN);
    }
    boolean terminal = command.isEmpty() && System.console() != null;
    Engine engine;
    try {
      engine = Engine.open(storeDir());
    } catch (RuntimeNotFoundException e) {
      err()
          .println(
              "glassbox: runc was not found ("
                  + e.getMessage()
                  + "); install it with 'apt-get install runc'");
      return GlassboxCli.EXIT_FAILED;
    }
    try (engine;
        ShellSession session = engine.service().openShell(id, command, terminal)) {
      if (command.isEmpty()) {
        err()
            .println(
                "glassbox: shell in "
                    + session.description()
                    + "; exit it to leave"
                    + (terminal ? "" : " (no terminal: commands are read from standard input)"));
        err().flush();
      }
      Process p = new ProcessBuilder(session.argv()).inheritIO().start();
      // Ctrl-C (without a terminal) or a kill ends the shell and still tears down a kept session.
      Thread hook =
          new Thread(
              () -> {
                p.destroy();
                session.close();
              },
              "glassbox-shell-teardown");
      Runtime.getRuntime().addShutdownHook(hook);
      int status;
      try {
        status = p.waitFor();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook tears down
        }
      }
      return status;
    }
  }
}
