package dev.glassbox.app;

import java.awt.GraphicsEnvironment;

/** Starts the JavaFX app, or explains in one sentence why it cannot (no display). */
public final class DesktopLauncher {
  private DesktopLauncher() {}

  /** Returns the process exit code. */
  public static int launch() {
    String display = System.getenv("DISPLAY");
    String wayland = System.getenv("WAYLAND_DISPLAY");
    boolean monocle = "monocle".equals(System.getProperty("glass.platform"));
    if (!monocle && (display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
      System.err.println(
          "glassbox: no display found (DISPLAY is not set), so the desktop app cannot open;"
              + " use the command line instead, e.g. 'glassbox build REQUEST.json' or"
              + " 'glassbox --help', or run under Xvfb: 'xvfb-run glassbox'.");
      return 2;
    }
    // Referenced by name so that the CLI never loads JavaFX classes.
    try {
      Class.forName("dev.glassbox.ui.GlassboxApp")
          .getMethod("start", String[].class)
          .invoke(null, (Object) new String[0]);
      return 0;
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("glassbox: the desktop app failed to start: " + cause);
      return 1;
    }
  }

  static boolean headless() {
    return GraphicsEnvironment.isHeadless();
  }
}
