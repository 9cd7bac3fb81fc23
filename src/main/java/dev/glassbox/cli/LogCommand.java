package dev.glassbox.cli;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.RecordedEvent;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox log ID}: a build's log from the history, optionally following it live. */
@Command(
    name = "log",
    description = {
      "Print a build's log from the history, in order; lines the build wrote to stderr are marked"
          + " with '[stderr] '.",
      "--follow keeps printing while the build runs, also when another Glassbox process runs it."
    })
final class LogCommand extends StoreCommand {
  static final long POLL_MILLIS = 200;

  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = {"-f", "--follow"}, description = "Keep printing until the build ends.")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    try (History h = openHistory()) {
      BuildRecord r = h.resolve(id);
      Writer w = out();
      long next = 0;
      while (true) {
        List<RecordedEvent> page = h.events(r.id(), next, 8192);
        boolean ended = false;
        for (RecordedEvent e : page) {
          if (e instanceof RecordedEvent.Log l) {
            write(w, l.line());
          } else if (e instanceof RecordedEvent.Finished) {
            ended = true;
          }
          next = e.index() + 1;
        }
        w.flush();
        if (ended || (!follow && page.isEmpty())) {
          return 0;
        }
        if (page.isEmpty()) {
          Thread.sleep(POLL_MILLIS);
          // A build whose process died never ends by itself: mark it so the loop sees its end.
          if (!h.find(r.id()).orElseThrow().owner().isAlive()) {
            h.recoverInterrupted();
          }
        }
      }
    }
  }

  private static void write(Writer w, LogLine line) throws IOException {
    if (line.stream() == LogStream.STDERR) {
      w.write("[stderr] ");
    }
    w.write(line.text());
    if (!line.partial()) {
      w.write('\n');
    }
  }
}
