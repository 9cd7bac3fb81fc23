package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.sandbox.InputMounter;
import dev.glassbox.sandbox.SandboxException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves build inputs through the jnr-fuse {@link InputFilesystem}. */
public final class FuseInputMounter implements InputMounter {
  private static final Logger LOG = LoggerFactory.getLogger(FuseInputMounter.class);

  private final Castore store;
  private final FuseOptions options;
  private final Function<Path, AccessObserver> observers;

  /** Mounts as the OCI builder does: root listing on, no xattrs, no access tracing. */
  public FuseInputMounter(Castore store) {
    this(store, new FuseOptions(true, false), p -> AccessObserver.NONE);
  }

  /** {@code observers} gives the access observer for a mount point (for input tracing). */
  public FuseInputMounter(Castore store, FuseOptions options, Function<Path, AccessObserver> observers) {
    this.store = store;
    this.options = options;
    this.observers = observers;
  }

  @Override
  public MountedInputs mount(List<NamedNode> inputs, Path mountpoint) throws SandboxException {
    return mount(inputs, mountpoint, observers.apply(mountpoint));
  }

  @Override
  public MountedInputs mount(List<NamedNode> inputs, Path mountpoint, AccessObserver observer)
      throws SandboxException {
    try {
      FuseMount m = FuseMount.mount(store, inputs, mountpoint, options, observer);
      return () -> {
        try {
          m.close();
        } catch (MountException e) {
          LOG.warn("unmounting {} failed: {}", mountpoint, e.getMessage());
        }
      };
    } catch (MountException e) {
      throw new SandboxException(e.getMessage(), e);
    }
  }

  @Override
  public List<Path> cleanupStale(Path dir) {
    try {
      return StaleMounts.cleanup(dir);
    } catch (MountException e) {
      LOG.warn("cannot clean stale mounts under {}: {}", dir, e.getMessage());
      return List.of();
    }
  }
}
