package dev.glassbox.sandbox.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The mount lifecycle: clear failures, no leftovers, no leaked threads. */
@EnabledIf("dev.glassbox.sandbox.fuse.FuseSupport#fuseAvailable")
class FuseMountIT {
  @TempDir Path tmp;

  @AfterEach
  void nothingLeftMounted() throws IOException {
    FuseSupport.assertNothingMountedUnder(tmp);
  }

  @Test
  void aMissingMountPointIsReportedWithWhatToDo() {
    assertThatThrownBy(
            () ->
                FuseSupport.mount(
                    FuseFixtures.emptyStore(), tmp.resolve("nope"), FuseOptions.DEFAULT))
        .isInstanceOf(MountException.class)
        .hasMessageContaining(tmp.resolve("nope").toString())
        .hasMessageContaining("create the directory first");
  }

  @Test
  void aFileAsMountPointIsRefused() throws Exception {
    Path file = Files.createFile(tmp.resolve("file"));
    assertThatThrownBy(
            () -> FuseSupport.mount(FuseFixtures.emptyStore(), file, FuseOptions.DEFAULT))
        .isInstanceOf(MountException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aSecondMountAtTheSamePlaceIsRefused() throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    try (FuseMount first = FuseSupport.mount(FuseFixtures.emptyStore(), mnt, FuseOptions.DEFAULT)) {
      assertThatThrownBy(
              () -> FuseSupport.mount(FuseFixtures.emptyStore(), mnt, FuseOptions.DEFAULT))
          .isInstanceOf(MountException.class)
          .hasMessageContaining("mounted there already");
      assertThat(MountTable.glassboxMountedAt(first.mountPoint())).isTrue();
    }
  }

  @Test
  void repeatedMountsLeaveNoMountsNoThreadsAndNoOpenFiles() throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    long slowest = 0;
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      try (FuseMount m =
          FuseMount.mount(
              FuseFixtures.populatedStore(),
              List.of(FuseFixtures.blobB()),
              mnt,
              FuseOptions.DEFAULT,
              AccessObserver.NONE)) {
        slowest = Math.max(slowest, System.nanoTime() - start);
        assertThat(Files.size(m.mountPoint().resolve(FuseFixtures.BLOB_B_NAME)))
            .isEqualTo(FuseFixtures.BLOB_B.length);
        Files.readAllBytes(m.mountPoint().resolve(FuseFixtures.BLOB_B_NAME));
      }
      assertThat(MountTable.glassboxMountedAt(mnt.toRealPath())).isFalse();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("glassbox-fuse ") && t.isAlive());
    // Mounting is a poll of mountinfo in 5 ms steps, not a fixed sleep.
    assertThat(slowest / 1_000_000).isLessThan(2_000);
  }

  /** Builds run in parallel: several mounts served by one JVM at once, closed in any order. */
  @Test
  void concurrentMountsInOneJvm() throws Exception {
    int n = 4;
    List<FuseMount> mounts = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Path mnt = Files.createDirectories(tmp.resolve("mnt" + i));
        mounts.add(
            FuseMount.mount(
                FuseFixtures.populatedStore(),
                i % 2 == 0
                    ? List.of(FuseFixtures.blobB())
                    : List.of(FuseFixtures.blobB(), FuseFixtures.helloWorld()),
                mnt,
                FuseOptions.DEFAULT,
                AccessObserver.NONE));
      }
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        List<Future<byte[]>> reads = new ArrayList<>();
        for (FuseMount m : mounts) {
          reads.add(
              pool.submit(
                  () -> Files.readAllBytes(m.mountPoint().resolve(FuseFixtures.BLOB_B_NAME))));
        }
        for (Future<byte[]> f : reads) {
          assertThat(Arrays.equals(f.get(), FuseFixtures.BLOB_B)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      // Closing one leaves the others serving.
      mounts.get(1).close();
      assertThat(Files.readAllBytes(mounts.get(2).mountPoint().resolve(FuseFixtures.BLOB_B_NAME)))
          .hasSize(FuseFixtures.BLOB_B.length);
      assertThat(Files.exists(mounts.get(1).mountPoint().resolve(FuseFixtures.BLOB_B_NAME)))
          .isFalse();
    } finally {
      for (FuseMount m : mounts) {
        m.close();
      }
    }
  }

  @Test
  void afterCloseTheFilesystemAnswersNothingFromTheStore() throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    FuseMount m =
        FuseSupport.mount(
            FuseFixtures.populatedStore(), mnt, FuseOptions.DEFAULT, FuseFixtures.blobA());
    m.close();
    assertThat(m.filesystem().table()).isEmpty(); // detached: jnr-fuse's shutdown hook pins nothing
    m.close();
  }
}
