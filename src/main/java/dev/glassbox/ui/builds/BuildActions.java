package dev.glassbox.ui.builds;

/** What can be done to a build from the list; the main window implements it. */
public interface BuildActions {
  void cancel(BuildRow row);

  void rebuild(BuildRow row);

  void cloneRequest(BuildRow row);

  void deleteKeptSandbox(BuildRow row);

  void copyId(BuildRow row);

  /** Compare this build's outputs with another build picked from the history. */
  void compareWith(BuildRow row);

  /** Compare with the previous successful build of the same request (command and outputs). */
  void compareWithPrevious(BuildRow row);

  /** Rebuild it, wait, and show the diff of both with a reproducibility verdict. */
  void rebuildAndCompare(BuildRow row);

  /** Runs a paused build's command again in its container; it goes on if that succeeds. */
  void resume(BuildRow row);

  /** Ends a paused build (failed, with the failed run's exit code), tearing its sandbox down. */
  void stopPaused(BuildRow row);

  /** Opens a shell inside a paused build's container or a kept sandbox, in a terminal window. */
  void openShell(BuildRow row);

  /** Runs a paused build's command once more inside its container, in a terminal window. */
  void rerunInTerminal(BuildRow row);
}
