package dev.glassbox.sandbox.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A static busybox and two scripts, bound read-only at {@value #MOUNT} inside a sandbox, so that a
 * paused build can be inspected and re-run even when the sandbox has no shell of its own.
 *
 * <p>Layout on the host, inside the bundle: {@code toolbox/bin/} (the scripts, and an empty file
 * the host's busybox is bound over) and {@code toolbox/state/} (the one writable place, owned by
 * the build user, through which the wrapper tells Glassbox that the command failed and Glassbox
 * tells the wrapper to run it again).
 *
 * <p>The protocol, file by file in {@code state/}: after attempt {@code n} of the command fails
 * with status {@code s}, the wrapper writes {@code failed} = "{@code n s}" (atomically, via a
 * rename) and waits; Glassbox resumes it by creating {@code resume}; the wrapper removes both and
 * runs attempt {@code n+1}. When an attempt succeeds the wrapper exits 0 and the build goes on as
 * if the command had succeeded the first time. Stopping is a kill of the container.
 */
public final class Toolbox {
  /** Where the toolbox appears inside the sandbox; reserved for Glassbox. */
  public static final String MOUNT = "/.glassbox";

  public static final String BUSYBOX = MOUNT + "/bin/busybox";

  /** Runs the build's command again, with exactly its environment and working directory. */
  public static final String RERUN = MOUNT + "/bin/glassbox-rerun";

  /** The container's process when pausing is on: runs the command, pauses when it fails. */
  public static final String INIT = MOUNT + "/bin/glassbox-init";

  static final String STATE = MOUNT + "/state";

  /** The toolbox's folder inside a bundle. */
  public static final String DIR = "toolbox";

  /** What the wrapper reported about a failed attempt. */
  public record Failure(int attempt, int status) {
    public Failure {
      if (attempt < 1 || status < 1 || status > 255) {
        throw new IllegalArgumentException("not a failed attempt: " + attempt + " " + status);
      }
    }
  }

  private Toolbox() {}

  /**
   * Binds the toolbox into {@code spec}: the bundle's {@code toolbox/} read-only at {@value
   * #MOUNT}, {@code busybox} over {@code bin/busybox}, and {@code state/} writable.
   */
  public static void addMounts(ObjectNode spec, Path bundle, Path busybox) {
    ArrayNode mounts = spec.withArray("mounts");
    Path dir = bundle.toAbsolutePath().resolve(DIR);
    bind(mounts, MOUNT, dir.toString(), "ro");
    bind(mounts, BUSYBOX, busybox.toAbsolutePath().toString(), "ro");
    bind(mounts, STATE, dir.resolve("state").toString(), "rw");
  }

  /** Makes the container's process the pausing wrapper ({@link #INIT}). */
  public static void wrapProcess(ObjectNode spec) {
    ArrayNode args = ((ObjectNode) spec.get("process")).putArray("args");
    args.add(BUSYBOX).add("sh").add(INIT);
  }

  private static void bind(ArrayNode mounts, String dest, String source, String mode) {
    ObjectNode m = mounts.addObject();
    m.put("destination", dest);
    m.put("type", "none");
    m.put("source", source);
    m.putArray("options").add("rbind").add(mode).add("nosuid").add("nodev");
  }

  /**
   * Writes the toolbox into an already written bundle, for the command of {@code process} (the
   * spec's process before {@link #wrapProcess}).
   *
   * @param hostUid the build user's id on the host, who must be able to write {@code state/}
   */
  public static void install(Path bundle, JsonNode process, long hostUid, long hostGid)
      throws IOException {
    Path dir = bundle.resolve(DIR);
    Path bin = dir.resolve("bin");
    Path state = dir.resolve("state");
    Files.createDirectories(bin);
    Files.createDirectories(state);
    // Other users (the ids a user namespace maps the build to) must read and run the toolbox.
    for (Path p : List.of(dir, bin)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try {
      Files.setAttribute(state, "unix:uid", (int) hostUid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(state, "unix:gid", (int) hostGid, LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UnsupportedOperationException e) {
      // Not root, so the folder cannot be given to the build user: open it to every user instead;
      // it holds only the pause handshake, and the bundle around it is Glassbox's.
      Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    Path placeholder = bin.resolve("busybox");
    if (!Files.exists(placeholder)) {
      Files.createFile(placeholder);
    }
    writeScript(bin.resolve("glassbox-rerun"), rerunScript(process));
    writeScript(bin.resolve("glassbox-init"), initScript());
    Files.createDirectories(bundle.resolve("root").resolve(MOUNT.substring(1)));
  }

  private static void writeScript(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * The command with exactly the build's environment: a shell would add PATH, PWD and SHLVL, so
   * {@code env -i} sets it afresh. runc gives the build HOME=/ when the request sets none.
   */
  static String rerunScript(JsonNode process) {
    List<String> env = new ArrayList<>();
    boolean home = false;
    for (JsonNode e : process.path("env")) {
      env.add(e.asText());
      home |= e.asText().startsWith("HOME=");
    }
    if (!home) {
      env.add("HOME=/");
    }
    StringBuilder s = new StringBuilder();
    s.append("#!").append(BUSYBOX).append(" sh\n");
    s.append("# Written by Glassbox: runs the build's command again, as the build ran it.\n");
    s.append("cd ").append(quote(process.path("cwd").asText("/"))).append(" || exit 127\n");
    s.append("exec ").append(BUSYBOX).append(" env -i");
    for (String e : env) {
      s.append(' ').append(quote(e));
    }
    for (JsonNode a : process.path("args")) {
      s.append(' ').append(quote(a.asText()));
    }
    s.append('\n');
    return s.toString();
  }

  static String initScript() {
    return "#!"
        + BUSYBOX
        + " sh\n"
        + "# Written by Glassbox: runs the build's command; when it fails, reports the status in\n"
        + "# "
        + STATE
        + "/failed and waits, container intact, until "
        + STATE
        + "/resume appears.\n"
        + "bb="
        + BUSYBOX
        + "\n"
        + "attempt=0\n"
        + "while :; do\n"
        + "  attempt=$((attempt + 1))\n"
        + "  "
        + RERUN
        + "\n"
        + "  rc=$?\n"
        + "  [ \"$rc\" -eq 0 ] && exit 0\n"
        + "  echo \"$attempt $rc\" > "
        + STATE
        + "/failed.tmp\n"
        + "  $bb mv -f "
        + STATE
        + "/failed.tmp "
        + STATE
        + "/failed\n"
        + "  while [ ! -e "
        + STATE
        + "/resume ]; do $bb sleep 0.2; done\n"
        + "  $bb rm -f "
        + STATE
        + "/resume "
        + STATE
        + "/failed\n"
        + "done\n";
  }

  /** The text in single quotes for a POSIX shell. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The last failure the wrapper reported and that is not resumed yet, if any. */
  public static Optional<Failure> readFailure(Path bundle) {
    Path f = bundle.resolve(DIR).resolve("state").resolve("failed");
    try {
      String[] parts = Files.readString(f, StandardCharsets.UTF_8).strip().split(" ");
      return Optional.of(new Failure(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    } catch (IOException | RuntimeException e) {
      // Absent, or being renamed into place this very moment: look again at the next poll.
      return Optional.empty();
    }
  }

  /** Tells the waiting wrapper to run the command again. */
  public static void requestRerun(Path bundle) throws IOException {
    Path state = bundle.resolve(DIR).resolve("state");
    Path tmp = state.resolve("resume.tmp");
    Files.writeString(tmp, "resume\n", StandardCharsets.UTF_8);
    Files.move(tmp, state.resolve("resume"), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The first place of {@code request} inside {@value #MOUNT} (where the toolbox would hide or
   * break it), described with its field, if any.
   */
  public static Optional<String> clash(dev.glassbox.request.BuildRequest request) {
    String reserved = MOUNT.substring(1);
    List<String> fields = new ArrayList<>();
    fields.add("workingDir /" + request.workingDir());
    fields.add("inputsDir /" + request.inputsDir());
    request.scratchPaths().forEach(p -> fields.add("scratch path /" + p));
    request.availableRoPaths().forEach(p -> fields.add("read-only path " + p));
    for (String f : fields) {
      String path = f.substring(f.indexOf('/') + 1);
      if (path.equals(reserved) || path.startsWith(reserved + "/")) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Whether a bundle was written with the toolbox. */
  public static boolean isInstalled(Path bundle) {
    return Files.isRegularFile(bundle.resolve(DIR).resolve("bin").resolve("glassbox-init"));
  }
}
