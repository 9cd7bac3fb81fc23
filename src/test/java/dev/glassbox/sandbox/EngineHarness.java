package dev.glassbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.fuse.FuseInputMounter;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** A real engine (disk store, FUSE, runc) in a temp dir, with its own runc state root. */
final class EngineHarness implements AutoCloseable {
  final Path dir;
  final Castore store;
  final RuncRuntime runtime;
  final BuildEngine engine;
  final SandboxSettings settings;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  EngineHarness(Path dir, RuntimeMode mode) throws Exception {
    this.dir = dir;
    // JUnit's temp dirs are mode 700; user-namespace builds need to pass through them.
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    this.store = DiskStore.open(dir.resolve("store"));
    this.runtime = RuncRuntime.create(dir.resolve("runc-state"));
    this.settings =
        new SandboxSettings(
            dir.resolve("bundles"),
            SandboxSettings.findSandboxShell(),
            mode,
            SandboxSettings.BUILD_UID,
            SandboxSettings.BUILD_GID,
            SandboxSettings.DEFAULT_ID_MAP_BASE);
    this.engine = new BuildEngine(store, settings, runtime, new FuseInputMounter(store), pool);
  }

  static boolean canRunSandboxes() {
    try {
      return RuncRuntime.findRunc().isPresent()
          && Files.exists(Path.of("/dev/fuse"))
          && SandboxSettings.findSandboxShell().isPresent()
          && ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Parses request JSON; host paths are relative to the harness dir. */
  BuildRequest request(String json) throws Exception {
    Ingester ingester = new Ingester(store, pool);
    return new RequestReader(RequestValidator.forThisHost(store)).parse(json, dir, ingester::ingest);
  }

  /** A request running {@code script} with busybox as /bin/sh, one output {@code $out}. */
  BuildRequest shell(String script, String extraFields) throws Exception {
    String json =
        """
        {
          "commandArgs": ["/bin/sh", "-c", %s],
          "workingDir": "build",
          "scratchPaths": ["build", "nix/store"],
          "inputsDir": "nix/store",
          "outputs": ["nix/store/00000000000000000000000000000000-out"],
          "environmentVars": [{"key": "out", "value": "/nix/store/00000000000000000000000000000000-out"}],
          "constraints": {"system": "%s", "provideBinSh": true %s}
        }
        """
            .formatted(quote(script), dev.glassbox.request.HostFacts.detect().system(), extraFields);
    return request(json);
  }

  static String quote(String s) {
    return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(s).toString();
  }

  /** Runs a build to the end and records its events. */
  Run run(BuildRequest request, BuildOptions options) {
    Run r = new Run();
    BuildEngine.Execution e = engine.prepare(request, options, r.events::add);
    r.result = e.run();
    return r;
  }

  Run run(BuildRequest request) {
    return run(request, BuildOptions.defaults());
  }

  /** Nothing of any build may remain: no mount, no container, no bundle (kept ones excepted). */
  void assertNothingLeftBehind() throws Exception {
    String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
    assertThat(mounts).as("FUSE mounts").doesNotContain(dir.toString());
    assertThat(runtime.listContainers()).as("runc containers").isEmpty();
    if (Files.isDirectory(settings.bundleRoot())) {
      try (var s = Files.list(settings.bundleRoot())) {
        List<Path> left = s.filter(p -> !Files.exists(p.resolve(BuildEngine.KEPT_MARKER))).toList();
        assertThat(left).as("bundles left behind").isEmpty();
      }
    }
  }

  @Override
  public void close() {
    runtime.close();
    pool.shutdownNow();
  }

  /** The events and result of one build. */
  static final class Run {
    final ConcurrentLinkedQueue<BuildEvent> events = new ConcurrentLinkedQueue<>();
    BuildResult result;

    BuildOutcome outcome() {
      return result.outcome();
    }

    List<LogLine> lines() {
      return events.stream()
          .filter(e -> e instanceof BuildEvent.Log)
          .map(e -> ((BuildEvent.Log) e).line())
          .collect(Collectors.toList());
    }

    String stdout() {
      return lines().stream()
          .filter(l -> l.stream() == LogStream.STDOUT)
          .map(LogLine::text)
          .collect(Collectors.joining("\n"));
    }

    String stderr() {
      return lines().stream()
          .filter(l -> l.stream() == LogStream.STDERR)
          .map(LogLine::text)
          .collect(Collectors.joining("\n"));
    }

    String describe() {
      return result.outcome() + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
