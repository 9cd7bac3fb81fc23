package dev.glassbox.terminal;

/**
 * What to undo once a terminal's process is gone, e.g. deleting the container a shell ran in and
 * unmounting its inputs. Runs once, after the process has exited or been killed.
 */
@FunctionalInterface
public interface Teardown {
  Teardown NONE = () -> {};

  void run() throws Exception;
}
