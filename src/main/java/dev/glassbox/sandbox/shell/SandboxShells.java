package dev.glassbox.sandbox.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.ingest.HostTrees;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.InputMounter;
import dev.glassbox.sandbox.SandboxException;
import dev.glassbox.sandbox.SandboxSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens shells inside sandboxes: {@code runc exec} into a paused build's live container, or a new
 * container on a kept (stopped) sandbox with its inputs mounted again from the store.
 *
 * <p>The shell runs with the build's environment, working directory and user (those of the bundle's
 * {@code config.json} process, which {@code runc exec} inherits and which a kept sandbox's
 * container copies) and in the build's namespaces and mounts. It is the sandbox's {@code /bin/sh}
 * if it has one, else the toolbox's busybox.
 */
public final class SandboxShells {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxShells.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHELL_SUFFIX = "-shell-";

  private final Path runc;
  private final Path stateRoot;
  private final InputMounter mounter;
  private final SandboxSettings settings;

  public SandboxShells(Path runc, Path stateRoot, InputMounter mounter, SandboxSettings settings) {
    this.runc = runc;
    this.stateRoot = stateRoot;
    this.mounter = mounter;
    this.settings = settings;
  }

  /**
   * A shell in the live container of a paused build.
   *
   * @param command the command to run instead of an interactive shell; empty for a shell
   * @param terminal give it a terminal ({@code runc exec -t}); needs one on standard input
   * @throws SandboxException if the container is gone or the bundle cannot be read
   */
  public ShellSession openPaused(String buildId, List<String> command, boolean terminal)
      throws SandboxException {
    Path bundle = settings.bundleRoot().resolve(buildId);
    String container = BuildEngine.CONTAINER_PREFIX + buildId;
    if (!Files.isDirectory(stateRoot.resolve(container))) {
      throw new SandboxException(
          "the container of build "
              + buildId
              + " is not running (no "
              + stateRoot.resolve(container)
              + "); it is no longer paused, look at 'glassbox show "
              + buildId
              + "'");
    }
    JsonNode spec = readSpec(bundle);
    JsonNode process = spec.path("process");
    List<String> argv = new ArrayList<>(List.of(runc.toString(), "--root", stateRoot.toString()));
    argv.add("exec");
    if (terminal) {
      argv.add("-t");
    }
    argv.add("--cwd");
    argv.add(process.path("cwd").asText("/"));
    argv.add("--user");
    argv.add(
        process.path("user").path("uid").asLong()
            + ":"
            + process.path("user").path("gid").asLong());
    argv.add(container);
    argv.addAll(inside(spec, command));
    return new ShellSession(
        buildId, argv, terminal, "the paused container of build " + buildId, () -> {});
  }

