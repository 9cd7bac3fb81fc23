package dev.glassbox.sandbox;

import dev.glassbox.castore.NamedNode;
import java.nio.file.Path;
import java.util.List;

/** Makes a build's input nodes appear as a read-only directory (FUSE in production). */
public interface InputMounter {

  /** Mounts {@code inputs} at {@code mountpoint}; returns once the mount is visible. */
  MountedInputs mount(List<NamedNode> inputs, Path mountpoint) throws SandboxException;

  /** Finds and detaches mounts under {@code dir} that a killed process left behind. */
  List<Path> cleanupStale(Path dir);

  /** A live mount; closing it unmounts and waits until it is gone. Idempotent. */
  interface MountedInputs extends AutoCloseable {
    @Override
    void close();
  }
}
