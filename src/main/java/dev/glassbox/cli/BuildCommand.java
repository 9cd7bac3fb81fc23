package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.app.Engine;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildEvent;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.BuildResult;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.runc.RuntimeNotFoundException;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox build FILE}: run a request in the sandbox, streaming its log live. */
@Command(
    name = "build",
    description = {
      "Run a build request in an OCI sandbox, streaming stdout and stderr live (stderr lines are"
          + " marked with '[stderr] '), then print the result.",
      "Exit codes: 0 succeeded, 1 build failed, 2 invalid request, 3 setup failed, 4 cancelled or timed out."
    })
final class BuildCommand extends StoreCommand {
  static final int EXIT_SETUP_FAILED = 3;
  static final int EXIT_CANCELLED = 4;

  @Parameters(paramLabel = "FILE", description = "The request JSON file.")
  Path file;

  @Option(names = "--keep", description = "Keep the sandbox (bundle, scratch, config.json) on disk afterwards.")
  boolean keep;

  @Option(names = "--keep-failed", description = "Keep the sandbox only when the build does not succeed.")
  boolean keepFailed;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout (the log goes to stderr).")
  boolean json;

  @Option(names = "--timeout", paramLabel = "S", description = "Kill the command after S seconds (default 7200).")
  long timeoutSeconds = BuildOptions.DEFAULT_TIMEOUT.toSeconds();

