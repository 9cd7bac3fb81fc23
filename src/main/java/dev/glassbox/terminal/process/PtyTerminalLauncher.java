package dev.glassbox.terminal.process;

import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalLauncher;
import dev.glassbox.terminal.TerminalOutput;
import dev.glassbox.terminal.TerminalSession;
import dev.glassbox.terminal.TerminalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts terminals on real pseudo-terminals and keeps track of the open ones, so that quitting
 * Glassbox closes them (and runs their teardowns) instead of leaving shells and containers behind.
 */
public final class PtyTerminalLauncher implements TerminalLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(PtyTerminalLauncher.class);

  private final Map<String, String> environment;
  private final SystemTerminal systemTerminal;
  private final Set<PtySession> open = ConcurrentHashMap.newKeySet();

  /** {@code environment}: what programs inherit (usually {@code System.getenv()}). */
  public PtyTerminalLauncher(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    nativeLibraryFolder(environment);
    this.systemTerminal = new SystemTerminal(environment);
  }

  /** A launcher with Glassbox's environment that closes its sessions when the JVM exits. */
  public static PtyTerminalLauncher withShutdownHook() {
    PtyTerminalLauncher l = new PtyTerminalLauncher(System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(l::closeAll, "glassbox-terminals-close"));
    return l;
  }

  /**
   * Where pty4j puts its native library. The packaged app ships it and says where (the property
   * {@code pty4j.preferred.native.folder}). Run from the jar, pty4j would extract it into a new
   * temporary directory per run and leave that behind; a fixed folder in the user's cache is reused
   * instead (per user, so root and others do not share one). If that cannot be made, pty4j's
   * default stays.
   */
  static synchronized void nativeLibraryFolder(Map<String, String> env) {
    if (System.getProperty("pty4j.preferred.native.folder") != null
        || System.getProperty("pty4j.tmpdir") != null) {
      return;
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache =
        xdg != null && xdg.startsWith("/")
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    Path dir = cache.resolve("glassbox").resolve("native");
    try {
      Files.createDirectories(dir);
      if (Files.isWritable(dir)) {
        System.setProperty("pty4j.tmpdir", dir.toString());
      }
    } catch (IOException | RuntimeException e) { // e.g. no writable home: the default is fine
      LOG.debug("cannot use {} for pty4j's native library", dir, e);
    }
  }

  @Override
  public TerminalSession start(TerminalSpec spec, TerminalOutput output) throws TerminalException {
    PtySession s = PtySession.start(spec, output, environment, open::remove);
    open.add(s);
    return s;
  }

  @Override
  public void openInSystemTerminal(TerminalSpec spec) throws TerminalException {
    systemTerminal.open(spec);
  }

  /** The sessions not closed yet. */
  public List<TerminalSession> openSessions() {
    return new ArrayList<>(open);
  }

  /** Closes every open session, running their teardowns; failures are logged. */
  public void closeAll() {
    for (PtySession s : new ArrayList<>(open)) {
      try {
        s.close();
      } catch (Exception e) { // closing everything on the way out: one failure must not stop it
        LOG.error("closing the terminal for {} failed", s.spec().commandLine(), e);
      }
    }
  }
}
