package dev.glassbox.terminal;

import java.util.concurrent.CompletableFuture;

/**
 * A program running on a pseudo-terminal. Its output goes to the {@link TerminalOutput} given at
 * start, on a reader thread; input written here is queued and written by the session's own thread,
 * so {@link #write} never blocks the caller (a paste into a busy program included).
 */
public interface TerminalSession extends AutoCloseable {
  TerminalSpec spec();

  /** Queues bytes for the program's input. Ignored once the program has exited. */
  void write(byte[] input);

  /** Tells the program its terminal has a new size (it gets SIGWINCH). */
  void resize(TerminalSize size);

  /**
   * Completes with the exit status once the program has ended and all of its output has been
   * delivered: its exit code, or 128 + the signal number when a signal ended it.
   */
  CompletableFuture<Integer> exitStatus();

  boolean isAlive();

  /** The program's process id, for messages. */
  long pid();

  /**
   * Takes the teardown away from this session: closing it no longer runs it, and the caller must
   * see that it runs, e.g. by giving it to the session that replaces this one ("reopen").
   */
  Teardown handOverTeardown();

  /**
   * Ends the session: hangs up the program (killing it if it does not go), waits for it, then runs
   * the teardown, once. Blocks for a few seconds at most plus the teardown; call it off the UI
   * thread. Closing again does nothing.
   *
   * @throws TerminalException when the teardown failed; the process is gone regardless
   */
  @Override
  void close() throws TerminalException;
}
