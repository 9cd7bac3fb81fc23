package dev.glassbox.ui.request;

import javafx.application.Platform;

/** The editor's one way onto the FX thread, for results of background work. */
final class FxThread {
  private FxThread() {}

  /** Runs {@code r} on the FX thread: now when already there, else as soon as possible. */
  static void run(Runnable r) {
    if (Platform.isFxApplicationThread()) {
      r.run();
    } else {
      Platform.runLater(r);
    }
  }
}
