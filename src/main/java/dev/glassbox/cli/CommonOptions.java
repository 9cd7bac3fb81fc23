package dev.glassbox.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
final class CommonOptions {
  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store directory (default: $GLASSBOX_STORE, else $XDG_DATA_HOME/glassbox).")
  Path store;

  @Option(names = "--debug", description = "Print stack traces with errors.")
  boolean debug;
}
