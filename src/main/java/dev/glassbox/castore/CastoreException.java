package dev.glassbox.castore;

/** Base of the castore's checked exceptions. */
public class CastoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public CastoreException(String message) {
    super(message);
  }

  public CastoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
