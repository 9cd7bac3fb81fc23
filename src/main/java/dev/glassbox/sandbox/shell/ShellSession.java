package dev.glassbox.sandbox.shell;

import java.util.List;
import java.util.Objects;

/**
 * A shell (or one command) ready to run inside a sandbox: run {@link #argv()} in a terminal, a
 * pseudo-terminal or with plain pipes (not interactive), then {@link #close()} it, which tears down
 * whatever was set up for it. Closing is idempotent and safe from any thread.
 */
public final class ShellSession implements AutoCloseable {
  /** What closing a session undoes. */
  @FunctionalInterface
  public interface Teardown {
    void run();
  }

  private final String buildId;
  private final List<String> argv;
  private final boolean terminal;
  private final String description;
  private final Teardown teardown;
  private boolean closed;

  /**
   * @param argv the host command to run ({@code runc exec …} or {@code runc run …})
   * @param terminal whether {@code argv} expects a terminal on its standard input
   * @param description one line for people: where the shell runs
   */
  public ShellSession(
      String buildId, List<String> argv, boolean terminal, String description, Teardown teardown) {
    this.buildId = Objects.requireNonNull(buildId, "buildId");
    this.argv = List.copyOf(argv);
    this.terminal = terminal;
    this.description = Objects.requireNonNull(description, "description");
    this.teardown = Objects.requireNonNull(teardown, "teardown");
    if (this.argv.isEmpty()) {
      throw new IllegalArgumentException("a shell session needs a command to run");
    }
  }

  public String buildId() {
    return buildId;
  }

  /** The host command that enters the sandbox. */
  public List<String> argv() {
    return argv;
  }

  /** Whether {@link #argv()} must run attached to a terminal. */
  public boolean terminal() {
    return terminal;
  }

  public String description() {
    return description;
  }

  /** Tears down what the session set up (for a kept sandbox: container, input mount, bundle). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    teardown.run();
  }
}
