package dev.glassbox.app;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.history.StoreLock;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import dev.glassbox.service.BuildService;
import dev.glassbox.service.ServiceException;
import dev.glassbox.service.ServiceSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: wires the store, FUSE, runc, the build engine, the history and the build
 * service for one store directory.
 */
public final class Engine implements AutoCloseable {
  private final Path storeDir;
  private final Castore store;
  private final ExecutorService ioPool;
  private final RuncRuntime runtime;
  private final BuildEngine builds;
  private final History history;
  private final BuildService service;

  private Engine(
      Path storeDir,
      Castore store,
      ExecutorService ioPool,
      RuncRuntime runtime,
      BuildEngine builds,
      History history,
      BuildService service) {
    this.storeDir = storeDir;
    this.store = store;
    this.ioPool = ioPool;
    this.runtime = runtime;
    this.builds = builds;
    this.history = history;
    this.service = service;
  }

  /** {@link #open(Path, ServiceSettings)} with the default service settings. */
  public static Engine open(Path storeDir)
      throws StoreException, RuntimeNotFoundException, HistoryException, ServiceException {
    return open(storeDir, ServiceSettings.defaults());
  }

  /**
   * Opens the store, its history and the sandbox machinery, and recovers from any process that was
   * killed mid-build: its builds are recorded as interrupted, and its stale mounts, orphaned
   * containers and abandoned bundles are removed.
   */
  public static Engine open(Path storeDir, ServiceSettings serviceSettings)
      throws StoreException, RuntimeNotFoundException, HistoryException, ServiceException {
    Castore store = DiskStore.open(storeDir);
    ExecutorService pool = newIoPool();
    RuncRuntime runtime;
    try {
      runtime = RuncRuntime.create(RuncRuntime.DEFAULT_STATE_ROOT);
    } catch (RuntimeNotFoundException e) {
      pool.shutdownNow();
      throw e;
    }
    History history;
    try {
      history = History.open(storeDir);
    } catch (HistoryException e) {
      runtime.close();
      pool.shutdownNow();
      throw e;
    }
    FuseInputMounter mounter = new FuseInputMounter(store);
    SandboxSettings settings =
        ModeProbe.choose(storeDir, SandboxSettings.detect(bundleRoot(storeDir)), store, runtime, mounter, pool);
    BuildEngine engine = new BuildEngine(store, settings, runtime, mounter, pool);
    BuildService service = new BuildService(engine, store, pool, history, StoreLock.of(storeDir), serviceSettings);
    Engine e = new Engine(storeDir, store, pool, runtime, engine, history, service);
    try {
      List<String> recovered = service.start();
      recovered.forEach(line -> org.slf4j.LoggerFactory.getLogger(Engine.class).info(line));
    } catch (ServiceException ex) {
      e.close();
      throw ex;
    }
    return e;
  }

  /**
   * Where sandboxes are assembled: {@code $GLASSBOX_BUNDLES}, else {@code /var/lib/glassbox/bundles}
   * as root (a home folder like /root is closed to the unprivileged ids a user namespace maps the
   * build to), else {@code <store>/bundles}.
   */
  public static Path bundleRoot(Path storeDir) {
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

  public History history() {
    return history;
  }

  public BuildService service() {
    return service;
  }

  /** Cancels what still runs (cleaning up after it), then closes the history and the runtime. */
  @Override
  public void close() {
    service.close();
    history.close();
    runtime.close();
    ioPool.shutdownNow();
  }
}
