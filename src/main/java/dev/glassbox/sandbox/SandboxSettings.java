package dev.glassbox.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Host-side settings of the engine: where bundles live, which static shell backs {@code /bin/sh},
 * and how users are mapped.
 */
public record SandboxSettings(
    Path bundleRoot, Optional<Path> sandboxShell, RuntimeMode mode, long buildUid, long buildGid, long idMapBase) {
  /** The conventional Nix build user inside the sandbox, as in tvix. */
  public static final long BUILD_UID = 1000;

  public static final long BUILD_GID = 100;

  /** Start of the host id range a user namespace maps container ids onto. */
  public static final long DEFAULT_ID_MAP_BASE = 100_000;

  public SandboxSettings {
    Objects.requireNonNull(bundleRoot, "bundleRoot");
    Objects.requireNonNull(sandboxShell, "sandboxShell");
    Objects.requireNonNull(mode, "mode");
  }

  /** Bundles under {@code bundleRoot}, busybox as the shell if installed, the best mode this host supports. */
  public static SandboxSettings detect(Path bundleRoot) {
    return new SandboxSettings(
        bundleRoot, findSandboxShell(), detectMode(), BUILD_UID, BUILD_GID, DEFAULT_ID_MAP_BASE);
  }

  /** A statically linked busybox works inside any sandbox; a dynamic shell would need its libraries. */
  public static Optional<Path> findSandboxShell() {
    for (String p : new String[] {"/bin/busybox", "/usr/bin/busybox"}) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  /**
   * The first folder above {@code path} that other users cannot search (no o+x). In a user
   * namespace runc's mapped ids count as "other", so such a folder makes the rootfs unreachable.
   */
  public static Optional<Path> firstClosedAncestor(Path path) {
    for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p)
            && !Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          return Optional.of(p);
        }
      } catch (java.io.IOException e) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * A user namespace when the kernel allows them (safer: the build is nobody on the host),
   * otherwise plain root mode.
   */
  public static RuntimeMode detectMode() {
    try {
      String max = Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).strip();
      if (Long.parseLong(max) > 0 && Files.exists(Path.of("/proc/self/ns/user"))) {
        return RuntimeMode.USER_NAMESPACE;
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // no user namespaces
    }
    return RuntimeMode.ROOT;
  }
}
