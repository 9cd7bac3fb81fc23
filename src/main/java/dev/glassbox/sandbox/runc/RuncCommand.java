package dev.glassbox.sandbox.runc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Runs one short runc subcommand (list, kill, delete, state) against a state root and waits. */
final class RuncCommand {
  /** What a finished subcommand printed and returned. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    /** A one-line account for error messages: the command, its status and what it said. */
    String describe() {
      String said = stderr.strip();
      return String.join(" ", command)
          + " exited with "
          + exitCode
          + (said.isEmpty() ? "" : ": " + said.replace('\n', ' '));
    }
  }

  private static final File DEV_NULL = new File("/dev/null");

  private final String runc;
  private final String stateRoot;
  private final Duration timeout;
  private final Executor pipeReaders;

  RuncCommand(String runc, String stateRoot, Duration timeout, Executor pipeReaders) {
    this.runc = runc;
    this.stateRoot = stateRoot;
    this.timeout = timeout;
    this.pipeReaders = pipeReaders;
  }

  /** The argument vector for {@code runc --root R args...}. */
  List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(args.length + 3);
    argv.add(runc);
    argv.add("--root");
    argv.add(stateRoot);
    argv.addAll(List.of(args));
    return argv;
  }

  Result run(String... args) throws RuncException {
    List<String> argv = argv(args);
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectInput(DEV_NULL).start();
    } catch (IOException e) {
      throw new RuncException(
          "cannot start " + String.join(" ", argv) + ": " + e.getMessage(), e);
    }
    // Both pipes are drained on other threads, so neither can fill up and stall runc, and a hanging
    // runc is caught by the timeout below instead of blocking a read forever.
    CompletableFuture<String> stdout =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), pipeReaders);
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), pipeReaders);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new RuncException(
            String.join(" ", argv)
                + " did not finish within "
                + timeout.toSeconds()
                + " s; runc may be stuck on a container, look for runc processes with `ps`");
      }
      return new Result(argv, process.exitValue(), stdout.get(), stderr.get());
    } catch (ExecutionException e) {
      throw new RuncException(
          "cannot read the output of " + String.join(" ", argv) + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RuncException("interrupted while waiting for " + String.join(" ", argv), e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
