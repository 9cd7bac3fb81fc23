package dev.glassbox.sandbox.fuse;

/** Mounting or unmounting the input filesystem failed; the message says what to do about it. */
public class MountException extends Exception {
  private static final long serialVersionUID = 1L;

  public MountException(String message) {
    super(message);
  }

  public MountException(String message, Throwable cause) {
    super(message, cause);
  }
}