  @Option(names = "--quiet", description = "Do not print the build's log.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds <= 0) {
      throw new UsageException("--timeout must be a positive number of seconds");
    }
    Engine engine;
    try {
      engine = Engine.open(storeDir());
    } catch (RuntimeNotFoundException e) {
      return reportSetup("runtime not found", e.getMessage());
    }
    try (engine) {
      BuildRequest request;
      try {
        request = RequestCommand.readRequest(file, RequestValidator.forThisHost(engine.store()), engine.store());
      } catch (InvalidBuildRequestException e) {
        RequestCommand.printViolations(err(), file, e);
        return GlassboxCli.EXIT_USAGE;
      }
      KeepSandbox keepMode = keep ? KeepSandbox.ALWAYS : keepFailed ? KeepSandbox.ON_FAILURE : KeepSandbox.NEVER;
      BuildOptions options = new BuildOptions(keepMode, Duration.ofSeconds(timeoutSeconds));
      LogPrinter printer = new LogPrinter(json, quiet);
      BuildEngine.Execution exec = engine.builds().prepare(request, options, printer);
      // Ctrl-C cancels the build and still cleans up: the hook waits for run() to return.
      Thread runner = Thread.currentThread();
      Thread hook =
          new Thread(
              () -> {
                exec.cancel();
                try {
                  runner.join(30_000);
                } catch (InterruptedException ignored) {
                  Thread.currentThread().interrupt();
                }
              },
              "glassbox-cancel-on-exit");
      Runtime.getRuntime().addShutdownHook(hook);
      BuildResult result;
      try {
        result = exec.run();
      } finally {
        printer.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running and waits for us
        }
      }
      if (json) {
        out().println(toJson(result));
      } else {
        printHuman(result);
      }
      return exitCode(result.outcome());
    }
  }

  private int reportSetup(String step, String message) {
    if (json) {
      ObjectNode o = NodeJson.MAPPER.createObjectNode();
      o.put("status", "setup-failed");
      o.put("step", step);
      o.put("message", message);
      out().println(o);
    } else {
      err().println("glassbox: setup failed (" + step + "): " + message);
    }
    return EXIT_SETUP_FAILED;
  }

  static int exitCode(BuildOutcome o) {
    if (o instanceof BuildOutcome.Succeeded) {
      return 0;
    }
    if (o instanceof BuildOutcome.Failed) {
      return GlassboxCli.EXIT_FAILED;
    }
    if (o instanceof BuildOutcome.SetupFailed s) {
      return s.step() == BuildOutcome.SetupStep.VALIDATION ? GlassboxCli.EXIT_USAGE : EXIT_SETUP_FAILED;
    }
    return EXIT_CANCELLED;
  }

  private void printHuman(BuildResult r) {
    BuildOutcome o = r.outcome();
    long total = r.phases().stream().mapToLong(PhaseTiming::durationMillis).sum();
    var w = err();
    if (o instanceof BuildOutcome.Succeeded s) {
      w.printf("glassbox: build %s succeeded in %.2f s%n", r.buildId(), total / 1000.0);
      for (int i = 0; i < s.outputs().size(); i++) {
        NamedNode n = s.outputs().get(i);
        String needles = s.outputsNeedles().get(i).isEmpty() ? "" : "  references needles " + s.outputsNeedles().get(i);
        out().println(n.name() + "  " + NodeJson.human(n.node()) + needles);
      }
    } else if (o instanceof BuildOutcome.Failed f) {
      w.println("glassbox: build " + r.buildId() + " failed: " + f.reason());
    } else if (o instanceof BuildOutcome.SetupFailed f) {
      w.println("glassbox: build " + r.buildId() + " could not start (" + f.step().label() + "): " + f.message());
    } else if (o instanceof BuildOutcome.TimedOut t) {
      w.println("glassbox: build " + r.buildId() + " timed out after " + t.limit().toSeconds() + " s and was killed");
    } else {
      w.println("glassbox: build " + r.buildId() + " was cancelled");
    }
    r.keptBundle().ifPresent(p -> w.println("glassbox: the sandbox was kept at " + p));
  }

  static ObjectNode toJson(BuildResult r) {
    ObjectNode o = NodeJson.MAPPER.createObjectNode();
    BuildOutcome out = r.outcome();
    o.put("id", r.buildId());
    o.put("status", out.status());
    Integer exitCode = null;
    Integer signal = null;
    if (out instanceof BuildOutcome.Succeeded) {
      exitCode = 0;
    } else if (out instanceof BuildOutcome.Failed f) {
      exitCode = f.exitCode();
      signal = f.signal();
      o.put("message", f.reason());
    } else if (out instanceof BuildOutcome.SetupFailed f) {
      o.put("step", f.step().label());
      o.put("message", f.message());
    }
    if (exitCode == null) {
      o.putNull("exitCode");
    } else {
      o.put("exitCode", exitCode);
    }
    if (signal == null) {
      o.putNull("signal");
    } else {
      o.put("signal", signal);
    }
    ArrayNode outputs = o.putArray("outputs");
    ArrayNode needles = o.putArray("outputsNeedles");
    if (out instanceof BuildOutcome.Succeeded s) {
      s.outputs().forEach(n -> outputs.add(RequestWriter.namedNode(n)));
      s.outputsNeedles().forEach(list -> list.forEach(needles.addArray()::add));
    }
    ArrayNode phases = o.putArray("phases");
    for (PhaseTiming t : r.phases()) {
      phases.addObject().put("name", t.phase().label()).put("start", t.start().toString()).put("durationMs", t.durationMillis());
    }
    if (r.keptBundle().isPresent()) {
      o.put("bundle", r.keptBundle().get().toString());
    } else {
      o.putNull("bundle");
    }
    o.put("runtimeMode", r.mode().label());
    return o;
  }

  /** Writes log lines to the terminal as they arrive; buffered, flushed when the stream goes quiet. */
  private static final class LogPrinter implements dev.glassbox.sandbox.BuildListener {
    private final Writer stdout;
    private final Writer stderr;
    private final boolean toStderrOnly;
    private final boolean quiet;
    private Writer last;
    private final java.util.concurrent.ScheduledExecutorService flusher;

    LogPrinter(boolean json, boolean quiet) {
      // Our own buffered writers on the file descriptors: System.out flushes per line, too slow for 1M lines.
      this.stdout = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
      this.stderr = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), 1 << 16);
      this.toStderrOnly = json;
      this.quiet = quiet;
      // Keep the terminal live (a line shows within 50 ms) without a write syscall per line.
      this.flusher =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "glassbox-log-flush");
                t.setDaemon(true);
                return t;
              });
      flusher.scheduleWithFixedDelay(this::flush, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void onEvent(BuildEvent e) {
      if (quiet || !(e instanceof BuildEvent.Log log)) {
        return;
      }
      LogLine line = log.line();
      try {
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
      } catch (IOException ignored) {
        // the terminal went away; the build goes on and its result is still reported
      }
    }

    void close() {
      flusher.shutdownNow();
      flush();
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
