package dev.glassbox.service;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.BuildOutcome;
import java.util.concurrent.CompletableFuture;

/** A submitted build: its id, its end as a future, and a way to cancel it. */
public interface BuildHandle {
  /** The build id (hex digits; any unique prefix names it in the CLI). */
  String id();

  /** Where the build stands now. */
  BuildStatus status();

  /** Completes with the final record once the build ended and the history holds it. */
  CompletableFuture<BuildRecord> record();

  /** Completes with how the build ended. */
  default CompletableFuture<BuildOutcome> outcome() {
    return record().thenApply(r -> r.outcome().orElseThrow());
  }

  /**
   * Cancels the build in whatever state it is: a queued build leaves the queue, a preparing build
   * has its setup undone, a running build's container is killed, an ingest stops. Safe from any
   * thread, any number of times.
   *
   * @return false when the build had already ended
   */
  boolean cancel();
}
