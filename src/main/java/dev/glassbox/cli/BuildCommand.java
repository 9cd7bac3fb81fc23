package dev.glassbox.cli;

import dev.glassbox.app.Engine;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import dev.glassbox.service.BuildHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox build FILE}: run a request through the build service, streaming its log live. */
@Command(
    name = "build",
    description = {
      "Run a build request in an OCI sandbox through the build service (it is recorded in the"
          + " history), streaming stdout and stderr live (stderr lines are marked with '[stderr] '),"
          + " then print the result.",
      "Exit codes: 0 succeeded, 1 build failed, 2 invalid request, 3 setup failed, 4 cancelled or timed out."
    })
final class BuildCommand extends StoreCommand {
  @Parameters(paramLabel = "FILE", description = "The request JSON file.")
  Path file;

  @Option(names = "--keep", description = "Keep the sandbox (bundle, scratch, config.json) on disk afterwards.")
  boolean keep;

  @Option(names = "--keep-failed", description = "Keep the sandbox only when the build does not succeed.")
  boolean keepFailed;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout (the log goes to stderr).")
  boolean json;

  @Option(names = "--timeout", paramLabel = "S", description = "Kill the command after S seconds (default 7200).")
  long timeoutSeconds = BuildOptions.DEFAULT_TIMEOUT.toSeconds();

  @Option(names = "--quiet", description = "Do not print the build's log.")
  boolean quiet;

  @Option(
      names = "--pause-on-failure",
      description =
          "When the command fails, keep its container alive as it was (scratch, /tmp, processes)"
              + " and wait: 'glassbox shell ID' steps inside, 'glassbox resume ID' runs the command"
              + " again (going on to the outputs if it succeeds), 'glassbox stop ID' ends the"
              + " build.")
  boolean pauseOnFailure;

  @Option(
      names = "--no-trace",
      description =
          "Do not record which inputs the build reads ('glassbox accessed' then has nothing"
              + " to show).")
  boolean noTrace;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be a positive number of seconds");
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException(file + " does not exist or is not a file; give the path of a request JSON file");
    }
    KeepSandbox keepMode = keep ? KeepSandbox.ALWAYS : keepFailed ? KeepSandbox.ON_FAILURE : KeepSandbox.NEVER;
    BuildOptions options =
        new BuildOptions(keepMode, Duration.ofSeconds(timeoutSeconds), pauseOnFailure, !noTrace);
    Engine engine;
    try {
      engine = Engine.open(storeDir());
    } catch (RuntimeNotFoundException e) {
      return reportRuntimeMissing(e);
    }
    try (engine) {
      BuildHandle handle = engine.service().submit(file, options);
      return new BuildFollower(out(), err(), json, quiet).follow(engine.service(), handle);
    }
  }

  int reportRuntimeMissing(RuntimeNotFoundException e) {
    if (json) {
      out().println(
          NodeJson.MAPPER.createObjectNode().put("status", "setup-failed").put("step", "runtime not found").put("message", e.getMessage()));
    } else {
      err().println("glassbox: setup failed (runtime not found): " + e.getMessage());
    }
    return BuildFollower.EXIT_SETUP_FAILED;
  }
}
