package dev.glassbox.sandbox.runc;

/** runc could not be run, or one of its commands failed; the message says which and what to do. */
public class RuncException extends Exception {
  private static final long serialVersionUID = 1L;

  public RuncException(String message) {
    super(message);
  }

  public RuncException(String message, Throwable cause) {
    super(message, cause);
  }
}
