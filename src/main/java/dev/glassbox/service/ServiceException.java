package dev.glassbox.service;

/** The build service could not do what was asked; the message says why and what to do. */
public class ServiceException extends Exception {
  private static final long serialVersionUID = 1L;

  public ServiceException(String message) {
    super(message);
  }

  public ServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
