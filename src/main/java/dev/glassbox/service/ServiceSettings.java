package dev.glassbox.service;

import java.time.Duration;

/**
 * How the build service behaves.
 *
 * @param maxConcurrent builds running at once (more wait in the queue); changeable later with
 *     {@link BuildService#setMaxConcurrent}
 * @param keepFailedSandboxes the user's opt-in to keep the sandbox of every build that does not
 *     succeed, even when the build itself did not ask
 * @param liveBufferEvents how many log lines a service-wide listener may fall behind before its
 *     lines are coalesced into {@link ServiceEvent.LogsSkipped}
 * @param cancelPollInterval how often the service looks for cancel requests made by other
 *     processes ({@code glassbox cancel})
 */
public record ServiceSettings(
    int maxConcurrent, boolean keepFailedSandboxes, int liveBufferEvents, Duration cancelPollInterval) {
  public static final int DEFAULT_MAX_CONCURRENT = 2;

  public ServiceSettings {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("at least one build must be able to run, got maxConcurrent " + maxConcurrent);
    }
    if (liveBufferEvents < 1) {
      throw new IllegalArgumentException("liveBufferEvents must be positive, got " + liveBufferEvents);
    }
    if (cancelPollInterval.isNegative() || cancelPollInterval.isZero()) {
      throw new IllegalArgumentException("cancelPollInterval must be positive, got " + cancelPollInterval);
    }
  }

  /** Two builds at once, sandboxes kept only when asked, a 10,000-line live buffer, 250 ms polling. */
  public static ServiceSettings defaults() {
    return new ServiceSettings(DEFAULT_MAX_CONCURRENT, false, 10_000, Duration.ofMillis(250));
  }

  public ServiceSettings withMaxConcurrent(int n) {
    return new ServiceSettings(n, keepFailedSandboxes, liveBufferEvents, cancelPollInterval);
  }

  public ServiceSettings withKeepFailedSandboxes(boolean keep) {
    return new ServiceSettings(maxConcurrent, keep, liveBufferEvents, cancelPollInterval);
  }

  public ServiceSettings withLiveBufferEvents(int n) {
    return new ServiceSettings(maxConcurrent, keepFailedSandboxes, n, cancelPollInterval);
  }
}
