package dev.glassbox.cli;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.request.Violation;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox request validate FILE}: check a build request without running it. */
@Command(
    name = "request",
    description = "Work with build request files.",
    subcommands = {RequestCommand.Validate.class})
final class RequestCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Validates and prints nothing but problems (or the resolved request with --print). */
  @Command(name = "validate", description = "Check a request; print every violation (exit 2) or nothing (exit 0).")
  static final class Validate extends StoreCommand {
    @Parameters(paramLabel = "FILE", description = "The request JSON file.")
    Path file;

    @Option(names = "--no-store-check", description = "Do not require the inputs' digests to be in the store (for requests written elsewhere).")
    boolean noStoreCheck;

    @Option(names = "--print", description = "Print the resolved request (digests only) when it is valid.")
    boolean print;

    @Override
    public Integer call() throws Exception {
      Castore store = noStoreCheck ? null : openStore();
      RequestValidator validator = new RequestValidator(HostFacts.detect(), store);
      try {
        BuildRequest r = readRequest(file, validator, store == null ? openStore() : store);
        if (print) {
          out().print(RequestWriter.toJson(r));
        }
        return 0;
      } catch (InvalidBuildRequestException e) {
        printViolations(err(), file, e);
        return GlassboxCli.EXIT_USAGE;
      }
    }
  }

  /** Reads a request file, importing host-path inputs into {@code store}. */
  static BuildRequest readRequest(Path file, RequestValidator validator, Castore store)
      throws UsageException, InvalidBuildRequestException, java.io.IOException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException(file + " does not exist or is not a file; give the path of a request JSON file");
    }
    ExecutorService pool = dev.glassbox.app.Engine.newIoPool();
    try {
      Ingester ingester = new Ingester(store, pool);
      return new RequestReader(validator).read(file, ingester::ingest);
    } catch (NoSuchFileException e) {
      throw new UsageException(file + " does not exist", e);
    } finally {
      pool.shutdownNow();
    }
  }

  static void printViolations(java.io.PrintWriter err, Path file, InvalidBuildRequestException e) {
    err.println("glassbox: " + file + " is not a valid build request (" + e.violations().size() + " problem" + (e.violations().size() == 1 ? "" : "s") + "):");
    for (Violation v : e.violations()) {
      err.println("  " + v);
    }
  }
}
