package dev.glassbox.sandbox.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which shell a sandbox gets, and how one command is run inside. */
class SandboxShellsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode specWithMount(String dest, String source) {
    ObjectNode spec = JSON.createObjectNode();
    ObjectNode m = spec.putArray("mounts").addObject();
    m.put("destination", dest).put("source", source);
    return spec;
  }

  @Test
  void theSandboxShellIsUsedWhenItHasOne() {
    assertThat(SandboxShells.inside(specWithMount("/bin/sh", "/bin/busybox"), List.of()))
        .containsExactly("/bin/sh");
    assertThat(SandboxShells.inside(specWithMount("/bin", "/bin"), List.of()))
        .as("/bin bound from the host, which has a sh")
        .containsExactly("/bin/sh");
  }

  @Test
  void otherwiseTheToolboxBusyboxIsTheShell() {
    assertThat(SandboxShells.inside(specWithMount("/tmp", "tmpfs"), List.of()))
        .containsExactly(Toolbox.BUSYBOX, "sh");
    assertThat(SandboxShells.inside(specWithMount("/bi", "/bin"), List.of()))
        .containsExactly(Toolbox.BUSYBOX, "sh");
  }

  @Test
  void oneCommandRunsThroughEnvWhichAddsNothing() {
    assertThat(
            SandboxShells.inside(
                specWithMount("/bin/sh", "/bin/busybox"), List.of("cat", "/tmp/x")))
        .containsExactly(Toolbox.BUSYBOX, "env", "cat", "/tmp/x");
  }
}
