package dev.glassbox.sandbox.oci;

import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.ScratchPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where sandbox paths live on the host (engine-spec §4.6): a path inside scratch path {@code m}
 * is {@code <bundle>/scratch/<scratch_name(m)>/<rest>}, with the deepest scratch path winning.
 */
public final class HostOutputPaths {
  private HostOutputPaths() {}

  /** The host path of every output, in request order. */
  public static List<Path> of(BuildRequest request, Path bundleDir) {
    List<Path> out = new ArrayList<>();
    for (String o : request.outputs()) {
      out.add(
          map(request, bundleDir, o)
              .orElseThrow(
                  // BuildRequest guarantees every output lies in a scratch path.
                  () -> new IllegalStateException("output '" + o + "' lies under no scratch path")));
    }
    return out;
  }

  /** The host path of a sandbox path (relative to the sandbox root), if a scratch path holds it. */
  public static Optional<Path> map(BuildRequest request, Path bundleDir, String sandboxPath) {
    return ScratchPaths.find(request.scratchPaths(), sandboxPath)
        .map(m -> scratchDir(bundleDir, m.scratchPath()).resolve(m.relative()));
  }

  /** {@code <bundle>/scratch/<scratch_name(scratchPath)>}. */
  public static Path scratchDir(Path bundleDir, String scratchPath) {
    return bundleDir.resolve("scratch").resolve(ScratchNames.of(scratchPath));
  }
}
