package dev.glassbox.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toolbox's scripts, run by the host's busybox outside any sandbox, and its file protocol. */
class ToolboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private static ObjectNode process(String cwd, List<String> args, List<String> env) {
    ObjectNode p = JSON.createObjectNode();
    p.put("cwd", cwd);
    args.forEach(p.putArray("args")::add);
    env.forEach(p.putArray("env")::add);
    return p;
  }

  @Test
  void rerunRunsTheCommandWithExactlyItsEnvironmentAndDirectory() throws Exception {
    Path busybox = Path.of("/bin/busybox");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(busybox), "busybox is installed");
    String script =
        Toolbox.rerunScript(
                process(
                    tmp.toString(),
                    List.of(
                        "/bin/busybox",
                        "sh",
                        "-c",
                        "pwd; env | sort; echo \"$1\"; exit 5",
                        "x",
                        "a 'b' $c"),
                    List.of("K=it's \"v\" $HOME", "Z=2")))
            .replace(Toolbox.BUSYBOX, busybox.toString());
    Path file = Files.writeString(tmp.resolve("rerun"), script);
    Process p = new ProcessBuilder(busybox.toString(), "sh", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(5);
    // busybox sh itself adds PATH, PWD and SHLVL to what it runs; the rest is exactly the build's.
    assertThat(out.lines().toList())
        .containsSubsequence(tmp.toString(), "HOME=/", "K=it's \"v\" $HOME")
        .contains("Z=2", "a 'b' $c")
        .noneMatch(l -> l.startsWith("JAVA_HOME") || l.startsWith("USER="));
  }

  @Test
  void aRequestedHomeIsNotReplaced() {
    String s = Toolbox.rerunScript(process("/", List.of("/bin/true"), List.of("HOME=/homeless")));
    assertThat(s).contains("'HOME=/homeless'").doesNotContain("'HOME=/'");
  }

  @Test
  void theWrapperPausesAfterAFailureAndRunsAgainOnResume() throws Exception {
    ObjectNode spec = JSON.createObjectNode();
    spec.set("process", process("/build", List.of("/bin/false"), List.of()));
    spec.putArray("mounts");
    Toolbox.addMounts(spec, tmp, Path.of("/bin/busybox"));
    Toolbox.wrapProcess(spec);
    assertThat(spec.path("process").path("args").toString())
        .isEqualTo("[\"/.glassbox/bin/busybox\",\"sh\",\"/.glassbox/bin/glassbox-init\"]");
    assertThat(spec.path("mounts").findValuesAsText("destination"))
        .containsExactly("/.glassbox", "/.glassbox/bin/busybox", "/.glassbox/state");
    assertThat(spec.path("mounts").get(2).path("options").toString()).contains("rw");

    long uid = (Integer) Files.getAttribute(tmp, "unix:uid");
    Toolbox.install(tmp, spec.path("process"), uid, uid);
    assertThat(Toolbox.isInstalled(tmp)).isTrue();
    assertThat(Files.isDirectory(tmp.resolve("root/.glassbox"))).isTrue();
    assertThat(Toolbox.readFailure(tmp)).isEmpty();

    Path state = tmp.resolve("toolbox/state");
    Files.writeString(state.resolve("failed"), "2 137\n");
    assertThat(Toolbox.readFailure(tmp)).contains(new Toolbox.Failure(2, 137));
    Toolbox.requestRerun(tmp);
    assertThat(state.resolve("resume")).exists();
    Files.writeString(state.resolve("failed"), "garbage");
    assertThat(Toolbox.readFailure(tmp)).isEmpty();
  }

  @Test
  void quotingSurvivesEveryCharacter() {
    assertThat(Toolbox.quote("a'b")).isEqualTo("'a'\\''b'");
    assertThat(Toolbox.quote("")).isEqualTo("''");
  }

  @Test
  void requestsUsingTheReservedPathAreFound() throws Exception {
    var reader =
        new dev.glassbox.request.RequestReader(
            dev.glassbox.request.RequestValidator.forThisHost(
                new dev.glassbox.castore.Castore(
                    new dev.glassbox.castore.memory.InMemoryBlobStore(),
                    new dev.glassbox.castore.memory.InMemoryDirectoryStore())));
    String system = dev.glassbox.request.HostFacts.detect().system();
    var clashing =
        reader.parse(
            "{\"commandArgs\": [\"/x\"], \"workingDir\": \"build\","
                + " \"scratchPaths\": [\".glassbox/state\", \"build\"],"
                + " \"constraints\": {\"system\": \""
                + system
                + "\"}}",
            null,
            null);
    assertThat(Toolbox.clash(clashing)).contains("scratch path /.glassbox/state");
    var fine =
        reader.parse(
            "{\"commandArgs\": [\"/x\"], \"workingDir\": \".glassboxes\","
                + " \"scratchPaths\": [\".glassboxes\"],"
                + " \"constraints\": {\"system\": \""
                + system
                + "\"}}",
            null,
            null);
    assertThat(Toolbox.clash(fine)).isEmpty();
  }
}
