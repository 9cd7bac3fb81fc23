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
 * could not start, with {@code problem} saying why), the store, examples and settings, and the
 * launcher for in-app and system terminals (shells inside a sandbox).
 */
public record AppContext(
    Optional<BuildService> service,
    Path storeDir,
    String problem,
    EditorServices editorServices,
    List<Path> examples,
    UiSettings settings,
    Optional<Path> openOnStart,
    TerminalLauncher terminals) {
  public AppContext {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(storeDir, "storeDir");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(editorServices, "editorServices");
    examples = List.copyOf(examples);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(openOnStart, "openOnStart");
    Objects.requireNonNull(terminals, "terminals");
  }
}
