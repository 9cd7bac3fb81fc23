package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.disk.DiskStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A FUSE server in a JVM of its own, for tests that need one they can starve of heap or SIGKILL.
 *
 * <p>Arguments: {@code STORE_DIR MOUNT_POINT [NAME=HEXDIGEST:SIZE]...}. Prints {@code MOUNTED} once
 * the mount is visible, serves until its standard input is closed, then unmounts, prints {@code
 * UNMOUNTED} and exits 0. Any failure exits 1 with the reason on standard error.
 */
public final class FuseServerMain {
  private FuseServerMain() {}

  public static void main(String[] args) throws Exception {
    Castore store = DiskStore.open(Path.of(args[0]));
    List<NamedNode> roots = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] nameAndRest = args[i].split("=", 2);
      String[] digestAndSize = nameAndRest[1].split(":", 2);
      roots.add(
          new NamedNode(
              PathComponent.of(nameAndRest[0]),
              new FileNode(
                  Digest.parse(digestAndSize[0]), Long.parseLong(digestAndSize[1]), false)));
    }
    try (FuseMount m =
        FuseMount.mount(store, roots, Path.of(args[1]), FuseOptions.DEFAULT, AccessObserver.NONE)) {
      System.out.println(
          "MOUNTED at " + m.mountPoint() + " max-heap=" + Runtime.getRuntime().maxMemory());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the test closes our standard input
      }
    } catch (MountException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
    System.out.println("UNMOUNTED");
    System.out.flush();
    System.exit(0);
  }
}
