package dev.glassbox.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The runtime spec a build ran with, as the history keeps it: the bundle may be long gone, the
 * spec stays so the sandbox can still be explained.
 *
 * @param buildId the build
 * @param bundle where its bundle was written (it may no longer exist)
 * @param configJson the {@code config.json} exactly as written into the bundle
 * @param writtenAt when the bundle was written
 */
public record SandboxConfig(String buildId, Path bundle, String configJson, Instant writtenAt) {
  public SandboxConfig {
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(configJson, "configJson");
    Objects.requireNonNull(writtenAt, "writtenAt");
    if (configJson.isBlank()) {
      throw new IllegalArgumentException(
          "build " + buildId + ": an empty config.json explains nothing");
    }
  }
}
