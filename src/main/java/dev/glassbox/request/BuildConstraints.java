package dev.glassbox.request;

import java.util.List;
import java.util.Objects;

/**
 * What a build needs from the machine (tvix's constraint set): a system such as {@code
 * x86_64-linux}, a minimum of memory in bytes (unsigned), host paths to expose read-only, network
 * access and a {@code /bin/sh}. The rules are checked by {@link BuildRequest} with field paths.
 */
public record BuildConstraints(
    String system,
    long minMemory,
    List<String> availableRoPaths,
    boolean networkAccess,
    boolean provideBinSh) {
  public BuildConstraints {
    Objects.requireNonNull(system, "system");
    availableRoPaths = List.copyOf(availableRoPaths);
  }
}
