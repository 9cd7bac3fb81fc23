package dev.glassbox.app;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The composition root: wires the store, FUSE, runc and the build engine for one store directory. */
public final class Engine implements AutoCloseable {
  private final Path storeDir;
  private final Castore store;
  private final ExecutorService ioPool;
  private final RuncRuntime runtime;
  private final BuildEngine builds;

  private Engine(Path storeDir, Castore store, ExecutorService ioPool, RuncRuntime runtime, BuildEngine builds) {
    this.storeDir = storeDir;
    this.store = store;
    this.ioPool = ioPool;
    this.runtime = runtime;
    this.builds = builds;
  }

  /**
   * Opens the store and the sandbox machinery, and cleans up after any process that was killed
   * mid-build (stale mounts, orphaned containers, abandoned bundles).
   */
  public static Engine open(Path storeDir) throws StoreException, RuntimeNotFoundException {
    Castore store = DiskStore.open(storeDir);
    ExecutorService pool = newIoPool();
    RuncRuntime runtime;
    try {
      runtime = RuncRuntime.create(RuncRuntime.DEFAULT_STATE_ROOT);
    } catch (RuntimeNotFoundException e) {
      pool.shutdownNow();
      throw e;
    }
    FuseInputMounter mounter = new FuseInputMounter(store);
    SandboxSettings settings =
        ModeProbe.choose(storeDir, SandboxSettings.detect(bundleRoot(storeDir)), store, runtime, mounter, pool);
    BuildEngine engine = new BuildEngine(store, settings, runtime, mounter, pool);
    Engine e = new Engine(storeDir, store, pool, runtime, engine);
    List<String> cleaned = engine.cleanupAbandoned();
    cleaned.forEach(line -> org.slf4j.LoggerFactory.getLogger(Engine.class).info(line));
    return e;
  }

  /**
   * Where sandboxes are assembled: {@code $GLASSBOX_BUNDLES}, else {@code /var/lib/glassbox/bundles}
   * as root (a home folder like /root is closed to the unprivileged ids a user namespace maps the
   * build to), else {@code <store>/bundles}.
   */
  static Path bundleRoot(Path storeDir) {
    String env = System.getenv("GLASSBOX_BUNDLES");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/glassbox/bundles");
    }
    return storeDir.resolve("bundles");
  }

  /** Threads for copying and hashing files: more than cores, since they also wait on I/O. */
  public static ExecutorService newIoPool() {
    int n = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "glassbox-io-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public Path storeDir() {
    return storeDir;
  }

  public Castore store() {
    return store;
  }

  public ExecutorService ioPool() {
    return ioPool;
  }

  public BuildEngine builds() {
    return builds;
  }

  @Override
  public void close() {
    runtime.close();
    ioPool.shutdownNow();
  }
}
