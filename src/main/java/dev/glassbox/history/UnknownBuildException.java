package dev.glassbox.history;

/** No build, or more than one, matches the id (or id prefix) a user gave. */
public final class UnknownBuildException extends HistoryException {
  private static final long serialVersionUID = 1L;

  public UnknownBuildException(String message) {
    super(message);
  }
}
