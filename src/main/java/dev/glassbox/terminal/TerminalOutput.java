package dev.glassbox.terminal;

/**
 * Receives what a terminal's process writes, on the session's reader thread, in the order written.
 * Implementations must be quick (parse and signal a repaint) and thread-safe.
 */
@FunctionalInterface
public interface TerminalOutput {
  /** {@code data[offset..offset+length)} is valid only during the call. */
  void onOutput(byte[] data, int offset, int length);
}
