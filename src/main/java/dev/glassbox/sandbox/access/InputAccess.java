package dev.glassbox.sandbox.access;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a build did to its inputs, as recorded by an {@link AccessRecorder}.
 *
 * @param paths every existing input path it touched, sorted by path
 * @param failedLookups the names it looked for and did not find, in the order of their first
 *     attempts
 * @param droppedPaths distinct touched paths beyond the recorder's cap, not listed
 * @param droppedFailedLookups distinct failed names beyond the recorder's cap, not listed
 */
public record InputAccess(
    List<PathAccess> paths,
    List<FailedLookup> failedLookups,
    long droppedPaths,
    long droppedFailedLookups) {
  public InputAccess {
    paths = paths.stream().sorted(Comparator.comparing(PathAccess::path)).toList();
    failedLookups =
        failedLookups.stream()
            .sorted(
                Comparator.comparingLong(FailedLookup::firstEpochMillis)
                    .thenComparingLong(FailedLookup::logSeq)
                    .thenComparing(FailedLookup::path))
            .toList();
    if (droppedPaths < 0 || droppedFailedLookups < 0) {
      throw new IllegalArgumentException("dropped counts cannot be negative");
    }
  }

  /** A build that touched nothing. */
  public static InputAccess empty() {
    return new InputAccess(List.of(), List.of(), 0, 0);
  }

  /** The record of {@code path}, if the build touched it. */
  public java.util.Optional<PathAccess> path(String path) {
    Objects.requireNonNull(path, "path");
    return paths.stream().filter(p -> p.path().equals(path)).findFirst();
  }

  /** Total bytes read from all inputs. */
  public long bytesRead() {
    return paths.stream().mapToLong(PathAccess::bytesRead).sum();
  }
}
