package dev.glassbox.sandbox.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncLogTest {
  @Test
  void errorEntriesAreCollectedAndWarningsIgnored() {
    List<String> log =
        List.of(
            "{\"level\":\"warning\",\"msg\":\"cgroup v1 is deprecated\",\"time\":\"t\"}",
            "{\"level\":\"error\",\"msg\":\"runc run failed: args must not be empty\",\"time\":\"t\"}",
            "",
            "{\"level\":\"fatal\",\"msg\":\"second\",\"time\":\"t\"}");

    assertThat(RuncLog.errors(log))
        .containsExactly("runc run failed: args must not be empty", "second");
  }

  @Test
  void nonJsonLineCountsAsAnError() {
    assertThat(RuncLog.errors(List.of("panic: runtime error"))).containsExactly("panic: runtime error");
  }

  @Test
  void missingOrEmptyLogHasNoErrors(@TempDir Path dir) throws Exception {
    assertThat(RuncLog.errors(dir.resolve("absent.log"))).isEmpty();
    Path empty = Files.createFile(dir.resolve("empty.log"));
    assertThat(RuncLog.errors(empty)).isEmpty();
  }
}
