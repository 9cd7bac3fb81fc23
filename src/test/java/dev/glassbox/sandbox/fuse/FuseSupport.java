package dev.glassbox.sandbox.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Castore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared by the FUSE integration tests: availability checks and leftover-mount checks. */
final class FuseSupport {
  private static Boolean available;

  private FuseSupport() {}

  /**
   * Whether real FUSE mounts can be made here: /dev/fuse is present and libfuse2 loads. Used with
   * {@code @EnabledIf}, so that a machine without them reports the tests as skipped.
   */
  static synchronized boolean fuseAvailable() {
    if (available == null) {
      boolean ok = Files.exists(Path.of("/dev/fuse"));
      if (ok) {
        try {
          new InputFilesystem(
              FuseFixtures.emptyStore(), List.of(), FuseOptions.DEFAULT, AccessObserver.NONE);
        } catch (LinkageError e) {
          ok = false;
        }
      }
      available = ok;
    }
    return available;
  }

  /** Glassbox mounts at or below {@code dir}, for "nothing left behind" checks. */
  static List<Path> glassboxMountsUnder(Path dir) throws IOException {
    Path real = dir.toRealPath();
    List<Path> found = new ArrayList<>();
    for (MountTable.Mount m : MountTable.read()) {
      if (m.isGlassbox() && m.mountPoint().startsWith(real)) {
        found.add(m.mountPoint());
      }
    }
    return found;
  }

  static void assertNothingMountedUnder(Path dir) throws IOException {
    assertThat(glassboxMountsUnder(dir)).as("Glassbox mounts left under " + dir).isEmpty();
  }

  static FuseMount mount(
      Castore store, Path at, FuseOptions options, dev.glassbox.castore.NamedNode... roots)
      throws MountException {
    return FuseMount.mount(store, List.of(roots), at, options, AccessObserver.NONE);
  }
}
