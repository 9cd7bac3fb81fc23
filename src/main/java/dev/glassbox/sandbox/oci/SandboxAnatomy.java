package dev.glassbox.sandbox.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.sandbox.oci.AnatomyItem.Group;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A build's sandbox explained, from the {@code config.json} it ran with: every mount as host
 * source → path inside with its options and what it means, the namespaces, id maps,
 * capabilities, limits, masked and read-only paths, environment, working directory, hostname and
 * root, each item with the JSON pointer of what defines it. Pure: it reads no files, so it works
 * for builds whose bundle is long gone.
 *
 * @param items the explained parts, grouped and in the order of {@link Group}
 * @param text {@code config.json} laid out for reading, with the range of every pointer
 */
public record SandboxAnatomy(List<AnatomyItem> items, ConfigText text) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The number of capabilities Linux 6.x knows; "n of 41" tells how little a build holds. */
  private static final int KERNEL_CAPABILITIES = 41;

  private static final Map<String, String> CAPABILITY_NOTES = capabilityNotes();

  public SandboxAnatomy {
    items = List.copyOf(items);
  }

  /**
   * Explains {@code configJson}.
   *
   * @param inputs the build's inputs (from its resolved request), to name what each FUSE mount
   *     serves; empty when unknown
   * @param bundle where the bundle was written, to show host sources as full paths; empty to show
   *     them relative to the bundle as {@code config.json} does
   * @throws ConfigFormatException when the text is not a runtime spec
   */
  public static SandboxAnatomy explain(
      String configJson, List<NamedNode> inputs, Optional<Path> bundle)
      throws ConfigFormatException {
    JsonNode spec;
    try {
      spec = JSON.readTree(configJson);
    } catch (JsonProcessingException e) {
      throw new ConfigFormatException(
          "the recorded config.json is not valid JSON ("
              + e.getOriginalMessage()
              + "); the history may be damaged, rebuild to record a fresh one",
          e);
    }
    if (spec == null || !spec.isObject() || !spec.path("mounts").isArray()) {
      throw new ConfigFormatException(
          "the recorded config.json is not an OCI runtime spec (no mounts list); rebuild to record"
              + " a fresh one",
          null);
    }
    Map<String, Node> byName = new LinkedHashMap<>();
    for (NamedNode n : inputs) {
      byName.put(n.name().asUtf8(), n.node());
    }
    Explainer x = new Explainer(spec, byName, bundle);
    x.run();
    List<AnatomyItem> sorted = new ArrayList<>(x.items);
    // Stable sort: within a group the items keep config.json's order.
    sorted.sort((a, b) -> Integer.compare(a.group().ordinal(), b.group().ordinal()));
    return new SandboxAnatomy(sorted, ConfigText.of(spec));
  }

  /** The items of one group, in order. */
  public List<AnatomyItem> group(Group g) {
    return items.stream().filter(i -> i.group() == g).toList();
  }

  /** The item defined by exactly {@code pointer}, if any. */
  public Optional<AnatomyItem> item(String pointer) {
    return items.stream().filter(i -> i.pointer().equals(pointer)).findFirst();
  }

  /**
   * The item whose value is innermost at {@code offset} of {@link #text()}, if any. Items about
   * what is missing point at the list they are missing from, which is not theirs to claim.
   */
  public Optional<AnatomyItem> itemAt(int offset) {
    for (String p : text.pointersAt(offset)) {
      Optional<AnatomyItem> i =
          items.stream()
              .filter(x -> x.pointer().equals(p) && x.group() != Group.ABSENT)
              .findFirst();
      if (i.isPresent()) {
        return i;
      }
    }
    return Optional.empty();
  }

  private static final class Explainer {
    final JsonNode spec;
    final Map<String, Node> inputs;
    final Optional<Path> bundle;
    final List<AnatomyItem> items = new ArrayList<>();
    final Set<String> destinations = new HashSet<>();
    boolean ownNetwork;
    boolean userNamespace;

    Explainer(JsonNode spec, Map<String, Node> inputs, Optional<Path> bundle) {
      this.spec = spec;
      this.inputs = inputs;
      this.bundle = bundle;
    }

    void run() {
      for (JsonNode ns : spec.path("linux").path("namespaces")) {
        ownNetwork |= ns.path("type").asText().equals("network");
        userNamespace |= ns.path("type").asText().equals("user");
      }
      process();
      root();
      JsonNode mounts = spec.path("mounts");
      for (int i = 0; i < mounts.size(); i++) {
        mount(mounts.get(i), "/mounts/" + i);
      }
      absent();
      linux();
    }

    // ------------------------------------------------------------------ process

    void process() {
      JsonNode p = spec.path("process");
      if (p.isMissingNode()) {
        return;
      }
      List<String> args = new ArrayList<>();
      p.path("args").forEach(a -> args.add(a.asText()));
      add(
          Group.PROCESS,
          "command",
          String.join(" ", args),
          "Run exactly as written: there is no PATH, so the program must be named by its full path"
              + " inside the sandbox.",
          "/process/args");
      String cwd = p.path("cwd").asText("/");
      add(
          Group.PROCESS,
          "working directory",
          cwd,
          "The command starts in " + cwd + " (the request's workingDir).",
          "/process/cwd");
      if (p.has("user")) {
        long uid = p.path("user").path("uid").asLong();
        long gid = p.path("user").path("gid").asLong();
        String host =
            userNamespace
                ? hostId(spec.path("linux").path("uidMappings"), uid)
                    .map(h -> " On the host that is the unprivileged uid " + h + ".")
                    .orElse(" It has no host id: outside it counts as nobody.")
                : " There is no user namespace, so that is also its id on the host.";
        add(
            Group.PROCESS,
            "user",
            "uid " + uid + ", gid " + gid,
            "The build runs as uid " + uid + " / gid " + gid + " inside the sandbox." + host,
            "/process/user");
      }
      if (p.has("terminal")) {
        boolean t = p.path("terminal").asBoolean();
        add(
            Group.PROCESS,
            "terminal",
            t ? "a pseudo-terminal" : "no terminal",
            t
                ? "stdout and stderr share one pseudo-terminal, so they arrive mixed."
                : "No terminal: stdout and stderr stay two separate pipes, so the log can tell"
                    + " them apart.",
            "/process/terminal");
      }
      if (p.has("noNewPrivileges")) {
        boolean nnp = p.path("noNewPrivileges").asBoolean();
        add(
            Group.PRIVILEGES,
            "no new privileges",
            String.valueOf(nnp),
            nnp
                ? "setuid programs cannot raise the build's privileges: it can only ever lose"
                    + " power, never gain it."
                : "setuid programs could raise privileges inside the sandbox.",
            "/process/noNewPrivileges");
      }
      JsonNode env = p.path("env");
      if (env.isArray() && env.isEmpty()) {
        add(
            Group.ENVIRONMENT,
            "(empty)",
            "no variables",
            "Not even PATH or HOME is set (runc adds HOME=/): the build cannot depend on your"
                + " shell's environment.",
            "/process/env");
      }
      for (int i = 0; i < env.size(); i++) {
        String kv = env.get(i).asText();
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        String value = eq < 0 ? "" : kv.substring(eq + 1);
        add(
            Group.ENVIRONMENT,
            key,
            value.isEmpty() ? "(empty)" : value,
            envNote(key),
            "/process/env/" + i);
      }
      JsonNode caps = p.path("capabilities");
      if (caps.isObject()) {
        JsonNode bounding = caps.path("bounding");
        add(
            Group.PRIVILEGES,
            "capabilities",
            bounding.size() + " of " + KERNEL_CAPABILITIES,
            "Capabilities are slices of root's power. The build holds "
                + bounding.size()
                + " of the "
                + KERNEL_CAPABILITIES
                + " the kernel knows, the same in all five sets (bounding, effective, inheritable,"
                + " permitted, ambient)"
                + (userNamespace
                    ? ", and only over what its user namespace owns."
                    : "; without a user namespace they act on the real machine, so there are few."),
            "/process/capabilities");
        for (int i = 0; i < bounding.size(); i++) {
          String cap = bounding.get(i).asText();
          add(
              Group.PRIVILEGES,
              cap,
              "capability",
              CAPABILITY_NOTES.getOrDefault(
                  cap, "A capability this Glassbox has no explanation for."),
              "/process/capabilities/bounding/" + i);
        }
      }
      JsonNode rl = p.path("rlimits");
      for (int i = 0; i < rl.size(); i++) {
        JsonNode r = rl.get(i);
        String type = r.path("type").asText();
        add(
            Group.PRIVILEGES,
            type,
            "soft " + r.path("soft").asText() + ", hard " + r.path("hard").asText(),
            rlimitNote(type, r.path("soft").asLong(), r.path("hard").asLong()),
            "/process/rlimits/" + i);
      }
    }

    static String envNote(String key) {
      String base = "Set by the request; Glassbox adds nothing of its own.";
      return switch (key) {
        case "PATH" -> "Where the shell looks for programs; only paths inside the sandbox count. "
            + base;
        case "HOME" -> "The home folder; the sandbox has no real one. " + base;
        case "out" -> "Where the build must write its output (the Nix convention). " + base;
        case "NIX_BUILD_TOP", "TMPDIR", "TMP", "TEMP" -> "A place for temporary files. " + base;
        default -> base;
      };
    }

    static String rlimitNote(String type, long soft, long hard) {
      return switch (type) {
        case "RLIMIT_NOFILE" -> "At most "
            + soft
            + " files open at once (hard cap "
            + hard
            + "): a runaway build runs out of descriptors instead of the machine.";
        case "RLIMIT_NPROC" -> "At most " + soft + " processes for the build user.";
        case "RLIMIT_CORE" -> "Core dumps up to " + soft + " bytes.";
        default -> "A resource limit: soft " + soft + ", hard " + hard + ".";
      };
    }

    // ------------------------------------------------------------------ root and mounts

    void root() {
      JsonNode r = spec.path("root");
      if (r.isMissingNode()) {
        return;
      }
      boolean ro = r.path("readonly").asBoolean(false);
      String path = r.path("path").asText();
      add(
          Group.ROOT,
          "/",
          "host " + host(path) + " → /" + (ro ? " (read-only)" : ""),
          (ro ? "Read-only and nearly empty: " : "Writable: ")
              + "the build sees no host files here; everything it can use comes from the mounts"
              + " below.",
          "/root");
    }

    void mount(JsonNode m, String pointer) {
      String dest = m.path("destination").asText();
      String type = m.path("type").asText();
      String source = m.path("source").asText();
      List<String> opts = new ArrayList<>();
      m.path("options").forEach(o -> opts.add(o.asText()));
      destinations.add(dest);
      boolean ro = opts.contains("ro");
      boolean bind = opts.contains("bind") || opts.contains("rbind");
      String how = bind ? "bind" : type;
      String detail = (bind ? "host " + host(source) : type) + " → " + dest + "  (" + how + ")";
      Group group;
      String note;
      if (source.startsWith("inputs/") && bind) {
        group = Group.INPUTS;
        String name = source.substring("inputs/".length());
        note =
            "Read-only: the build cannot change its inputs. Input '"
                + name
                + "' ("
                + describe(inputs.get(name))
                + ") is served over FUSE straight from the content-addressed store; nosuid and"
                + " nodev keep setuid programs and device files in it powerless.";
      } else if (source.startsWith("scratch/") && bind) {
        group = Group.SCRATCH;
        note =
            "Writable scratch space, an empty folder of the bundle ("
                + host(source)
                + "). The build may write here; outputs are collected from here after a"
                + " successful run and the rest is thrown away.";
      } else if (dest.equals("/bin/sh") && bind) {
        group = Group.HOST;
        note =
            "A static shell from the host ("
                + source
                + "), read-only, because the request sets provideBinSh: scripts starting with"
                + " #!/bin/sh work. It is the only program the sandbox gets for free.";
      } else if (Set.of("/etc/resolv.conf", "/etc/hosts", "/etc/services").contains(dest)
          && bind) {
        group = Group.HOST;
        note =
            "The host's "
                + dest
                + ", read-only, because network access is on: name lookups work as on the host."
                + " The build can reach the network, so its result may depend on it.";
      } else if (bind && !source.startsWith("/sys")) {
        group = Group.HOST;
        note =
            (ro ? "Read-only: " : "WRITABLE: ")
                + "a host path the request lets the build see (constraints.availableRoPaths)."
                + (ro ? " It can read but not change it" : " It can change the host's files")
                + "; the build now depends on what this machine has there.";
      } else {
        group = Group.SYSTEM;
        note = systemNote(dest, type, opts);
      }
      String optionNotes = optionNotes(opts);
      items.add(
          new AnatomyItem(
              group, dest, detail, optionNotes.isEmpty() ? note : note + " " + optionNotes,
              pointer, opts));
    }

    String systemNote(String dest, String type, List<String> opts) {
      boolean ro = opts.contains("ro");
      switch (dest) {
        case "/proc":
          return "A fresh proc file system: the build sees only its own processes (pid namespace),"
              + " with itself as pid 1.";
        case "/dev":
          return "A small private /dev in memory with only the basic devices runc creates (null,"
              + " zero, random, urandom, tty, full); no host disks.";
        case "/dev/pts":
          return "A private pseudo-terminal instance (newinstance), so the build cannot reach the"
              + " host's terminals.";
        case "/dev/shm":
          return "Private shared memory in RAM, gone when the build ends.";
        case "/dev/mqueue":
          return "POSIX message queues, private to this sandbox (ipc namespace).";
        case "/sys":
          return type.equals("sysfs")
              ? "The kernel's device tree, read-only: the build can look but not change kernel"
                  + " settings."
              : "The host's /sys bound read-only, because an unprivileged user namespace may not"
                  + " mount a fresh sysfs; the build can look but not change anything.";
        case "/sys/fs/cgroup":
          return "The cgroup tree, read-only: the build cannot change its own resource limits.";
        case "/tmp":
          String owner =
              opts.stream()
                  .filter(o -> o.startsWith("uid="))
                  .findFirst()
                  .map(
                      o ->
                          " It belongs to the build user ("
                              + o
                              + "), who without a user namespace could not use a root-owned"
                              + " /tmp.")
                  .orElse("");
          return "An empty private /tmp in memory; whatever the build leaves there vanishes with"
              + " it."
              + owner;
        default:
          return "A "
              + type
              + " file system at "
              + dest
              + (ro ? ", read-only." : ", writable.")
              + " runc mounts it before the command starts.";
      }
    }

    static String optionNotes(List<String> opts) {
      List<String> said = new ArrayList<>();
      for (String o : opts) {
        String s =
            switch (o) {
              case "ro" -> "ro: read-only";
              case "rw" -> "rw: writable";
              case "nosuid" -> "nosuid: setuid bits are ignored";
              case "nodev" -> "nodev: device files do not work";
              case "noexec" -> "noexec: nothing here can be run";
              case "rbind" -> "rbind: with the mounts beneath it";
              case "strictatime", "relatime", "noatime" -> null;
              default -> o.startsWith("size=")
                  ? "at most " + o.substring(5).replace("k", " KiB")
                  : o.startsWith("mode=") ? "permissions " + o.substring(5) : null;
            };
        if (s != null) {
          said.add(s);
        }
      }
      return said.isEmpty() ? "" : "Options: " + String.join("; ", said) + ".";
    }

    String describe(Node n) {
      if (n instanceof DirectoryNode d) {
        return "a directory, " + d.digest() + ", " + d.size() + " entries in all";
      }
      if (n instanceof FileNode f) {
        return (f.executable() ? "an executable file, " : "a file, ")
            + f.digest()
            + ", "
            + f.size()
            + " bytes";
      }
      if (n instanceof SymlinkNode s) {
        return "a symlink to " + s.target().asUtf8();
      }
      return "not in the recorded request";
    }

    // ------------------------------------------------------------------ what is missing

    void absent() {
      if (!destinations.contains("/bin/sh")) {
        add(
            Group.ABSENT,
            "/bin/sh",
            "not mounted",
            "No /bin/sh: provideBinSh is off, so scripts starting with #!/bin/sh fail with"
                + " 'no such file'; the command must be a program from the inputs.",
            "/mounts");
      }
      if (ownNetwork && !destinations.contains("/etc/resolv.conf")) {
        add(
            Group.ABSENT,
            "/etc/resolv.conf",
            "not mounted",
            "No /etc/resolv.conf (nor /etc/hosts, /etc/services) because network is off: there is"
                + " nothing to look names up with, and nothing to reach.",
            "/mounts");
      }
      if (!destinations.contains("/home") && !destinations.contains("/usr")) {
        add(
            Group.ABSENT,
            "/usr, /home, …",
            "not mounted",
            "None of the host's programs, libraries or home folders: a build that works here"
                + " does not secretly depend on what this machine has installed.",
            "/mounts");
      }
    }

    // ------------------------------------------------------------------ linux

    void linux() {
      JsonNode l = spec.path("linux");
      if (spec.has("hostname")) {
        String h = spec.path("hostname").asText();
        add(
            Group.ISOLATION,
            "hostname",
            h,
            "The machine's name inside is '"
                + h
                + "', the same for every build, so your host's name cannot leak into outputs.",
            "/hostname");
      }
      JsonNode ns = l.path("namespaces");
      for (int i = 0; i < ns.size(); i++) {
        String type = ns.get(i).path("type").asText();
        add(Group.ISOLATION, type + " namespace", "own " + type, namespaceNote(type),
            "/linux/namespaces/" + i);
      }
      if (ns.isArray() && !ownNetwork) {
        add(
            Group.ISOLATION,
            "network",
            "the host's network",
            "No network namespace: networkAccess is on, so the build shares the host's network and"
                + " can reach the internet; its result may depend on what it downloads.",
            "/linux/namespaces");
      }
      idMappings(l.path("uidMappings"), "uid", "/linux/uidMappings");
      idMappings(l.path("gidMappings"), "gid", "/linux/gidMappings");
      JsonNode devices = l.path("resources").path("devices");
      if (devices.isArray()) {
        add(
            Group.PRIVILEGES,
            "devices",
            devices.isEmpty() ? "runc's defaults" : devices.size() + " rules",
            "Which device files the build may open: only the harmless defaults (null, zero,"
                + " random, tty…), no disks or GPUs.",
            "/linux/resources/devices");
      }
      JsonNode masked = l.path("maskedPaths");
      for (int i = 0; i < masked.size(); i++) {
        String p = masked.get(i).asText();
        add(
            Group.HIDDEN,
            p,
            "masked",
            "Hidden (an empty file or folder is put over it): kernel internals that could tell the"
                + " build about the host or its memory.",
            "/linux/maskedPaths/" + i);
      }
      JsonNode ro = l.path("readonlyPaths");
      for (int i = 0; i < ro.size(); i++) {
        String p = ro.get(i).asText();
        add(
            Group.HIDDEN,
            p,
            "read-only",
            "Read-only: the build can read these kernel settings but not change them for the"
                + " whole machine.",
            "/linux/readonlyPaths/" + i);
      }
    }

    void idMappings(JsonNode maps, String what, String pointer) {
      for (int i = 0; i < maps.size(); i++) {
        JsonNode m = maps.get(i);
        long c = m.path("containerID").asLong();
        long h = m.path("hostID").asLong();
        long size = m.path("size").asLong();
        String inside = size == 1 ? String.valueOf(c) : c + "–" + (c + size - 1);
        String outside = size == 1 ? String.valueOf(h) : h + "–" + (h + size - 1);
        add(
            Group.ISOLATION,
            what + " map",
            what + " " + inside + " inside = " + outside + " on the host",
            "Ids "
                + inside
                + " inside are "
                + outside
                + " outside"
                + (c == 0
                    ? ": even root inside the sandbox is an unprivileged user on the host."
                    : "."),
            pointer + "/" + i);
      }
    }

    static String namespaceNote(String type) {
      return switch (type) {
        case "pid" -> "Own process ids: the build is pid 1 and sees only its own processes.";
        case "ipc" -> "Own shared memory and message queues: no talking to host processes that"
            + " way.";
        case "uts" -> "Own hostname: setting it changes nothing on the host.";
        case "mount" -> "Own mount table: these mounts exist only for the build, and it cannot"
            + " see the host's.";
        case "cgroup" -> "Own view of the cgroup tree: the build sees itself at the top.";
        case "network" -> "Own network with only a loopback interface: no network access at all,"
            + " so the build cannot download anything.";
        case "user" -> "Own user ids: container ids are mapped to an unprivileged host range, so"
            + " root inside has no power outside.";
        case "time" -> "Own clocks offset from the host's.";
        default -> "A namespace this Glassbox has no explanation for.";
      };
    }

    // ------------------------------------------------------------------ helpers

    void add(Group g, String title, String detail, String note, String pointer) {
      items.add(new AnatomyItem(g, title, detail, note, pointer, List.of()));
    }

    /** A source relative to the bundle as a full path when the bundle is known. */
    String host(String source) {
      if (source.startsWith("/") || bundle.isEmpty()) {
        return source;
      }
      return bundle.get().resolve(source).toString();
    }

    static Optional<Long> hostId(JsonNode maps, long id) {
      for (JsonNode m : maps) {
        long c = m.path("containerID").asLong();
        long size = m.path("size").asLong();
        if (id >= c && id < c + size) {
          return Optional.of(m.path("hostID").asLong() + (id - c));
        }
      }
      return Optional.empty();
    }
  }

  private static Map<String, String> capabilityNotes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CAP_AUDIT_WRITE", "Write to the kernel's audit log (login tools expect it).");
    m.put("CAP_CHOWN", "Change the owner of files it can reach.");
    m.put("CAP_DAC_OVERRIDE", "Read and write files regardless of their permission bits.");
    m.put("CAP_FOWNER", "Act as the owner of any file (chmod, utime) it can reach.");
    m.put("CAP_FSETID", "Keep setuid/setgid bits when changing files.");
    m.put("CAP_KILL", "Send signals to any process in the sandbox.");
    m.put("CAP_MKNOD", "Create device files (useless here: nodev and the device list stop them).");
    m.put("CAP_NET_BIND_SERVICE", "Listen on ports below 1024.");
    m.put("CAP_NET_RAW", "Use raw sockets, e.g. for ping.");
    m.put("CAP_SETFCAP", "Give files capabilities.");
    m.put("CAP_SETGID", "Switch to other group ids (only mapped ones).");
    m.put("CAP_SETPCAP", "Pass its capabilities on to other processes.");
    m.put("CAP_SETUID", "Switch to other user ids (only mapped ones).");
    m.put("CAP_SYS_CHROOT", "Use chroot, as some build tools do.");
    m.put("CAP_SYS_ADMIN", "Almost everything root can do: mounts and more.");
    m.put("CAP_NET_ADMIN", "Configure network interfaces.");
    m.put("CAP_SYS_PTRACE", "Trace and inspect other processes.");
    return m;
  }
}
