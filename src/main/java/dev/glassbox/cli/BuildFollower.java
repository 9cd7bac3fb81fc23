package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.shell.Toolbox;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.BuildService;
import dev.glassbox.service.ServiceEvent;
import dev.glassbox.service.ServiceException;
import dev.glassbox.service.ServiceListener;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Follows a submitted build on the terminal for 'build' and 'rebuild': its log live, Ctrl-C to
 * cancel (the build is still cleaned up and recorded), then its result and exit code.
 */
final class BuildFollower {
  static final int EXIT_SETUP_FAILED = 3;
  static final int EXIT_CANCELLED = 4;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean quiet;

  BuildFollower(PrintWriter out, PrintWriter err, boolean json, boolean quiet) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.quiet = quiet;
  }

  int follow(BuildService service, BuildHandle handle) throws ServiceException, InterruptedException {
    BuildRecord record = await(service, handle);
    if (json) {
      out.println(RecordJson.result(record));
    } else {
      printHuman(record);
    }
    out.flush();
    return exitCode(record);
  }

  /**
   * Streams the build's log (unless quiet) until it ends and returns its record, printing no
   * result; Ctrl-C cancels the build and still cleans up. ('check' prints its own verdict.)
   */
  BuildRecord await(BuildService service, BuildHandle handle) throws ServiceException, InterruptedException {
    LogPrinter printer = new LogPrinter(json, quiet);
    service.subscribe(handle.id(), 0, printer);
    // Ctrl-C cancels the build and still cleans up: the hook waits until it is recorded.
    Thread hook =
        new Thread(
            () -> {
              handle.cancel();
              try {
                handle.record().get(60, TimeUnit.SECONDS);
                printer.finished.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // nothing more we can do while the JVM exits
              }
            },
            "glassbox-cancel-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    BuildRecord record;
    try {
      record = handle.record().get();
      printer.finished.await(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ServiceException("build " + handle.id() + " failed inside the service: " + e.getCause(), e.getCause());
    } finally {
      printer.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and waits for the record
      }
    }
    return record;
  }

  static int exitCode(BuildRecord r) {
    if (r.status() == BuildStatus.SUCCEEDED) {
      return 0;
    }
    if (r.status() == BuildStatus.FAILED) {
      return GlassboxCli.EXIT_FAILED;
    }
    if (r.outcome().isPresent() && r.outcome().get() instanceof BuildOutcome.SetupFailed s) {
      return s.step() == BuildOutcome.SetupStep.VALIDATION ? GlassboxCli.EXIT_USAGE : EXIT_SETUP_FAILED;
    }
    return EXIT_CANCELLED;
  }

  private void printHuman(BuildRecord r) {
    String id = r.id();
    long total = r.phases().stream().mapToLong(t -> t.durationMillis()).sum();
    BuildOutcome o = r.outcome().orElse(null);
    if (o instanceof BuildOutcome.Succeeded s) {
      err.printf("glassbox: build %s succeeded in %.2f s%n", id, total / 1000.0);
      for (int i = 0; i < s.outputs().size(); i++) {
        String needles = s.outputsNeedles().get(i).isEmpty() ? "" : "  references needles " + s.outputsNeedles().get(i);
        out.println(s.outputs().get(i).name() + "  " + NodeJson.human(s.outputs().get(i).node()) + needles);
      }
    } else if (o instanceof BuildOutcome.Failed f) {
      err.println("glassbox: build " + id + " failed: " + f.reason());
    } else if (o instanceof BuildOutcome.SetupFailed f && f.step() == BuildOutcome.SetupStep.VALIDATION) {
      List<String> lines = f.message().lines().toList();
      err.println("glassbox: " + r.requestFile().map(Object::toString).orElse("the request") + " is not a valid build request ("
          + lines.size() + " problem" + (lines.size() == 1 ? "" : "s") + "; recorded as build " + id + "):");
      lines.forEach(l -> err.println("  " + l));
    } else if (o instanceof BuildOutcome.SetupFailed f) {
      err.println("glassbox: build " + id + " could not start (" + f.step().label() + "): " + f.message());
    } else if (o instanceof BuildOutcome.TimedOut t) {
      err.println("glassbox: build " + id + " timed out after " + t.limit().toSeconds() + " s and was killed");
    } else {
      err.println("glassbox: build " + id + " was " + (o == null ? r.status().label() : "cancelled"));
    }
    r.liveSandbox().ifPresent(p -> err.println("glassbox: the sandbox was kept at " + p));
    err.flush();
  }

  /** Writes log lines to the terminal as they arrive, one flush per batch. */
  private static final class LogPrinter implements ServiceListener {
    private final Writer stdout;
    private final Writer stderr;
    private final boolean toStderrOnly;
    private final boolean quiet;
    private Writer last;
    private boolean pausedOnce;
    final CountDownLatch finished = new CountDownLatch(1);

    LogPrinter(boolean json, boolean quiet) {
      // Our own buffered writers on the file descriptors: System.out flushes per line, too slow for 1M lines.
      this.stdout = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
      this.stderr = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), 1 << 16);
      this.toStderrOnly = json;
      this.quiet = quiet;
    }

    @Override
    public synchronized void onEvents(List<ServiceEvent> batch) {
      try {
        for (ServiceEvent e : batch) {
          if (e instanceof ServiceEvent.Log log && !quiet) {
            write(log.line());
          } else if (e instanceof ServiceEvent.PhaseStarted p && p.phase() == Phase.PAUSED) {
            String id = p.buildId();
            note(
                "glassbox: build " + id + " is paused after its command failed; the container is"
                    + " kept alive as the command left it. Step inside with 'glassbox shell " + id
                    + "' (run the command again there with " + Toolbox.RERUN + "), then"
                    + " 'glassbox resume " + id + "' to run it again and go on, or 'glassbox stop "
                    + id + "' to end the build.");
            pausedOnce = true;
          } else if (e instanceof ServiceEvent.PhaseStarted p
              && p.phase() == Phase.RUN
              && pausedOnce) {
            note("glassbox: build " + p.buildId() + " resumed: running the command again");
          } else if (e instanceof ServiceEvent.Finished) {
            finished.countDown();
          }
        }
        flush();
      } catch (IOException ignored) {
        // the terminal went away; the build goes on and its result is still recorded
      }
    }

    private void write(LogLine line) throws IOException {
      Writer w = line.stream() == LogStream.STDERR || toStderrOnly ? stderr : stdout;
      if (w != last && last != null) {
        // Two buffers share one terminal: flush on every switch so lines keep their order.
        last.flush();
      }
      last = w;
      if (line.stream() == LogStream.STDERR) {
        w.write("[stderr] ");
      }
      w.write(line.text());
      if (!line.partial()) {
        w.write('\n');
      }
    }

    private void note(String text) throws IOException {
      if (last != null && last != stderr) {
        last.flush();
      }
      last = stderr;
      stderr.write(text);
      stderr.write('\n');
    }

    synchronized void flush() {
      try {
        stdout.flush();
        stderr.flush();
      } catch (IOException ignored) {
        // nothing left to tell
      }
    }
  }
}
