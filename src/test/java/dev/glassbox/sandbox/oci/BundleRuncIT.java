package dev.glassbox.sandbox.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.request.BuildConstraints;
import dev.glassbox.request.BuildRequest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real runc on bundles from {@link BundleWriter} (no inputs, so no FUSE): the build sees its
 * additional file, writes its output where {@link HostOutputPaths} says, cannot write to the root,
 * and runs as the requested user, in root mode and with a user namespace.
 */
@EnabledIf("runcAsRootWithStaticShell")
class BundleRuncIT {
  private static final String SHELL = "/bin/busybox";

  @TempDir Path tmp;

  static boolean runcAsRootWithStaticShell() {
    try {
      boolean runc = false;
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        runc |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "runc"));
      }
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return runc && Integer.valueOf(0).equals(uid) && Files.isExecutable(Path.of(SHELL));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aRootModeBundleRunsAndWritesItsOutput() throws Exception {
    BuildRequest r = request();
    Result res = run(r, SpecOptions.root(Optional.of(SHELL), 1000, 100));
    assertThat(res.exit).as(res.stderr).isZero();
    assertThat(res.stdout).contains("additional file content", "uid=1000 gid=100", "FOO=bar", "Read-only file system");
    assertThat(res.stderr).contains("to-stderr").doesNotContain("uid=");
    assertThat(Files.readString(HostOutputPaths.of(r, res.bundle).get(0))).isEqualTo("hi\n");
  }

  @Test
  void aBundleWithAUserNamespaceRunsAndWritesItsOutput() throws Exception {
    BuildRequest r = request();
    SpecOptions userNs =
        SpecOptions.rootless(
            Optional.of(SHELL),
            List.of(new IdMapping(0, 0, 1), new IdMapping(100_000, 1000, 1)),
            List.of(new IdMapping(0, 0, 1), new IdMapping(100_000, 100, 1)),
            1000,
            100);
    Result res = run(r, userNs);
    assertThat(res.exit).as(res.stderr).isZero();
    assertThat(res.stdout).contains("additional file content", "uid=1000 gid=100");
    Path out = HostOutputPaths.of(r, res.bundle).get(0);
    assertThat(Files.readString(out)).isEqualTo("hi\n");
    assertThat(Files.getAttribute(out, "unix:uid")).isEqualTo(100_000);
  }

  private static BuildRequest request() throws Exception {
    return BuildRequest.builder()
        .commandArgs(
            "/bin/sh",
            "-c",
            "busybox cat /build/in.txt; echo hi > /nix/store/out; echo to-stderr >&2; busybox id;"
                + " busybox env; busybox touch /not-writable 2>&1 || true")
        .workingDir("build")
        .scratchPath("build")
        .scratchPath("nix/store")
        .output("nix/store/out")
        .env("FOO", "bar")
        .constraints(new BuildConstraints("x86_64-linux", 0, List.of(), false, true))
        .additionalFile("build/in.txt", "additional file content\n".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private record Result(Path bundle, int exit, String stdout, String stderr) {}

  private Result run(BuildRequest r, SpecOptions options) throws Exception {
    Path bundle = tmp.resolve("bundle");
    new BundleWriter().write(bundle, r, OciSpecFactory.make(r, options));
    Path stdout = tmp.resolve("stdout");
    Path stderr = tmp.resolve("stderr");
    String id = "glassbox-it-" + UUID.randomUUID();
    Process p =
        new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      new ProcessBuilder("runc", "delete", "--force", id).start().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("runc did not finish within 60 s");
    }
    return new Result(bundle, p.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }
}
