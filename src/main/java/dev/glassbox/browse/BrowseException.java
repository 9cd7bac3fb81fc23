package dev.glassbox.browse;

/** A tree could not be read; the message says what, where, and what to do. */
public final class BrowseException extends Exception {
  public BrowseException(String message) {
    super(message);
  }

  public BrowseException(String message, Throwable cause) {
    super(message, cause);
  }
}
