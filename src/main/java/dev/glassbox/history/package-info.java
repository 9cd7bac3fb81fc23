/**
 * The durable record of a store's builds: an embedded SQLite database at {@code
 * <store>/history.db} (WAL mode, versioned schema with ordered migrations) holding every build's
 * resolved request, timestamps, phases, outcome, outputs and its full log, written by one writer
 * thread in batched transactions as the build streams ({@link dev.glassbox.history.History}).
 *
 * <p>Also here, because they are about what the history keeps alive: the store-wide lock that
 * keeps garbage collection away from builds writing to the store ({@link
 * dev.glassbox.history.StoreLock}) and the collector itself ({@link
 * dev.glassbox.history.GarbageCollector}).
 *
 * <p>Several processes (the desktop app and CLI commands) may open the same history at once:
 * SQLite's locking, a busy timeout and immediate write transactions keep the database consistent.
 */
package dev.glassbox.history;
