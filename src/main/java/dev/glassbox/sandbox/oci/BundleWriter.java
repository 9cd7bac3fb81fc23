package dev.glassbox.sandbox.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.request.AdditionalFile;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.ScratchPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lays out the bundle runc runs (engine-spec §4.5) and, as Glassbox decides, writes the request's
 * additional files into the scratch directories.
 *
 * <pre>
 * config.json                     the spec, compact
 * inputs/                         the FUSE mount point
 * root/ root/etc/                 the read-only root file system
 * root/proc, root/dev, …          mount points (see below)
 * scratch/&lt;scratch_name(p)&gt;/     one writable directory per scratch path
 * </pre>
 *
 * <p>Mount points: every mount destination that no earlier mount covers is created in {@code
 * root/} beforehand, as a directory or, for bind mounts of files such as {@code /bin/sh} or {@code
 * /etc/hosts}, as an empty file; so is the working directory when no mount holds it. NOTE: runc
 * 1.1 would create them itself (in the host's {@code root/}, before it remounts the root
 * read-only; checked by running it), but then the bundle is only complete after runc wrote into
 * it, which fails when runc may not write there and makes the bundle differ before and after a
 * run. Destinations inside an earlier mount (inputs inside the {@code nix/store} scratch path,
 * {@code /dev/kvm} inside the {@code /dev} tmpfs) are left to runc, which creates them in that
 * mount.
 *
 * <p>Ownership: scratch directories and additional files belong to the build user's host id (its
 * container uid/gid, through the id maps when the spec has a user namespace) when Glassbox runs as
 * root; otherwise rootless builds rely on their capabilities inside the namespace, as in tvix.
 */
