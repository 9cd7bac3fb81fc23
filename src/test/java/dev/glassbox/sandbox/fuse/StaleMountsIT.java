package dev.glassbox.sandbox.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** A mount left by a SIGKILLed server is found and removed; live mounts are left alone. */
@EnabledIf("dev.glassbox.sandbox.fuse.FuseSupport#fuseAvailable")
class StaleMountsIT {
  @TempDir Path tmp;

  @AfterEach
  void nothingLeftMounted() throws IOException {
    // Last resort, so that a failing test cannot leave a mount on the machine.
    for (Path p : FuseSupport.glassboxMountsUnder(tmp)) {
      Unmounter.detach(p);
    }
  }

  @Test
  void cleansUpTheMountOfAKilledServerAndLeavesLiveOnes() throws Exception {
    Path stale = Files.createDirectories(tmp.resolve("builds/1/inputs"));
    Path live = Files.createDirectories(tmp.resolve("builds/2/inputs"));
    Path store = tmp.resolve("store");
    try (ServerProcess server =
            ServerProcess.start(
                tmp, List.of("-Xmx64m"), List.of(store.toString(), stale.toString()));
        FuseMount alive = FuseSupport.mount(FuseFixtures.emptyStore(), live, FuseOptions.DEFAULT)) {
      server.kill();

      // The kernel keeps the mount; every access fails with ENOTCONN.
      assertThat(FuseSupport.glassboxMountsUnder(tmp))
          .contains(stale.toRealPath(), alive.mountPoint());
      Throwable t = catchThrowable(() -> Files.newDirectoryStream(stale).close());
      assertThat(((FileSystemException) t).getReason())
          .isEqualTo("Transport endpoint is not connected");
      assertThat(StaleMounts.isStale(stale.toRealPath())).isTrue();
      assertThat(StaleMounts.isStale(alive.mountPoint())).isFalse();

      List<Path> cleaned = StaleMounts.cleanup(tmp.resolve("builds"));

      assertThat(cleaned).containsExactly(stale.toRealPath());
      assertThat(FuseSupport.glassboxMountsUnder(tmp)).containsExactly(alive.mountPoint());
      assertThat(Files.list(stale)).isEmpty(); // the plain directory is back
      assertThat(StaleMounts.cleanup(tmp)).isEmpty(); // nothing more to do
    }
    FuseSupport.assertNothingMountedUnder(tmp);
  }

  @Test
  void findsMountPointsWithSpacesInTheirNames() throws Exception {
    Path odd = Files.createDirectories(tmp.resolve("with space\tand tab"));
    try (ServerProcess server =
        ServerProcess.start(
            tmp, List.of("-Xmx64m"), List.of(tmp.resolve("store").toString(), odd.toString()))) {
      server.kill();
      assertThat(StaleMounts.cleanup(tmp)).containsExactly(odd.toRealPath());
    }
    FuseSupport.assertNothingMountedUnder(tmp);
  }

  @Test
  void aMissingDirectoryHasNothingToCleanUp() throws Exception {
    assertThat(StaleMounts.cleanup(tmp.resolve("never-created"))).isEmpty();
  }
}
