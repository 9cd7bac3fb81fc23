package dev.glassbox.sandbox.fuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@link FuseServerMain} in a child JVM and talks to it over its standard streams. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path stderr;

  private ServerProcess(Process process, Path stderr) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.stderr = stderr;
  }

  /**
   * Starts the server with {@code jvmOptions} and waits until it says MOUNTED; returns that line.
   */
  static ServerProcess start(Path workDir, List<String> jvmOptions, List<String> args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(testClassPath());
    command.add(FuseServerMain.class.getName());
    command.addAll(args);
    Path stderr = Files.createTempFile(workDir, "server", ".stderr");
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    ServerProcess server = new ServerProcess(p, stderr);
    server.awaitLine("MOUNTED");
    return server;
  }

  /** The full test class path; Maven's forked JVMs keep it in a manifest-only jar otherwise. */
  private static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  String awaitLine(String prefix) throws Exception {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String l;
                while ((l = out.readLine()) != null) {
                  if (l.startsWith(prefix)) {
                    return l;
                  }
                }
                return null;
              } catch (IOException e) {
                return null;
              }
            });
    String l = line.get(60, TimeUnit.SECONDS);
    if (l == null) {
      process.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          "the FUSE server did not print " + prefix + "; its stderr:\n" + Files.readString(stderr));
    }
    return l;
  }

  /** Asks the server to unmount and exit (closes its stdin); returns its exit code. */
  int stop() throws Exception {
    process.getOutputStream().close();
    awaitLine("UNMOUNTED");
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the FUSE server did not exit");
    }
    return process.exitValue();
  }

  /** SIGKILL, like an OOM killer or a crash would: the mount is left behind. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
