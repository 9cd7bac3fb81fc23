package dev.glassbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.request.BuildConstraints;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.BuildResult;
import dev.glassbox.sandbox.InputMounter;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.SandboxSettings;
import dev.glassbox.sandbox.runc.RuncRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the runtime mode that really works here: the kernel may allow user namespaces while runc,
 * the bundle location or a security module still refuses them. A tiny probe build decides once;
 * the answer is cached in the store, keyed by kernel release and runc binary.
 */
final class ModeProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ModeProbe.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CACHE_FILE = "runtime-mode.json";

  private ModeProbe() {}

  static SandboxSettings choose(
      Path storeDir,
      SandboxSettings detected,
      Castore store,
      RuncRuntime runtime,
      InputMounter mounter,
      ExecutorService pool) {
    if (detected.mode() != RuntimeMode.USER_NAMESPACE || detected.sandboxShell().isEmpty()) {
      return detected;
    }
    String key = cacheKey(runtime);
    Path cache = storeDir.resolve(CACHE_FILE);
    Optional<RuntimeMode> cached = readCache(cache, key);
    if (cached.isPresent()) {
      return withMode(detected, cached.get());
    }
    RuntimeMode mode = probe(detected, store, runtime, mounter, pool);
    writeCache(cache, key, mode);
    return withMode(detected, mode);
  }

  private static RuntimeMode probe(
      SandboxSettings settings, Castore store, RuncRuntime runtime, InputMounter mounter, ExecutorService pool) {
    BuildRequest probe;
    try {
      probe =
          BuildRequest.builder()
              .commandArgs("/bin/sh", "-c", "true")
              .constraints(new BuildConstraints(HostFacts.thisSystem(), 0, List.of(), false, true))
              .build();
    } catch (dev.glassbox.request.InvalidBuildRequestException e) {
      throw new IllegalStateException("the probe request is valid by construction", e);
    }
    BuildResult r =
        new BuildEngine(store, settings, runtime, mounter, pool).prepare(probe, BuildOptions.defaults(), e -> {}).run();
    if (r.outcome() instanceof BuildOutcome.Succeeded) {
      return RuntimeMode.USER_NAMESPACE;
    }
    LOG.warn(
        "user-namespace sandboxes do not work here ({}); builds run in root mode instead",
        r.outcome() instanceof BuildOutcome.SetupFailed f ? f.message() : r.outcome().status());
    return RuntimeMode.ROOT;
  }

  private static SandboxSettings withMode(SandboxSettings s, RuntimeMode mode) {
    return new SandboxSettings(s.bundleRoot(), s.sandboxShell(), mode, s.buildUid(), s.buildGid(), s.idMapBase());
  }

  static String cacheKey(RuncRuntime runtime) {
    String kernel;
    try {
      kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (IOException e) {
      kernel = "unknown";
    }
    return kernel + " " + runtime.runcBinary();
  }

  private static Optional<RuntimeMode> readCache(Path cache, String key) {
    try {
      JsonNode j = JSON.readTree(cache.toFile());
      if (j != null && key.equals(j.path("key").asText())) {
        return Optional.of(RuntimeMode.valueOf(j.path("mode").asText()));
      }
    } catch (IOException | IllegalArgumentException e) {
      // absent or unreadable: probe again
    }
    return Optional.empty();
  }

  private static void writeCache(Path cache, String key, RuntimeMode mode) {
    ObjectNode j = JSON.createObjectNode().put("key", key).put("mode", mode.name());
    try {
      Path tmp = Files.createTempFile(cache.getParent(), CACHE_FILE, ".part");
      Files.writeString(tmp, j.toString());
      Files.move(tmp, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.debug("cannot cache the runtime mode: {}", e.getMessage());
    }
  }
}
