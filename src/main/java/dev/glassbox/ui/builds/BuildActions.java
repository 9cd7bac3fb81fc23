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
}
