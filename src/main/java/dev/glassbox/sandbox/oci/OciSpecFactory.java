package dev.glassbox.sandbox.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the OCI runtime spec ({@code config.json}) for a request, key for key and in the order
 * tvix's {@code make_spec} writes it (engine-spec §4.4); pure, no I/O.
 */
public final class OciSpecFactory {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** oci-spec 0.7.0's default version string, which tvix writes. */
  public static final String OCI_VERSION = "1.0.2-dev";

  /** Granted in rootless mode: inside the user namespace the builder acts as root over its files. */
  static final List<String> ROOTLESS_CAPABILITIES =
      List.of(
          "CAP_AUDIT_WRITE",
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FOWNER",
          "CAP_FSETID",
          "CAP_KILL",
          "CAP_MKNOD",
          "CAP_NET_BIND_SERVICE",
          "CAP_NET_RAW",
          "CAP_SETFCAP",
          "CAP_SETGID",
          "CAP_SETPCAP",
          "CAP_SETUID",
          "CAP_SYS_CHROOT");

  static final List<String> ROOT_CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL");

  private OciSpecFactory() {}

  /**
   * The spec for {@code request}. Capability lists are sorted (tvix's order is a hash set's);
   * read-only paths follow the request's order.
   *
   * @throws IllegalArgumentException when the request wants {@code /bin/sh} but {@code options}
   *     has no sandbox shell
   */
  public static ObjectNode make(BuildRequest request, SpecOptions options) {
    if (request.provideBinSh() && options.sandboxShell().isEmpty()) {
      throw new IllegalArgumentException(
          "the request asks for /bin/sh (constraints.provideBinSh) but no sandbox shell is"
              + " configured; configure a static shell such as /bin/busybox");
    }
    ObjectNode spec = JSON.objectNode();
    spec.put("ociVersion", OCI_VERSION);
    spec.putObject("root").put("path", "root").put("readonly", true);
    spec.set("mounts", mounts(request, options));
    spec.set("process", process(request, options));
    spec.put("hostname", "localhost");
    spec.putObject("annotations");
    spec.set("linux", linux(request, options));
    return spec;
  }

  /** The in-sandbox path of input {@code name}: {@code /<inputsDir>/<name>}, empty parts dropped. */
  public static String inputDestination(String inputsDir, String name) {
    return inputsDir.isEmpty() ? "/" + name : "/" + inputsDir + "/" + name;
  }

  private static ArrayNode mounts(BuildRequest r, SpecOptions o) {
    ArrayNode m = JSON.arrayNode();
    // oci-spec's default mounts, as tvix's make_spec adjusts them.
    mount(m, "/proc", "proc", "proc", null);
    mount(m, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
    List<String> devpts =
        new ArrayList<>(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
    if (!o.rootless()) {
      // The tty group exists only outside a user namespace.
      devpts.add("gid=5");
    }
    mount(m, "/dev/pts", "devpts", "devpts", devpts);
    mount(m, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
    mount(m, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
    if (o.rootless()) {
      // An unprivileged user namespace may not mount a fresh sysfs; bind the host's instead.
      mount(m, "/sys", "none", "/sys", List.of("nosuid", "noexec", "nodev", "ro", "rbind"));
    } else {
      mount(m, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
    }
    mount(m, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));

    mount(m, "/tmp", "tmpfs", "tmpfs", List.of("nosuid", "noatime", "mode=700"));
    for (String p : r.scratchPaths()) {
      mount(m, "/" + p, "none", "scratch/" + ScratchNames.of(p), List.of("rbind", "rw"));
    }
    for (NamedNode in : r.inputs()) {
      // nosuid is required: without it the bind mount of the FUSE file system fails with EPERM.
      String name = in.name().asUtf8();
      mount(
          m,
          inputDestination(r.inputsDir(), name),
          "none",
          "inputs/" + name,
          List.of("rbind", "ro", "nosuid", "nodev"));
    }
    for (String p : r.availableRoPaths()) {
      mount(m, p, "none", p, List.of("rbind", "ro"));
    }
    if (r.provideBinSh()) {
      mount(m, "/bin/sh", "none", o.sandboxShell().orElseThrow(), List.of("rbind", "ro"));
    }
    if (r.networkAccess()) {
      for (String f : List.of("/etc/resolv.conf", "/etc/services", "/etc/hosts")) {
        mount(m, f, "none", f, List.of("rbind", "ro"));
      }
    }
    return m;
  }

  private static void mount(ArrayNode mounts, String dest, String type, String source, List<String> options) {
    ObjectNode o = mounts.addObject();
    o.put("destination", dest);
    o.put("type", type);
    o.put("source", source);
    if (options != null) {
      ArrayNode a = o.putArray("options");
      options.forEach(a::add);
    }
  }

  private static ObjectNode process(BuildRequest r, SpecOptions o) {
    ObjectNode p = JSON.objectNode();
    p.put("terminal", o.terminal());
    p.putObject("user").put("uid", o.uid()).put("gid", o.gid());
    ArrayNode args = p.putArray("args");
    r.commandArgs().forEach(args::add);
    // No PATH or TERM: the environment is exactly the request's.
    ArrayNode env = p.putArray("env");
    for (EnvVar e : r.environmentVars()) {
      env.add(e.key() + "=" + e.value());
    }
    p.put("cwd", "/" + r.workingDir());
    List<String> caps = o.rootless() ? ROOTLESS_CAPABILITIES : ROOT_CAPABILITIES;
    ObjectNode c = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
      ArrayNode a = c.putArray(set);
      caps.forEach(a::add);
    }
    p.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
    p.put("noNewPrivileges", true);
    return p;
  }

  private static ObjectNode linux(BuildRequest r, SpecOptions o) {
    ObjectNode l = JSON.objectNode();
    if (o.rootless()) {
      mappings(l.putArray("uidMappings"), o.uidMappings());
      mappings(l.putArray("gidMappings"), o.gidMappings());
    }
    l.putObject("resources").putArray("devices");
    ArrayNode ns = l.putArray("namespaces");
    for (String t : List.of("pid", "ipc", "uts", "mount", "cgroup")) {
      ns.addObject().put("type", t);
    }
    if (!r.networkAccess()) {
      ns.addObject().put("type", "network");
    }
    if (o.rootless()) {
      ns.addObject().put("type", "user");
    }
    ArrayNode masked = l.putArray("maskedPaths");
    List.of(
            "/proc/kcore",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/sys/firmware")
        .forEach(masked::add);
    ArrayNode ro = l.putArray("readonlyPaths");
    List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
        .forEach(ro::add);
    return l;
  }

  private static void mappings(ArrayNode a, List<IdMapping> maps) {
    for (IdMapping m : maps) {
      a.addObject().put("hostID", m.hostId()).put("containerID", m.containerId()).put("size", m.size());
    }
  }
}
