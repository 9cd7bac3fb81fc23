package dev.glassbox.ui.request;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One thing the editor shows next to a field and in the summary: a violation of the request rules
 * (an error, which keeps the request from running) or a pre-flight warning (a likely mistake),
 * with a one-click fix where there is an obvious one.
 *
 * @param field a field path as the validator writes it ({@code outputs[0]}); empty for the whole
 *     request
 */
record Issue(Severity severity, String field, String message, Optional<Fix> fix) {
  public Issue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /** Errors keep a request from running; warnings do not. */
  public enum Severity {
    ERROR,
    WARNING
  }

  /** A change of the form that resolves the issue, with a short label for its button. */
  public record Fix(String label, UnaryOperator<RequestForm> apply) {
    public Fix {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(apply, "apply");
    }
  }

  static Issue error(String field, String message) {
    return new Issue(Severity.ERROR, field, message, Optional.empty());
  }

  static Issue warning(String field, String message, Fix fix) {
    return new Issue(Severity.WARNING, field, message, Optional.ofNullable(fix));
  }

  /** {@code field: message}, as in the CLI's reports. */
  @Override
  public String toString() {
    return (field.isEmpty() ? "request" : field) + ": " + message;
  }
}
