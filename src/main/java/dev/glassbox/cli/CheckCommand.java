package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.app.Engine;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.diff.IgnoreGlobs;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.HistoryException;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import dev.glassbox.service.BuildComparisons;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.ReproducibilityCheck;
import dev.glassbox.service.ServiceException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox check ID}: rebuild a build and compare the outputs, like nix build --check. */
@Command(
    name = "check",
    description = {
      "Rebuild a successful build with its exact request and compare the outputs: is it"
          + " reproducible? Streams the rebuild's log to stderr, then prints the differences like"
          + " 'diff' and the verdict.",
      "Exit codes: 0 reproducible (outputs identical), 1 not reproducible, 2 bad usage (unknown"
          + " build, one that did not succeed, inputs gone), 3 the rebuild could not run or the"
          + " store could not be read, 4 cancelled."
    })
final class CheckCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = "--json", description = "Print one JSON object: the verdict, both builds and the diff.")
  boolean json;

  @Option(names = "--ignore", paramLabel = "GLOB", description = "Leave out matching paths, as for 'diff' (repeatable).")
  List<String> ignore = new ArrayList<>();

  @Option(names = "--quiet", description = "Do not print the rebuild's log.")
  boolean quiet;

  @Option(names = {"--brief", "-q"}, description = "Only list the differing paths; no content diffs.")
  boolean brief;

  @Override
  public Integer call() throws Exception {
    IgnoreGlobs globs;
    try {
      globs = IgnoreGlobs.of(ignore);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    Engine engine;
    try {
      engine = Engine.open(storeDir());
    } catch (RuntimeNotFoundException e) {
      err().println("glassbox: setup failed (runtime not found): " + e.getMessage());
      return BuildFollower.EXIT_SETUP_FAILED;
    }
    try (engine) {
      BuildComparisons comparisons = new BuildComparisons(engine.store(), engine.service().history());
      BuildRecord original = engine.service().history().resolve(id);
      BuildHandle handle;
      try {
        if (original.status() != dev.glassbox.history.BuildStatus.SUCCEEDED) {
          throw new ServiceException(
              "build " + original.id() + " ended " + original.status().label()
                  + ", so there are no outputs to check; pick a build that succeeded");
        }
        handle = engine.service().rebuild(original.id());
      } catch (ServiceException e) {
        throw new UsageException(e.getMessage(), e);
      }
      err().println("glassbox: checking " + original.id() + " by rebuilding it as build " + handle.id());
      err().flush();
      new BuildFollower(out(), err(), true, quiet).await(engine.service(), handle);
      ReproducibilityCheck check = comparisons.finish(original, handle, globs);
      DiffPrinter p = new DiffPrinter(engine.store(), 3, !brief);
      if (json) {
        ObjectNode o =
            check.comparison().isPresent()
                ? p.json(check.comparison().get().outputs(), check.comparison().get().request())
                : NodeJson.MAPPER.createObjectNode();
        o.put("reproducible", check.reproducible());
        o.put("verdict", check.verdict());
        o.put("original", original.id());
        o.put("rebuild", check.rebuild().id());
        o.put("rebuildStatus", check.rebuild().status().label());
        out().println(NodeJson.MAPPER.writeValueAsString(o));
      } else if (check.comparison().isPresent()) {
        out().println("--- build " + original.id());
        out().println("+++ build " + check.rebuild().id() + " (rebuild)");
        p.human(out(), check.comparison().get().outputs(), check.comparison().get().request());
        out().println(check.verdict());
      } else {
        err().println("glassbox: " + check.verdict());
      }
      out().flush();
      if (check.comparison().isEmpty()) {
        int code = BuildFollower.exitCode(check.rebuild());
        // A rebuild that failed is not "different outputs": it is trouble, unless it was cancelled.
        return code == BuildFollower.EXIT_CANCELLED ? code : DiffCommand.EXIT_TROUBLE;
      }
      return check.reproducible() ? 0 : GlassboxCli.EXIT_FAILED;
    } catch (dev.glassbox.history.UnknownBuildException e) {
      throw e; // bad usage: exit 2 like every command taking an id
    } catch (StoreException | HistoryException e) {
      err().println("glassbox: " + e.getMessage());
      return DiffCommand.EXIT_TROUBLE;
    }
  }
}
