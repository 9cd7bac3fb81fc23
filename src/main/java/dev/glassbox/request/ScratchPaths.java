package dev.glassbox.request;

import java.util.List;
import java.util.Optional;

/**
 * Finds the scratch path a sandbox path lies in, as tvix's {@code find_path_in_scratchs} does
 * (engine-spec §4.6): the last scratch path, in request order, that is a prefix on a component
 * boundary.
 */
public final class ScratchPaths {
  private ScratchPaths() {}

  /**
   * Where a path lies.
   *
   * @param scratchPath the scratch path that contains it
   * @param relative the rest of the path below the scratch path, {@code ""} when they are equal
   */
  public record Match(String scratchPath, String relative) {}

  /**
   * The scratch path holding {@code path}, searched in reverse so the deeper of two nested scratch
   * paths wins ({@code nix} and {@code nix/store} map {@code nix/store/x} through {@code
   * nix/store}). An empty scratch path holds every path.
   */
  public static Optional<Match> find(List<String> scratchPaths, String path) {
    for (int i = scratchPaths.size() - 1; i >= 0; i--) {
      String m = scratchPaths.get(i);
      if (m == null) {
        continue;
      }
      if (m.isEmpty()) {
        return Optional.of(new Match(m, path));
      }
      if (path.equals(m)) {
        return Optional.of(new Match(m, ""));
      }
      if (path.length() > m.length() && path.startsWith(m) && path.charAt(m.length()) == '/') {
        return Optional.of(new Match(m, path.substring(m.length() + 1)));
      }
    }
    return Optional.empty();
  }
}
