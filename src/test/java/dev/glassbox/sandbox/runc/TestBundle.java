package dev.glassbox.sandbox.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made OCI bundles for the runc tests: a busybox rootfs and a minimal config.json, written
 * here rather than by the engine's spec code so these tests check runc handling on their own.
 */
final class TestBundle {
  static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> APPLETS =
      List.of("sh", "echo", "printf", "sleep", "seq", "yes", "head", "tr", "kill", "cat", "true");

  private TestBundle() {}

  /** A read-only-able rootfs with a static busybox and the applets the tests use. */
  static Path createRootfs(Path dir) throws IOException {
    Path root = Files.createDirectories(dir);
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    for (String mountPoint : List.of("proc", "dev", "tmp")) {
      Files.createDirectories(root.resolve(mountPoint));
    }
    return root;
  }

  /** Writes bundleDir/config.json running {@code /bin/sh -c script}; returns bundleDir. */
  static Path shell(Path bundleDir, Path rootfs, String script) throws IOException {
    return write(bundleDir, rootfs, List.of("/bin/sh", "-c", script), true);
  }

  /**
   * Writes bundleDir/config.json with the given args; without a pid namespace if {@code
   * pidNamespace} is false (then the process is not the init of its own namespace).
   */
  static Path write(Path bundleDir, Path rootfs, List<String> args, boolean pidNamespace)
      throws IOException {
    Files.createDirectories(bundleDir);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("ociVersion", "1.0.2-dev");
    config.put("root", Map.of("path", rootfs.toAbsolutePath().toString(), "readonly", true));
    List<String> caps = List.of("CAP_KILL");
    config.put(
        "process",
        map(
            "terminal", false,
            "user", Map.of("uid", 1000, "gid", 1000),
            "args", args,
            "env", List.of("PATH=/bin"),
            "cwd", "/",
            "capabilities",
                Map.of("bounding", caps, "effective", caps, "permitted", caps),
            "noNewPrivileges", true));
    config.put("hostname", "glassbox-test");
    config.put(
        "mounts",
        List.of(
            map("destination", "/proc", "type", "proc", "source", "proc"),
            map(
                "destination", "/dev",
                "type", "tmpfs",
                "source", "tmpfs",
                "options", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            map(
                "destination", "/tmp",
                "type", "tmpfs",
                "source", "tmpfs",
                "options", List.of("nosuid", "noatime", "mode=1777"))));
    List<Map<String, Object>> namespaces = new ArrayList<>();
    for (String type : List.of("pid", "ipc", "uts", "mount", "network")) {
      if (pidNamespace || !type.equals("pid")) {
        namespaces.add(map("type", type));
      }
    }
    config.put(
        "linux",
        map(
            "namespaces", namespaces,
            "maskedPaths", List.of("/proc/kcore", "/sys/firmware"),
            "readonlyPaths", List.of("/proc/sys", "/proc/sysrq-trigger")));
    JSON.writeValue(bundleDir.resolve("config.json").toFile(), config);
    return bundleDir;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
