package dev.glassbox.sandbox.oci;

/** A recorded {@code config.json} could not be read as a runtime spec; says what to do. */
public final class ConfigFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
