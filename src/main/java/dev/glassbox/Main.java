package dev.glassbox;

import dev.glassbox.cli.GlassboxCli;

/**
 * The one entry point: with no arguments it opens the desktop app, otherwise it runs a command.
 * A plain class (not a JavaFX {@code Application}) so that JavaFX on the classpath can start.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.exit(dev.glassbox.app.DesktopLauncher.launch(java.util.Optional.empty()));
    }
    // 'glassbox path/to/request.json' (a file manager's "open with") opens it in the editor.
    if (args.length == 1 && args[0].endsWith(".json") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(args[0]))) {
      System.exit(dev.glassbox.app.DesktopLauncher.launch(java.util.Optional.of(java.nio.file.Path.of(args[0]).toAbsolutePath())));
    }
    System.exit(GlassboxCli.run(args));
  }
}
