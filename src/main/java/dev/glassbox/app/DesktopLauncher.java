package dev.glassbox.app;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.service.BuildService;
import dev.glassbox.terminal.process.PtyTerminalLauncher;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.GlassboxApp;
import dev.glassbox.ui.request.EditorServices;
import dev.glassbox.ui.settings.UiSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/** Wires the engine into the desktop app and opens it, or explains in one sentence why it cannot. */
public final class DesktopLauncher {
  private DesktopLauncher() {}

  /** Opens the window (optionally with a request file in the editor); returns the exit code. */
  public static int launch(Optional<Path> requestFile) {
    String display = System.getenv("DISPLAY");
    String wayland = System.getenv("WAYLAND_DISPLAY");
    boolean monocle = "monocle".equalsIgnoreCase(System.getProperty("glass.platform"));
    if (!monocle && (display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
      System.err.println(
          "glassbox: no display found (DISPLAY is not set), so the desktop app cannot open;"
              + " use the command line instead, e.g. 'glassbox build REQUEST.json' or"
              + " 'glassbox --help', or run under Xvfb: 'xvfb-run glassbox'.");
      return 2;
    }
    UiSettings settings = UiSettings.load(UiSettings.defaultFile());
    Path storeDir = storeDir(settings);
    Optional<SingleInstance> instance;
    try {
      SingleInstance.Claim claim =
          SingleInstance.claim(SingleInstance.socketFor(storeDir, System.getenv()), requestFile);
      if (claim instanceof SingleInstance.Claim.HandedOver) {
        return 0; // the running window has it now
      }
      instance = Optional.of(((SingleInstance.Claim.Primary) claim).instance());
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(DesktopLauncher.class).warn(
          "cannot reach or create the window socket ({}); opening a window of its own", e.getMessage());
      instance = Optional.empty();
    }
    // The engine (logging, SQLite, the history's startup cleanup, the runtime-mode probe) opens
    // on its own thread while the JavaFX toolkit starts on this one: on two cores the two
    // overlap, which is most of the way to a window in under two seconds.
    CompletableFuture<Engine> opening = new CompletableFuture<>();
    Thread opener =
        new Thread(
            () -> {
              try {
                opening.complete(Engine.open(storeDir));
              } catch (Exception | Error e) {
                opening.completeExceptionally(e);
              }
            },
            "glassbox-engine-open");
    opener.setDaemon(true);
    opener.start();
    instance.ifPresent(i -> i.serve(GlassboxApp::handOver));
    try {
      GlassboxApp.launch(() -> contextOnceOpen(opening, storeDir, settings, requestFile));
      return 0;
    } finally {
      instance.ifPresent(SingleInstance::close);
      // Before the engine closes: a terminal's teardown may need it (a sandbox shell's container).
      Terminals.LAUNCHER.closeAll();
      Engine engine = opening.getNow(null);
      if (engine != null) {
        engine.close();
      }
    }
  }

  /** One terminal launcher per process; its shutdown hook closes terminals left open. */
  private static final class Terminals {
    static final PtyTerminalLauncher LAUNCHER = PtyTerminalLauncher.withShutdownHook();
  }

  private static AppContext contextOnceOpen(
      CompletableFuture<Engine> opening, Path storeDir, UiSettings settings, Optional<Path> requestFile) {
    try {
      return context(opening.join(), storeDir, "", settings, requestFile);
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String problem = cause.getMessage() != null ? cause.getMessage() : cause.toString();
      return context(null, storeDir, problem, settings, requestFile);
    }
  }

  /** The context for an engine (or none, with the problem that stopped it). */
  public static AppContext context(
      Engine engine, Path storeDir, String problem, UiSettings settings, Optional<Path> requestFile) {
    Optional<BuildService> service = engine == null ? Optional.empty() : Optional.of(engine.service());
    EditorServices editorServices = engine == null ? offline(problem) : new DesktopServices(engine);
    return new AppContext(
        service, storeDir, problem, editorServices, examples(), settings, requestFile,
        Terminals.LAUNCHER,
        new DesktopNotifications(System.getenv()));
  }

  /** --store is not available here: $GLASSBOX_STORE, then the settings' folder, then XDG. */
  static Path storeDir(UiSettings settings) {
    String env = System.getenv("GLASSBOX_STORE");
    if ((env == null || env.isBlank()) && !settings.text("storeDir", "").isBlank()) {
      return Path.of(settings.text("storeDir", ""));
    }
    return StoreLocation.resolve(null, System.getenv());
  }

  /**
   * The example requests: {@code $GLASSBOX_EXAMPLES}, the checkout's {@code assets/examples} (next
   * to {@code target/glassbox.jar}), or the installed package's copy.
   */
  static List<Path> examples() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("GLASSBOX_EXAMPLES");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    try {
      Path jar = Path.of(DesktopLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      candidates.add(jar.getParent().resolveSibling("assets").resolve("examples"));
    } catch (Exception ignored) {
      // not from a file: only the other places
    }
    candidates.add(Path.of("assets", "examples"));
    candidates.add(Path.of("/usr/share/glassbox/examples"));
    for (Path dir : candidates) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException ignored) {
          // try the next place
        }
      }
    }
    return List.of();
  }

  private static EditorServices offline(String problem) {
    Executor executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "glassbox-editor");
              t.setDaemon(true);
              return t;
            });
    RequestValidator validator = RequestValidator.hostIndependent();
    return new EditorServices() {
      @Override
      public Node importPath(Path hostPath) throws Exception {
        throw new IllegalStateException("cannot import " + hostPath + ": the store is unavailable (" + problem + ")");
      }

      @Override
      public List<NamedNode> recentNodes(int limit) {
        return List.of();
      }

      @Override
      public RequestValidator validator() {
        return validator;
      }

      @Override
      public Executor background() {
        return executor;
      }
    };
  }
}
