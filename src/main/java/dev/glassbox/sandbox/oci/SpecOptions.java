package dev.glassbox.sandbox.oci;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How Glassbox runs runc, as far as the runtime spec shows it.
 *
 * @param rootless runc runs unprivileged in a user namespace (tvix's mode: 14 capabilities,
 *     {@code /sys} bind-mounted, a {@code user} namespace); false for runc as root
 * @param sandboxShell host path of the static shell bind-mounted at {@code /bin/sh} when a request
 *     asks for it ({@code provideBinSh}), e.g. {@code /bin/busybox}
 * @param uidMappings user-namespace maps, required with {@code rootless} and absent without
 * @param gidMappings as {@code uidMappings}, for groups
 * @param uid the build process's user inside the container
 * @param gid the build process's group inside the container
 * @param terminal give the process a pseudo-terminal; tvix does, Glassbox does not, so stdout and
 *     stderr stay two streams
 */
public record SpecOptions(
    boolean rootless,
    Optional<String> sandboxShell,
    List<IdMapping> uidMappings,
    List<IdMapping> gidMappings,
    long uid,
    long gid,
    boolean terminal) {

  /** tvix's hard-coded maps: daemon uid 1000 / gid 100 is container root, 100000 is the builder. */
  public static final List<IdMapping> TVIX_UID_MAPPINGS =
      List.of(new IdMapping(1000, 0, 1), new IdMapping(100_000, 1000, 1));

  public static final List<IdMapping> TVIX_GID_MAPPINGS =
      List.of(new IdMapping(100, 0, 1), new IdMapping(100_000, 100, 1));

  public SpecOptions {
    Objects.requireNonNull(sandboxShell, "sandboxShell");
    uidMappings = List.copyOf(uidMappings);
    gidMappings = List.copyOf(gidMappings);
    if (rootless && (uidMappings.isEmpty() || gidMappings.isEmpty())) {
      throw new IllegalArgumentException(
          "rootless mode needs uid and gid mappings for its user namespace; give the current user"
              + " and a subordinate id range (/etc/subuid, /etc/subgid)");
    }
    if (!rootless && !(uidMappings.isEmpty() && gidMappings.isEmpty())) {
      throw new IllegalArgumentException(
          "uid/gid mappings need a user namespace, which only rootless mode creates; drop them or"
              + " run rootless");
    }
    if (uid < 0 || uid > 0xffff_ffffL || gid < 0 || gid > 0xffff_ffffL) {
      throw new IllegalArgumentException("uid and gid are 32-bit unsigned, got " + uid + "/" + gid);
    }
    sandboxShell.ifPresent(
        s -> {
          if (!s.startsWith("/")) {
            throw new IllegalArgumentException(
                "the sandbox shell must be an absolute host path, got '" + s + "'");
          }
        });
  }

  /** Exactly what tvix's OCI build service uses (for golden tests and comparisons). */
  public static SpecOptions tvix(String sandboxShell) {
    return new SpecOptions(
        true, Optional.of(sandboxShell), TVIX_UID_MAPPINGS, TVIX_GID_MAPPINGS, 1000, 100, true);
  }

  /** Unprivileged runc with the given maps; no terminal. */
  public static SpecOptions rootless(
      Optional<String> sandboxShell,
      List<IdMapping> uidMappings,
      List<IdMapping> gidMappings,
      long uid,
      long gid) {
    return new SpecOptions(true, sandboxShell, uidMappings, gidMappings, uid, gid, false);
  }

  /** runc as root, the process as {@code uid}/{@code gid}; no terminal. */
  public static SpecOptions root(Optional<String> sandboxShell, long uid, long gid) {
    return new SpecOptions(false, sandboxShell, List.of(), List.of(), uid, gid, false);
  }

  public SpecOptions withTerminal(boolean on) {
    return new SpecOptions(rootless, sandboxShell, uidMappings, gidMappings, uid, gid, on);
  }
}
