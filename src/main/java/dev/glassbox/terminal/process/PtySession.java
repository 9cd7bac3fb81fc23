package dev.glassbox.terminal.process;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.glassbox.terminal.Teardown;
import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalOutput;
import dev.glassbox.terminal.TerminalSession;
import dev.glassbox.terminal.TerminalSize;
import dev.glassbox.terminal.TerminalSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A program on a real pseudo-terminal (pty4j), with a reader and a writer thread of its own. */
final class PtySession implements TerminalSession {
  private static final Logger LOG = LoggerFactory.getLogger(PtySession.class);
  private static final byte[] STOP = new byte[0];

  /** How long a hung-up program gets before the next, harder signal. */
  private static final long GRACE_MS = 1500;

  private final TerminalSpec spec;
  private final PtyProcess process;
  private final TerminalOutput output;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
  private final Thread reader;
  private final Thread writer;
  private final Consumer<PtySession> onClosed;
  private final Object closeLock = new Object();
  private boolean closed;
  private Teardown teardown;

  private PtySession(
      TerminalSpec spec, PtyProcess process, TerminalOutput output, Consumer<PtySession> onClosed) {
    this.spec = spec;
    this.process = process;
    this.output = output;
    this.onClosed = onClosed;
    this.teardown = spec.teardown();
    String name = "glassbox-pty-" + process.pid();
    reader = new Thread(this::readLoop, name + "-out");
    writer = new Thread(this::writeLoop, name + "-in");
    reader.setDaemon(true);
    writer.setDaemon(true);
  }

  static PtySession start(
      TerminalSpec spec,
      TerminalOutput output,
      Map<String, String> baseEnvironment,
      Consumer<PtySession> onClosed)
      throws TerminalException {
    Map<String, String> env = new HashMap<>(baseEnvironment);
    env.put("TERM", "xterm-256color");
    env.put("COLORTERM", "truecolor");
    env.putAll(spec.environment());
    Path dir = spec.workingDirectory().orElse(Path.of("").toAbsolutePath());
    if (!Files.isDirectory(dir)) {
      throw new TerminalException(
          "cannot start "
              + spec.commandLine()
              + ": the working directory "
              + dir
              + " does not exist or is not a directory");
    }
    String program = spec.argv().get(0);
    if (Executables.find(program, env.get("PATH"), dir).isEmpty()) {
      throw new TerminalException(
          "cannot start "
              + spec.commandLine()
              + ": no executable program '"
              + program
              + "'"
              + (program.contains("/") ? "" : " on PATH (" + env.get("PATH") + ")")
              + "; install it or give its full path");
    }
    PtyProcess process;
    try {
      process =
          new PtyProcessBuilder(spec.argv().toArray(new String[0]))
              .setEnvironment(env)
              .setDirectory(dir.toString())
              .setInitialColumns(spec.size().columns())
              .setInitialRows(spec.size().rows())
              .setConsole(false)
              .start();
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new TerminalException(
          "cannot open a pseudo-terminal for "
              + spec.commandLine()
              + ": "
              + e.getMessage()
              + ". pty4j extracts its native library into the temporary directory ("
              + System.getProperty("java.io.tmpdir")
              + "); if that is mounted noexec, start"
              + " Glassbox with -Dpty4j.tmpdir=DIR pointing at a directory you may execute from",
          e);
    }
    PtySession s = new PtySession(spec, process, output, onClosed);
    s.reader.start();
    s.writer.start();
    Thread waiter = new Thread(s::awaitExit, "glassbox-pty-" + process.pid() + "-wait");
    waiter.setDaemon(true);
    waiter.start();
    return s;
  }

  private void readLoop() {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          deliver(buf, n);
        }
      }
    } catch (IOException e) {
      // EIO once the last holder of the pty's other end is gone: the normal end of output.
      LOG.debug("pty {} output ended: {}", process.pid(), e.toString());
    }
  }

  private void deliver(byte[] buf, int n) {
    try {
      output.onOutput(buf, 0, n);
    } catch (RuntimeException e) { // a thread root: a broken listener must not end the session
      LOG.warn("terminal output listener failed", e);
    }
  }

  private void writeLoop() {
    OutputStream out = process.getOutputStream();
    try {
      while (true) {
        byte[] b = input.take();
        if (b == STOP) {
          return;
        }
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      LOG.debug("pty {} input closed: {}", process.pid(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitExit() {
    try {
      int code = process.waitFor();
      // Output written just before the exit is still in the pty: let the reader deliver it
      // before announcing the end. A background child holding the pty open must not hold us up.
      reader.join(500);
      exit.complete(code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit.completeExceptionally(e);
    }
    input.offer(STOP);
  }

  @Override
  public TerminalSpec spec() {
    return spec;
  }

  @Override
  public void write(byte[] bytes) {
    if (bytes.length > 0 && !exit.isDone()) {
      input.offer(bytes.clone());
    }
  }

  @Override
  public void resize(TerminalSize size) {
    if (process.isAlive()) {
      try {
        process.setWinSize(new WinSize(size.columns(), size.rows()));
      } catch (RuntimeException e) { // the program may exit between the check and the call
        LOG.debug("resize of pty {} failed", process.pid(), e);
      }
    }
  }

  @Override
  public CompletableFuture<Integer> exitStatus() {
    return exit;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Teardown handOverTeardown() {
    synchronized (closeLock) {
      Teardown t = teardown;
      teardown = Teardown.NONE;
      return t;
    }
  }

  @Override
  public void close() throws TerminalException {
    Teardown t;
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      t = teardown;
      teardown = Teardown.NONE;
    }
    try {
      stopProcess();
    } finally {
      input.offer(STOP);
      onClosed.accept(this);
    }
    try {
      t.run();
    } catch (Exception e) {
      throw new TerminalException(
          "the terminal for "
              + spec.commandLine()
              + " closed, but cleaning up after it failed: "
              + e.getMessage()
              + " (see the log; remove what is left by hand)",
          e);
    }
  }

  /** SIGHUP (what closing a terminal sends), then SIGTERM, then SIGKILL, each given a moment. */
  private void stopProcess() {
    try {
      if (process.isAlive()) {
        if (process instanceof com.pty4j.unix.UnixPtyProcess unix) {
          unix.hangup();
        } else {
          process.destroy();
        }
        if (!process.waitFor(GRACE_MS, TimeUnit.MILLISECONDS)) {
          process.destroy();
          if (!process.waitFor(GRACE_MS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(GRACE_MS, TimeUnit.MILLISECONDS);
          }
        }
      }
      exit.get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("waiting for pty {} to end", process.pid(), e);
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("closing pty input", e);
    }
    try {
      process.getInputStream().close();
    } catch (IOException e) {
      LOG.debug("closing pty output", e);
    }
  }
}
