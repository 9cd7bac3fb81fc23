package dev.glassbox.request;

import java.util.Objects;

/**
 * One thing wrong with a build request.
 *
 * @param field where, as a path into the request: {@code scratchPaths[1]}, {@code
 *     inputs[0].name}, {@code constraints.system}; empty for the request as a whole
 * @param kind tvix's error name where tvix has one ({@code InvalidScratchPath(1)}, {@code
 *     InvalidBuildConstraints(InvalidSystem)}), otherwise Glassbox's ({@code
 *     OutputNotInScratchPath(0)}, {@code WrongType})
 * @param message a sentence saying what is wrong and what to do
 */
public record Violation(String field, String kind, String message) {
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** The kind without its arguments: {@code InvalidScratchPath} for {@code InvalidScratchPath(1)}. */
  public String kindName() {
    int p = kind.indexOf('(');
    return p < 0 ? kind : kind.substring(0, p);
  }

  /** {@code field: message}, the form shown to users. */
  @Override
  public String toString() {
    return (field.isEmpty() ? "request" : field) + ": " + message;
  }
}
