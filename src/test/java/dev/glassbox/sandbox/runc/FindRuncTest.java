package dev.glassbox.sandbox.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindRuncTest {
  @Test
  void findsAnExecutableRuncOnPathBeforeTheSbinDirectories(@TempDir Path dir) throws Exception {
    Path fake = Files.createFile(dir.resolve("runc"));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(RuncRuntime.findRunc("/nonexistent:" + dir)).contains(fake);
  }

  @Test
  void skipsAFileThatIsNotExecutable(@TempDir Path dir) throws Exception {
    Path plain = Files.createFile(dir.resolve("runc"));
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(RuncRuntime.findRunc(dir.toString())).isNotEqualTo(java.util.Optional.of(plain));
  }

  @Test
  void missingBinaryIsReportedWithTheInstallCommand(@TempDir Path dir) {
    assertThatThrownBy(() -> RuncRuntime.create(dir.resolve("runc"), dir, 1024))
        .isInstanceOf(RuntimeNotFoundException.class)
        .hasMessageStartingWith("runc is not installed: run `apt-get install runc`")
        .hasMessageContaining(dir.resolve("runc").toString());
  }

  @Test
  void rejectsInvalidContainerIds(@TempDir Path dir) throws Exception {
    Path fake = Files.createFile(dir.resolve("runc"));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (RuncRuntime runtime = RuncRuntime.create(fake, dir.resolve("state"), 1024)) {
      for (String bad : new String[] {"", "..", "a/b", "a b", "x,y"}) {
        assertThatThrownBy(() -> runtime.start(bad, dir, line -> {}))
            .as("id '%s'", bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("invalid container id");
      }
    }
  }
}
