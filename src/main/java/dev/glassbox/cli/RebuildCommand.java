package dev.glassbox.cli;

import dev.glassbox.app.Engine;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import dev.glassbox.service.BuildHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox rebuild ID}: run a recorded build's exact request again. */
@Command(
    name = "rebuild",
    description = {
      "Run a recorded build's exact resolved request again (same inputs by digest, same keep policy"
          + " and time limit), linked to the original, streaming its log like 'build'.",
      "Exit codes as for 'build'."
    })
final class RebuildCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout (the log goes to stderr).")
  boolean json;

  @Option(names = "--quiet", description = "Do not print the build's log.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Engine engine;
    try {
      engine = Engine.open(storeDir());
    } catch (RuntimeNotFoundException e) {
      err().println("glassbox: setup failed (runtime not found): " + e.getMessage());
      return BuildFollower.EXIT_SETUP_FAILED;
    }
    try (engine) {
      BuildHandle handle;
      try {
        handle = engine.service().rebuild(id);
      } catch (dev.glassbox.service.ServiceException e) {
        throw new UsageException(e.getMessage(), e);
      }
      if (!json) {
        err().println("glassbox: rebuilding " + id + " as build " + handle.id());
      }
      return new BuildFollower(out(), err(), json, quiet).follow(engine.service(), handle);
    }
  }
}
