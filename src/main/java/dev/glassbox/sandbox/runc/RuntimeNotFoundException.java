package dev.glassbox.sandbox.runc;

/** No runc binary was found, so no build can run in a sandbox on this machine. */
public class RuntimeNotFoundException extends RuncException {
  private static final long serialVersionUID = 1L;

  public RuntimeNotFoundException(String searched) {
    super("runc is not installed: run `apt-get install runc` (looked in " + searched + ")");
  }
}
