package dev.glassbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopNotificationsTest {
  @TempDir Path tmp;

  @Test
  void withoutASessionBusThereIsNoNotificationAndNothingRuns() {
    DesktopNotifications n = new DesktopNotifications(Map.of("PATH", System.getenv("PATH")));
    assertThat(n.command("Build succeeded", "done")).isEmpty();
    assertThat(n.notify("Build succeeded", "done")).isFalse();
  }

  @Test
  void aBusWithNoNotificationServiceIsReportedAsUnavailable() {
    // The real tools against a bus address nobody listens on: they fail, and so does notify().
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-bus"));
    DesktopNotifications n = new DesktopNotifications(env);
    org.junit.jupiter.api.Assumptions.assumeTrue(n.command("t", "b").isPresent(), "neither notify-send nor gdbus");
    assertThat(n.notify("Build failed (exit 1)", "0123 after 12 s")).isFalse();
  }

  @Test
  void notifySendIsPreferredAndGetsTheTextAsPlainArguments() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String tool : new String[] {"notify-send", "gdbus"}) {
      Path p = bin.resolve(tool);
      Files.writeString(p, "#!/bin/sh\nexit 0\n");
      p.toFile().setExecutable(true);
    }
    Map<String, String> env = Map.of("PATH", bin.toString(), "DBUS_SESSION_BUS_ADDRESS", "unix:path=/x");
    List<String> c = new DesktopNotifications(env).command("-t 'x'", "body").orElseThrow();
    assertThat(c).startsWith(bin.resolve("notify-send").toString()).endsWith("--", "-t 'x'", "body");
    Files.delete(bin.resolve("notify-send"));
    List<String> g = new DesktopNotifications(env).command("it's", "a\\b").orElseThrow();
    assertThat(g).contains("org.freedesktop.Notifications.Notify", "'it\\'s'", "'a\\\\b'");
  }

  @Test
  void theSystemdUserBusCountsAsASessionBus() throws Exception {
    Path runtime = Files.createDirectories(tmp.resolve("run"));
    Map<String, String> env = Map.of("PATH", "/nonexistent", "XDG_RUNTIME_DIR", runtime.toString());
    assertThat(new DesktopNotifications(env).command("t", "b")).isEmpty();
    Files.createFile(runtime.resolve("bus"));
    Path bin = Files.createDirectories(tmp.resolve("bin2"));
    Path gdbus = bin.resolve("gdbus");
    Files.writeString(gdbus, "#!/bin/sh\nexit 0\n");
    gdbus.toFile().setExecutable(true);
    env = Map.of("PATH", bin.toString(), "XDG_RUNTIME_DIR", runtime.toString());
    assertThat(new DesktopNotifications(env).command("t", "b")).isPresent();
  }
}