  /**
   * A shell in a kept sandbox: its inputs are mounted again (FUSE, as for the build) and a new
   * container runs the shell on the kept root, scratch folders and config; a fresh {@code /tmp}.
   * Closing the session deletes the container, unmounts the inputs and removes the session's own
   * small bundle; the kept sandbox stays (it gains only the empty mount point {@code /.glassbox}).
   *
   * @param inputs the build's inputs, from its recorded request
   * @throws SandboxException if another shell is open on it, or the inputs cannot be mounted
   */
  public ShellSession openKept(
      String buildId, Path kept, List<NamedNode> inputs, List<String> command, boolean terminal)
      throws SandboxException {
    JsonNode keptSpec = readSpec(kept);
    if (settings.sandboxShell().isEmpty()) {
      throw new SandboxException(
          "a shell in a kept sandbox needs a static busybox for its toolbox, and none is installed;"
              + " install it with 'apt-get install busybox-static'");
    }
    FileChannel keptLock =
        lock(
            kept,
            "a shell is already open on the kept sandbox "
                + kept
                + " (or its build still runs); close it first");
    String name =
        buildId + SHELL_SUFFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path session = settings.bundleRoot().resolve(name);
    String container = BuildEngine.CONTAINER_PREFIX + name;
    FileChannel sessionLock = null;
    InputMounter.MountedInputs mount = null;
    try {
      sessionLock = lock(session, "cannot lock " + session);
      Files.createDirectories(session);
      mount = mounter.mount(inputs, kept.resolve("inputs"));
      ObjectNode spec = sessionSpec(keptSpec, kept, session, command, terminal);
      Files.createDirectories(kept.resolve("root").resolve(Toolbox.MOUNT.substring(1)));
      Files.write(session.resolve("config.json"), JSON.writeValueAsBytes(spec));
      Toolbox.install(session, keptSpec.path("process"), 0, 0);
      Path keptRerun = kept.resolve(Toolbox.DIR).resolve("bin").resolve("glassbox-rerun");
      if (Toolbox.isInstalled(kept)) {
        // The kept process is the pausing wrapper; the kept rerun script has the real command.
        Files.copy(
            keptRerun,
            session.resolve(Toolbox.DIR).resolve("bin").resolve("glassbox-rerun"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> argv =
          List.of(
              runc.toString(),
              "--root",
              stateRoot.toString(),
              "run",
              "--bundle",
              session.toString(),
              container);
      InputMounter.MountedInputs m = mount;
      FileChannel sl = sessionLock;
      return new ShellSession(
          buildId,
          argv,
          terminal,
          "a new container on the kept sandbox " + kept,
          () -> tearDown(container, session, m, sl, kept, keptLock));
    } catch (IOException | SandboxException | RuntimeException e) {
      tearDown(container, session, mount, sessionLock, kept, keptLock);
      if (e instanceof SandboxException se) {
        throw se;
      }
      throw new SandboxException(
          "cannot prepare a shell in the kept sandbox " + kept + ": " + e.getMessage(), e);
    }
  }

  /** The kept config, re-rooted: absolute paths into the kept bundle, the shell as the process. */
  private ObjectNode sessionSpec(
      JsonNode keptSpec, Path kept, Path session, List<String> command, boolean terminal) {
    ObjectNode spec = keptSpec.deepCopy();
    ((ObjectNode) spec.get("root")).put("path", kept.resolve("root").toString());
    ArrayNode mounts = JSON.createArrayNode();
    for (JsonNode m : spec.path("mounts")) {
      String dest = m.path("destination").asText();
      if (dest.equals(Toolbox.MOUNT) || dest.startsWith(Toolbox.MOUNT + "/")) {
        continue; // the kept sandbox's own toolbox; this session brings one
      }
      ObjectNode copy = m.deepCopy();
      String source = m.path("source").asText();
      if (source.startsWith("scratch/") || source.startsWith("inputs/")) {
        copy.put("source", kept.resolve(source).toString());
      }
      mounts.add(copy);
    }
    spec.set("mounts", mounts);
    Toolbox.addMounts(spec, session, settings.sandboxShell().orElseThrow());
    ObjectNode process = (ObjectNode) spec.get("process");
    process.put("terminal", terminal);
    ArrayNode args = process.putArray("args");
    inside(spec, command).forEach(args::add);
    return spec;
  }

  /**
   * What to run inside: {@code command} through the toolbox's {@code env} (which adds nothing to
   * the environment and finds busybox's tools by name, as the sandbox has no PATH), or a shell.
   */
  static List<String> inside(JsonNode spec, List<String> command) {
    if (!command.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of(Toolbox.BUSYBOX, "env"));
      argv.addAll(command);
      return argv;
    }
    return hasBinSh(spec) ? List.of("/bin/sh") : List.of(Toolbox.BUSYBOX, "sh");
  }

  /** Whether the sandbox has a {@code /bin/sh}: bound there, or inside a bound host folder. */
  static boolean hasBinSh(JsonNode spec) {
    for (JsonNode m : spec.path("mounts")) {
      String dest = m.path("destination").asText();
      if (dest.equals("/bin/sh")) {
        return true;
      }
      String source = m.path("source").asText();
      if (source.startsWith("/") && "/bin/sh".startsWith(dest.endsWith("/") ? dest : dest + "/")) {
        Path host =
            Path.of(source).resolve("/bin/sh".substring(dest.length()).replaceFirst("^/", ""));
        if (Files.exists(host)) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode readSpec(Path bundle) throws SandboxException {
    Path config = bundle.resolve("config.json");
    try {
      return JSON.readTree(config.toFile());
    } catch (IOException e) {
      throw new SandboxException(
          "cannot read the sandbox's "
              + config
              + ": "
              + e.getMessage()
              + "; is the sandbox still there? ('glassbox sandboxes' lists the kept ones)",
          e);
    }
  }

  /** Takes {@code <dir>.lock}, the lock startup clean-up respects; fails if somebody holds it. */
  private static FileChannel lock(Path dir, String whenTaken) throws SandboxException {
    Path file = dir.resolveSibling(dir.getFileName() + BuildEngine.LOCK_SUFFIX);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        throw new SandboxException(whenTaken);
      }
      return ch;
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new SandboxException(whenTaken);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new SandboxException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private void tearDown(
      String container,
      Path session,
      InputMounter.MountedInputs mount,
      FileChannel sessionLock,
      Path kept,
      FileChannel keptLock) {
    // The container first: it holds the input mount and the session bundle.
    runQuietly(
        List.of(runc.toString(), "--root", stateRoot.toString(), "delete", "--force", container));
    if (mount != null) {
      mount.close();
    }
    try {
      if (Files.exists(session)) {
        HostTrees.delete(session);
      }
    } catch (IOException e) {
      LOG.warn("cannot remove the shell bundle {}: {}", session, e.toString());
    }
    unlock(session, sessionLock);
    unlock(kept, keptLock);
  }

  private static void unlock(Path dir, FileChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + BuildEngine.LOCK_SUFFIX));
    } catch (IOException e) {
      LOG.warn("cannot remove the lock of {}: {}", dir, e.toString());
    }
    closeQuietly(ch);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // the lock goes with the channel
      }
    }
  }

  private static void runQuietly(List<String> argv) {
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("{} did not finish within 30 s", String.join(" ", argv));
      }
    } catch (IOException e) {
      LOG.warn("cannot run {}: {}", String.join(" ", argv), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
