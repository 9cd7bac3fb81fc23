package dev.glassbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The runtime mode is decided by a real probe build, then remembered per kernel and runc. */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class ModeProbeIT {
  @TempDir Path tmp;

  @Test
  void aWorkingUserNamespaceIsProbedOnceAndCached() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    SandboxSettings detected = SandboxSettings.detect(tmp.resolve("bundles"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        detected.mode() == RuntimeMode.USER_NAMESPACE, "the kernel here has no user namespaces");
    Castore store = DiskStore.open(tmp.resolve("store"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RuncRuntime runc = RuncRuntime.create(tmp.resolve("runc"))) {
      SandboxSettings chosen = ModeProbe.choose(tmp.resolve("store"), detected, store, runc, new FuseInputMounter(store), pool);
      assertThat(chosen.mode()).isEqualTo(RuntimeMode.USER_NAMESPACE);
      Path cache = tmp.resolve("store").resolve(ModeProbe.CACHE_FILE);
      assertThat(cache).content().contains("USER_NAMESPACE").contains(ModeProbe.cacheKey(runc));
      // A cached answer wins without probing: pretend an earlier probe found root mode only.
      Files.writeString(cache, Files.readString(cache).replace("USER_NAMESPACE", "ROOT"));
      assertThat(ModeProbe.choose(tmp.resolve("store"), detected, store, runc, new FuseInputMounter(store), pool).mode())
          .isEqualTo(RuntimeMode.ROOT);
      // A cache for another kernel or runc is ignored.
      Files.writeString(cache, "{\"key\":\"other-kernel /usr/sbin/runc\",\"mode\":\"ROOT\"}");
      assertThat(ModeProbe.choose(tmp.resolve("store"), detected, store, runc, new FuseInputMounter(store), pool).mode())
          .isEqualTo(RuntimeMode.USER_NAMESPACE);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedBundleLocationFallsBackToRootMode() throws Exception {
    // The bundle root sits below a folder other users cannot search: user namespaces cannot reach it.
    Path closed = Files.createDirectories(tmp.resolve("closed"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    SandboxSettings detected = SandboxSettings.detect(closed.resolve("bundles"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        detected.mode() == RuntimeMode.USER_NAMESPACE, "the kernel here has no user namespaces");
    Castore store = DiskStore.open(tmp.resolve("store"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RuncRuntime runc = RuncRuntime.create(tmp.resolve("runc"))) {
      assertThat(ModeProbe.choose(tmp.resolve("store"), detected, store, runc, new FuseInputMounter(store), pool).mode())
          .isEqualTo(RuntimeMode.ROOT);
    } finally {
      pool.shutdownNow();
    }
  }
}
