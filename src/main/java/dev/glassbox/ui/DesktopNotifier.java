package dev.glassbox.ui;

/**
 * The desktop's notification service, as the composition root supplies it (the UI itself may not
 * run processes). Implementations block, so the UI calls them off the FX thread.
 */
@FunctionalInterface
public interface DesktopNotifier {
  /**
   * Shows a notification.
   *
   * @return false when the desktop has no notification service (no session bus, no daemon, no tool
   *     to reach it); the UI then shows the message in the window instead
   */
  boolean notify(String title, String body);

  /** For contexts with no desktop at all (tests): every message goes to the in-app fallback. */
  DesktopNotifier UNAVAILABLE = (title, body) -> false;
}
