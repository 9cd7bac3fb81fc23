package dev.glassbox.ui;

import dev.glassbox.service.BuildService;
import dev.glassbox.terminal.TerminalLauncher;
import dev.glassbox.ui.request.EditorServices;
import dev.glassbox.ui.settings.UiSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the composition root hands the desktop app: the build service (absent when the engine
 * could not start, with {@code problem} saying why), the store, examples, settings, the launcher
 * for in-app and system terminals (shells inside a sandbox) and the desktop's notification service.
 */
public record AppContext(
    Optional<BuildService> service,
    Path storeDir,
    String problem,
    EditorServices editorServices,
    List<Path> examples,
    UiSettings settings,
    Optional<Path> openOnStart,
    TerminalLauncher terminals,
    DesktopNotifier notifier) {
  public AppContext {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(storeDir, "storeDir");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(editorServices, "editorServices");
    examples = List.copyOf(examples);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(openOnStart, "openOnStart");
    Objects.requireNonNull(terminals, "terminals");
    Objects.requireNonNull(notifier, "notifier");
  }

  /** A context without desktop notifications: finished builds are announced in the window. */
  public AppContext(
      Optional<BuildService> service,
      Path storeDir,
      String problem,
      EditorServices editorServices,
      List<Path> examples,
      UiSettings settings,
      Optional<Path> openOnStart,
      TerminalLauncher terminals) {
    this(service, storeDir, problem, editorServices, examples, settings, openOnStart, terminals,
        DesktopNotifier.UNAVAILABLE);
  }
}
