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
      System.exit(dev.glassbox.app.DesktopLauncher.launch());
    }
    System.exit(GlassboxCli.run(args));
  }
}
