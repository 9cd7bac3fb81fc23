package dev.glassbox.sandbox;

/** The sandbox could not be prepared; the message says what to do. */
public class SandboxException extends Exception {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
