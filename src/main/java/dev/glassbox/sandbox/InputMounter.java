package dev.glassbox.sandbox;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.sandbox.fuse.AccessObserver;
import java.nio.file.Path;
import java.util.List;

/** Makes a build's input nodes appear as a read-only directory (FUSE in production). */
public interface InputMounter {

  /** Mounts {@code inputs} at {@code mountpoint}; returns once the mount is visible. */
  MountedInputs mount(List<NamedNode> inputs, Path mountpoint) throws SandboxException;

  /**
   * The same, telling {@code observer} about every access to the inputs (input tracing).
   *
   * @throws SandboxException also when this mounter cannot trace (the default): an untraced mount
   *     would report every input as unread
   */
  default MountedInputs mount(List<NamedNode> inputs, Path mountpoint, AccessObserver observer)
      throws SandboxException {
    throw new SandboxException(
        getClass().getSimpleName()
            + " cannot trace input accesses; run the build with tracing off");
  }

  /** Finds and detaches mounts under {@code dir} that a killed process left behind. */
  List<Path> cleanupStale(Path dir);

  /** A live mount; closing it unmounts and waits until it is gone. Idempotent. */
  interface MountedInputs extends AutoCloseable {
    @Override
    void close();
  }
}
