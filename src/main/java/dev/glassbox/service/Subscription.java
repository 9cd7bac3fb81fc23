package dev.glassbox.service;

/** A listener's place in an event stream; closing it stops the deliveries. */
public interface Subscription extends AutoCloseable {
  /** Stops delivering; a batch being delivered finishes. Idempotent. */
  @Override
  void close();

  /** Whether the stream ended (a build's stream ends after its {@link ServiceEvent.Finished}) or was closed. */
  boolean isClosed();
}
