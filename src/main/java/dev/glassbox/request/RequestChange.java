package dev.glassbox.request;

import java.util.Objects;
import java.util.Optional;

/**
 * One field-level difference between two requests.
 *
 * @param field the top-level field ({@code environmentVars}, {@code constraints}, …)
 * @param path where exactly, in the request's field-path notation: {@code inputs[src]},
 *     {@code environmentVars[out]}, {@code commandArgs[2]}, {@code constraints.networkAccess}
 * @param left the value in the first request, absent when added
 * @param right the value in the second request, absent when removed
 */
public record RequestChange(String field, String path, Optional<String> left, Optional<String> right) {
  public RequestChange {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    if (left.isEmpty() && right.isEmpty()) {
      throw new IllegalArgumentException(path + ": a change needs a value on at least one side");
    }
  }

  /** {@code added}, {@code removed} or {@code changed}. */
  public String kind() {
    return left.isEmpty() ? "added" : right.isEmpty() ? "removed" : "changed";
  }

  /** One line: {@code environmentVars[TZ]: "UTC" -> "CET"}. */
  public String describe() {
    return path
        + ": "
        + switch (kind()) {
          case "added" -> "added " + right.get();
          case "removed" -> "removed " + left.get();
          default -> left.get() + " -> " + right.get();
        };
  }
}
