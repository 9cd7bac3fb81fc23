package dev.glassbox;

import dev.glassbox.cli.GlassboxCli;

/**
 * The one entry point: with no arguments it opens the desktop app, otherwise it runs a command.
 * A plain class (not a JavaFX {@code Application}) so that JavaFX on the classpath can start.
 */
public final class Main {
  /**
   * Hidden first argument: run one of {@link #CHILD_MAINS} instead. The installed runtime has no
   * {@code bin/java} (jpackage strips it), so benchmarks that need a JVM of their own (the log
   * view under load, the bare JavaFX window) start the installed launcher with it.
   */
  private static final String CHILD_MAIN = dev.glassbox.bench.BenchSupport.CHILD_MAIN;

  private static final java.util.Set<String> CHILD_MAINS =
      java.util.Set.of("dev.glassbox.bench.LogViewBench", "dev.glassbox.ui.fx.BareWindow");

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals(CHILD_MAIN) && CHILD_MAINS.contains(args[1])) {
      String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
      Class.forName(args[1]).getMethod("main", String[].class).invoke(null, (Object) rest);
      return;
    }
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
