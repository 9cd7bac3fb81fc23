package dev.glassbox.castore;

/** A store could not read or write an entry; the message says what to do. */
public class StoreException extends CastoreException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
