package dev.glassbox.terminal;

/** A terminal could not be started or its teardown failed; the message says what to do. */
public final class TerminalException extends Exception {
  public TerminalException(String message) {
    super(message);
  }

  public TerminalException(String message, Throwable cause) {
    super(message, cause);
  }
}
