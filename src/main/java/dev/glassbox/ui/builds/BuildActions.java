package dev.glassbox.ui.builds;

/** What can be done to a build from the list; the main window implements it. */
public interface BuildActions {
  void cancel(BuildRow row);

  void rebuild(BuildRow row);

  void cloneRequest(BuildRow row);

  void deleteKeptSandbox(BuildRow row);

  void copyId(BuildRow row);
}
