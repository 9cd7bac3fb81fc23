package dev.glassbox.sandbox;

/**
 * Receives the output lines of a sandboxed build while it runs.
 *
 * <p>Implementations must be thread-safe, and {@link #accept} must not block: it is called on the
 * threads that drain the build's pipes, and a slow sink stalls those threads, which fills the pipes
 * and then stalls the build itself. Hand the line to a queue or a counter and return. An exception
 * thrown by a sink is logged and the line is dropped; the build keeps running.
 */
@FunctionalInterface
public interface LogSink {
  /** Takes one line; called with strictly increasing {@code seq}, never concurrently for a build. */
  void accept(LogLine line);
}
