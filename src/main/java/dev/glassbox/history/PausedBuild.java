package dev.glassbox.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A build paused after its command failed: its container is alive, its inputs mounted.
 *
 * @param buildId the build
 * @param pausedAt when it paused
 * @param attempt which run of the command failed (1 for the first, more after resumes)
 * @param status the failed run's exit status (128 + n for signal n)
 * @param bundle the live bundle
 * @param container the runc container id
 * @param request what another process asked for, not yet carried out
 */
public record PausedBuild(
    String buildId,
    Instant pausedAt,
    int attempt,
    int status,
    Path bundle,
    String container,
    Optional<Request> request) {
  public PausedBuild {
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(pausedAt, "pausedAt");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(request, "request");
  }

  /** What can be asked of a paused build from another process. */
  public enum Request {
    RESUME("resume"),
    STOP("stop");

    private final String label;

    Request(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Request parse(String label) {
      for (Request r : values()) {
        if (r.label.equals(label)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown pause request '" + label + "'");
    }
  }

  /** "exit code N" or "signal N", for people. */
  public String describeStatus() {
    return status > 128 ? "signal " + (status - 128) : "exit code " + status;
  }
}