public final class BundleWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean changeOwners;

  /** A writer that changes owners exactly when this process runs as root. */
  public BundleWriter() {
    this(runningAsRoot());
  }

  BundleWriter(boolean changeOwners) {
    this.changeOwners = changeOwners;
  }

  /**
   * Creates the bundle in {@code bundleDir}, which must not exist or be empty.
   *
   * @param spec the runtime spec for {@code request}, as {@link OciSpecFactory#make} built it
   */
  public void write(Path bundleDir, BuildRequest request, ObjectNode spec) throws BundleException {
    Owner owner = owner(spec);
    mkdirs(bundleDir);
    requireEmpty(bundleDir);
    Path config = bundleDir.resolve("config.json");
    try {
      Files.write(config, JSON.writeValueAsBytes(spec));
    } catch (IOException e) {
      throw new BundleException(config, "could not write " + config + ": " + e.getMessage(), e);
    }
    mkdirs(bundleDir.resolve("inputs"));
    Path root = bundleDir.resolve("root");
    mkdirs(root.resolve("etc"));
    mkdirs(bundleDir.resolve("scratch"));
    for (String p : request.scratchPaths()) {
      Path dir = HostOutputPaths.scratchDir(bundleDir, p);
      mkdirs(dir);
      chown(dir, owner);
    }
    createMountPoints(root, request, spec);
    for (AdditionalFile f : request.additionalFiles()) {
      writeAdditionalFile(bundleDir, request, f, owner);
    }
  }

  private void createMountPoints(Path root, BuildRequest request, JsonNode spec) throws BundleException {
    List<String> earlier = new ArrayList<>();
    for (JsonNode m : spec.path("mounts")) {
      String dest = m.path("destination").asText();
      if (!coveredBy(earlier, dest)) {
        Optional<Boolean> dir = isDirectoryMount(m, request);
        if (dir.isPresent()) {
          createInRoot(root, dest, dir.get());
        }
      }
      earlier.add(dest);
    }
    String cwd = spec.path("process").path("cwd").asText("/");
    if (!coveredBy(earlier, cwd)) {
      createInRoot(root, cwd, true);
    }
  }

  /** Whether the mount point is a directory (true) or a file (false); empty when unknown. */
  private static Optional<Boolean> isDirectoryMount(JsonNode m, BuildRequest request) {
    boolean bind = false;
    for (JsonNode o : m.path("options")) {
      bind |= o.asText().equals("bind") || o.asText().equals("rbind");
    }
    if (!bind) {
      return Optional.of(true);
    }
    String source = m.path("source").asText();
    if (source.startsWith("scratch/")) {
      return Optional.of(true);
    }
    if (source.startsWith("inputs/")) {
      String name = source.substring("inputs/".length());
      for (NamedNode in : request.inputs()) {
        if (in.name().asUtf8().equals(name)) {
          Node n = in.node();
          if (n instanceof DirectoryNode) {
            return Optional.of(true);
          }
          if (n instanceof FileNode) {
            return Optional.of(false);
          }
        }
      }
      // NOTE: a symlink input resolves to whatever its target is when runc mounts it; we cannot
      // know that here, so runc has to find or create the mount point itself.
      return Optional.empty();
    }
    Path host = Path.of(source);
    if (!Files.exists(host)) {
      // runc will report the missing source; an empty mount point would only hide that.
      return Optional.empty();
    }
    return Optional.of(Files.isDirectory(host));
  }

  private static void createInRoot(Path root, String dest, boolean directory) throws BundleException {
    String rel = dest.replaceFirst("^/+", "");
    if (rel.isEmpty()) {
      return;
    }
    Path p = root.resolve(rel);
    if (directory) {
      mkdirs(p);
      return;
    }
    mkdirs(p.getParent());
    try {
      Files.createFile(p);
    } catch (FileAlreadyExistsException e) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new BundleException(
            p, "two mounts need " + dest + " as a directory and as a file; remove one of them", e);
      }
    } catch (IOException e) {
      throw new BundleException(p, "could not create the mount point " + p + ": " + e.getMessage(), e);
    }
  }

  private void writeAdditionalFile(Path bundleDir, BuildRequest request, AdditionalFile f, Owner owner)
      throws BundleException {
    ScratchPaths.Match m =
        ScratchPaths.find(request.scratchPaths(), f.path())
            .orElseThrow(
                () ->
                    // BuildRequest guarantees additional files lie inside a scratch path.
                    new IllegalStateException("additional file '" + f.path() + "' lies under no scratch path"));
    Path dir = HostOutputPaths.scratchDir(bundleDir, m.scratchPath());
    String[] parts = m.relative().split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      dir = dir.resolve(parts[i]);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        mkdirs(dir);
        chown(dir, owner);
      }
    }
    Path file = dir.resolve(parts[parts.length - 1]);
    try {
      Files.write(file, f.contents());
    } catch (IOException e) {
      throw new BundleException(
          file, "could not write the additional file '" + f.path() + "' to " + file + ": " + e.getMessage(), e);
    }
    chown(file, owner);
  }

  // --- ownership ---

  /** The host uid/gid of the build process, or null when owners stay as they are. */
  private record Owner(long uid, long gid) {}

  private Owner owner(JsonNode spec) {
    if (!changeOwners) {
      return null;
    }
    JsonNode user = spec.path("process").path("user");
    long uid = user.path("uid").asLong(0);
    long gid = user.path("gid").asLong(0);
    JsonNode linux = spec.path("linux");
    boolean userNamespace = false;
    for (JsonNode ns : linux.path("namespaces")) {
      userNamespace |= ns.path("type").asText().equals("user");
    }
    if (userNamespace) {
      uid = toHost(linux.path("uidMappings"), uid);
      gid = toHost(linux.path("gidMappings"), gid);
      if (uid < 0 || gid < 0) {
        // Unmapped ids show up as nobody; there is no host owner to give the files to.
        return null;
      }
    }
    return new Owner(uid, gid);
  }

  private static long toHost(JsonNode mappings, long containerId) {
    for (JsonNode m : mappings) {
      long c = m.path("containerID").asLong();
      long size = m.path("size").asLong();
      if (containerId >= c && containerId < c + size) {
        return m.path("hostID").asLong() + (containerId - c);
      }
    }
    return -1;
  }

  private static void chown(Path p, Owner owner) throws BundleException {
    if (owner == null) {
      return;
    }
    try {
      Files.setAttribute(p, "unix:uid", (int) owner.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", (int) owner.gid(), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new BundleException(
          p,
          "could not give "
              + p
              + " to the build user "
              + owner.uid()
              + ":"
              + owner.gid()
              + " ("
              + e.getMessage()
              + "); the build could not write there",
          e);
    }
  }

  private static boolean runningAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid instanceof Integer i && i == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  // --- plumbing ---

  private static boolean coveredBy(List<String> mountDestinations, String dest) {
    for (String m : mountDestinations) {
      if (m.equals("/") || dest.equals(m) || dest.startsWith(m + "/")) {
        return true;
      }
    }
    return false;
  }

  private static void mkdirs(Path dir) throws BundleException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BundleException(dir, "could not create the directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void requireEmpty(Path dir) throws BundleException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      if (s.iterator().hasNext()) {
        throw new BundleException(
            dir, "the bundle directory " + dir + " is not empty; give each build a fresh directory", null);
      }
    } catch (IOException e) {
      throw new BundleException(dir, "could not read " + dir + ": " + e.getMessage(), e);
    }
  }
}
