package dev.glassbox.sandbox;

/** Whether this machine can run real sandboxes (root, runc, /dev/fuse, a static busybox). */
public final class SandboxAvailability {
  private SandboxAvailability() {}

  public static boolean canRunSandboxes() {
    return EngineHarness.canRunSandboxes();
  }
}
