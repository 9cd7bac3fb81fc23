package dev.glassbox.service;

import java.util.List;

/**
 * Receives a stream's events in batches, in order, on a thread of the service's event pool (never
 * an engine thread). A listener may be slow: it only delays its own stream.
 */
@FunctionalInterface
public interface ServiceListener {
  /** Takes the next events; the list is never empty and not modified afterwards. */
  void onEvents(List<ServiceEvent> batch);
}
