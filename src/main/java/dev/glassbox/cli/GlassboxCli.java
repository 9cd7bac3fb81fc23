package dev.glassbox.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line mode: one subcommand per job, all on the same engine as the desktop app. */
@Command(
    name = "glassbox",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run build requests in a real OCI sandbox and look inside.",
    subcommands = {
      ImportCommand.class,
      LsCommand.class,
      CatCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      RequestCommand.class,
      BuildCommand.class,
      HistoryCommand.class,
      ShowCommand.class,
      AnatomyCommand.class,
      LogCommand.class,
      AccessedCommand.class,
      RebuildCommand.class,
      DiffCommand.class,
      CheckCommand.class,
      CancelCommand.class,
      ShellCommand.class,
      ResumeCommand.class,
      StopCommand.class,
      SandboxesCommand.class,
      GcCommand.class,
      RootsCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GlassboxCli implements Runnable {
  /** Exit code of a command that ran but found a problem (a failed build, a corrupt store). */
  public static final int EXIT_FAILED = 1;

  /** Exit code for bad usage or invalid input. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the CLI and returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new GlassboxCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new ErrorReporter());
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("glassbox: " + ex.getMessage());
          err.println("Run 'glassbox " + commandPath(ex.getCommandLine()) + "--help' for usage.");
          return EXIT_USAGE;
        });
    return cl.execute(args);
  }

  private static String commandPath(CommandLine cl) {
    String qualified = cl.getCommandSpec().qualifiedName(" ");
    String rest = qualified.startsWith("glassbox") ? qualified.substring("glassbox".length()).strip() : qualified;
    return rest.isEmpty() ? "" : rest + " ";
  }

  /** Turns exceptions into one sentence on stderr; stack traces only with --debug. */
  private static final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      PrintWriter err = cl.getErr();
      Object cmd = cl.getCommand();
      boolean debug = cmd instanceof StoreCommand sc && sc.common.debug;
      String message = ex.getMessage() != null ? ex.getMessage() : ex.toString();
      err.println("glassbox: " + message);
      if (debug) {
        ex.printStackTrace(err);
      }
      // An id that names no build (or several) is a mistake on the command line, like a bad option.
      return ex instanceof UsageException || ex instanceof dev.glassbox.history.UnknownBuildException ? EXIT_USAGE : EXIT_FAILED;
    }
  }
}
