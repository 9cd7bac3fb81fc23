package dev.glassbox.sandbox;

/** How the sandbox maps users: recorded with every build and shown to the user. */
public enum RuntimeMode {
  /** runc as root without a user namespace; the build runs as host uid 1000. */
  ROOT("root", "runc runs as root; the build runs as uid 1000 / gid 100 with no user namespace"),
  /**
   * A user namespace: container ids are mapped to an unprivileged host range, so even container
   * root is nobody on the host.
   */
  USER_NAMESPACE(
      "user-namespace",
      "the build runs in a user namespace; its ids map to an unprivileged host range");

  private final String label;
  private final String explanation;

  RuntimeMode(String label, String explanation) {
    this.label = label;
    this.explanation = explanation;
  }

  public String label() {
    return label;
  }

  public String explanation() {
    return explanation;
  }
}
