package dev.glassbox.request;

import java.util.List;

/** A build request that breaks one or more rules; carries all of them, in reporting order. */
public final class InvalidBuildRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public InvalidBuildRequestException(List<Violation> violations) {
    super(describe(violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid request has at least one violation");
    }
    this.violations = List.copyOf(violations);
  }

  /** Every violation; the first one is the error tvix would report, when tvix would report one. */
  public List<Violation> violations() {
    return violations;
  }

  static String describe(List<Violation> violations) {
    StringBuilder sb = new StringBuilder("the build request is invalid (");
    sb.append(violations.size()).append(violations.size() == 1 ? " problem):" : " problems):");
    for (Violation v : violations) {
      sb.append("\n  ").append(v);
    }
    return sb.toString();
  }
}
