package dev.glassbox.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.history.History;
import dev.glassbox.history.StoreLock;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildListener;
import dev.glassbox.sandbox.SandboxAvailability;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real build service (disk store, history, FUSE, runc) in a temp dir with its own runc state root. */
final class ServiceHarness implements AutoCloseable {
  final Path dir;
  final Path storeDir;
  final Castore store;
  final RuncRuntime runtime;
  final BuildEngine engine;
  final History history;
  final BuildService service;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  ServiceHarness(Path dir, ServiceSettings settings) throws Exception {
    this(dir, settings, BuildListener.NONE);
  }

  ServiceHarness(Path dir, ServiceSettings settings, BuildListener tap) throws Exception {
    this.dir = dir;
    // JUnit's temp dirs are mode 700; user-namespace builds need to pass through them.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    this.storeDir = dir.resolve("store");
    this.store = DiskStore.open(storeDir);
    this.runtime = RuncRuntime.create(dir.resolve("runc-state"));
    SandboxSettings sandbox = SandboxSettings.detect(dir.resolve("bundles"));
    this.engine = new BuildEngine(store, sandbox, runtime, new FuseInputMounter(store), pool);
    this.history = History.open(storeDir);
    this.service = new BuildService(engine, store, pool, history, StoreLock.of(storeDir), settings, tap);
    service.start();
  }

  static boolean canRunSandboxes() {
    return SandboxAvailability.canRunSandboxes();
  }

  /** A request running {@code script} with busybox as /bin/sh and one output {@code $out}. */
  BuildRequest shell(String script) throws Exception {
    return new RequestReader(RequestValidator.forThisHost(store)).parse(shellJson(script, ""), dir, new Ingester(store, pool)::ingest);
  }

  static String shellJson(String script, String inputs) {
    return """
        {
          "inputs": [%s],
          "commandArgs": ["/bin/sh", "-c", %s],
          "workingDir": "build",
          "scratchPaths": ["build", "nix/store"],
          "inputsDir": "nix/store",
          "outputs": ["nix/store/00000000000000000000000000000000-out"],
          "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
          "constraints": {"system": "%s", "provideBinSh": true}
        }
        """
        .formatted(inputs, new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(script), HostFacts.detect().system());
  }

  /** Nothing of any build may remain: no mount, no container, no bundle (kept ones excepted). */
  void assertNothingLeftBehind() throws Exception {
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("FUSE mounts").doesNotContain(dir.toString());
    assertThat(runtime.listContainers()).as("runc containers").isEmpty();
    Path bundles = engine.settings().bundleRoot();
    if (Files.isDirectory(bundles)) {
      try (var s = Files.list(bundles)) {
        List<Path> left = s.filter(p -> !Files.exists(p.resolve(BuildEngine.KEPT_MARKER))).toList();
        assertThat(left).as("bundles left behind").isEmpty();
      }
    }
  }

  @Override
  public void close() {
    service.close();
    history.close();
    runtime.close();
    pool.shutdownNow();
  }

  /** Collects every batch a listener receives. */
  static class Collector implements ServiceListener {
    final List<ServiceEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvents(List<ServiceEvent> batch) {
      events.addAll(batch);
      notifyAll();
    }

    synchronized List<ServiceEvent> snapshot() {
      return List.copyOf(events);
    }

    /** Waits until an event matching {@code p} arrived. */
    synchronized ServiceEvent await(java.util.function.Predicate<ServiceEvent> p, long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      while (true) {
        for (ServiceEvent e : events) {
          if (p.test(e)) {
            return e;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("no matching event within " + millis + " ms; got " + events.size() + " events");
        }
        wait(left);
      }
    }
  }
}
