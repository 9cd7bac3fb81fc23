package dev.glassbox.history;

/** The build history could not be read or written; the message says where and what to do. */
public class HistoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
