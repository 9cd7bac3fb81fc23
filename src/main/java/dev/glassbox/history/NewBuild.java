package dev.glassbox.history;

import dev.glassbox.sandbox.KeepSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A build as it is queued: what is known before it runs.
 *
 * @param id the build id
 * @param submittedAt when it was queued (millisecond precision is what the database keeps)
 * @param requestJson the resolved request (digests only), or empty while its host-path inputs are
 *     still to be imported from {@code requestFile}
 * @param requestFile the request file it was read from, if any
 * @param command a one-line summary of the command, for listings
 * @param rebuildOf the build this one repeats, if it is a rebuild
 * @param keep the keep-sandbox policy
 * @param timeout the command's time limit
 * @param owner the process that queued it and will run it
 */
public record NewBuild(
    String id,
    Instant submittedAt,
    Optional<String> requestJson,
    Optional<Path> requestFile,
    String command,
    Optional<String> rebuildOf,
    KeepSandbox keep,
    Duration timeout,
    ProcessOwner owner) {
  public NewBuild {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(requestFile, "requestFile");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(rebuildOf, "rebuildOf");
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(owner, "owner");
    if (requestJson.isEmpty() && requestFile.isEmpty()) {
      throw new IllegalArgumentException("a build needs a resolved request or a request file");
    }
  }
}
