package dev.glassbox.app;

import dev.glassbox.ui.DesktopNotifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Freedesktop notifications through {@code notify-send} (libnotify-bin, a Recommends of the
 * package) or, without it, {@code gdbus call} to {@code org.freedesktop.Notifications} (GLib, which
 * JavaFX's GTK already pulls in). No session bus, no daemon or neither tool: {@code false}, and the
 * window shows the message itself.
 */
public final class DesktopNotifications implements DesktopNotifier {
  private static final long TIMEOUT_SECONDS = 5;
  private final Map<String, String> env;

  public DesktopNotifications(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The command that would show the notification, or empty when there is no way to. */
  Optional<List<String>> command(String title, String body) {
    if (!sessionBus()) {
      return Optional.empty();
    }
    Optional<Path> notifySend = onPath("notify-send");
    if (notifySend.isPresent()) {
      return Optional.of(
          List.of(
              notifySend.get().toString(),
              "--app-name=Glassbox",
              "--icon=glassbox",
              "--",
              title,
              body));
    }
    Optional<Path> gdbus = onPath("gdbus");
    if (gdbus.isPresent()) {
      List<String> c = new ArrayList<>();
      c.addAll(
          List.of(
              gdbus.get().toString(),
              "call",
              "--session",
              "--timeout",
              Long.toString(TIMEOUT_SECONDS),
              "--dest",
              "org.freedesktop.Notifications",
              "--object-path",
              "/org/freedesktop/Notifications",
              "--method",
              "org.freedesktop.Notifications.Notify"));
      // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
      c.addAll(
          List.of(
              "Glassbox",
              "0",
              "glassbox",
              gvariantString(title),
              gvariantString(body),
              "[]",
              "{}",
              "-1"));
      return Optional.of(c);
    }
    return Optional.empty();
  }

  @Override
  public boolean notify(String title, String body) {
    Optional<List<String>> command = command(title, body);
    if (command.isEmpty()) {
      return false;
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(command.get()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      if (p.exitValue() != 0) {
        org.slf4j.LoggerFactory.getLogger(DesktopNotifications.class)
            .info(
                "no desktop notification ({}): {}", command.get().get(0), new String(out).strip());
        return false;
      }
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A session bus is there to talk to: its address is set, or the systemd user bus exists. */
  private boolean sessionBus() {
    String address = env.get("DBUS_SESSION_BUS_ADDRESS");
    if (address != null && !address.isBlank()) {
      return true;
    }
    String runtime = env.get("XDG_RUNTIME_DIR");
    return runtime != null && !runtime.isBlank() && Files.exists(Path.of(runtime, "bus"));
  }

  private Optional<Path> onPath(String tool) {
    for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Optional.of(Path.of(dir, tool));
      }
    }
    return Optional.empty();
  }

  /** A GVariant text literal, as gdbus parses its arguments. */
  static String gvariantString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
