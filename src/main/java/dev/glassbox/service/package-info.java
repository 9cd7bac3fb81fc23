/**
 * The background build service: a FIFO queue running at most N builds at once on the sandbox
 * engine, cancellation in every state, rebuilds, event streams for one build or the whole service,
 * and a durable record of every build in the history ({@link dev.glassbox.service.BuildService}).
 *
 * <p>Events never block the engine: listeners get batches on their own threads, a per-build
 * subscription reads back what it missed from memory or the history, and the service-wide stream
 * coalesces log lines a slow listener cannot take into one {@link
 * dev.glassbox.service.ServiceEvent.LogsSkipped}. Free of JavaFX: the UI batches onto its thread
 * itself.
 */
package dev.glassbox.service;
