package dev.glassbox.sandbox;

/** Receives a build's events; called from engine threads, so it must be thread-safe and quick. */
@FunctionalInterface
public interface BuildListener {
  BuildListener NONE = e -> {};

  void onEvent(BuildEvent event);
}
