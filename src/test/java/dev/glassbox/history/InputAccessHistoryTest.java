package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.access.AccessRecorder;
import dev.glassbox.sandbox.access.InputAccess;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input access traces and log lines by sequence number in the history (schema version 3). */
class InputAccessHistoryTest {
  @TempDir Path tmp;

  private static InputAccess sample() {
    AccessRecorder r = new AccessRecorder();
    r.open("/gcc/bin/cc", 0x20);
    r.read("/gcc/bin/cc", 0, 4096);
    r.lookup("/gcc/lib", true);
    r.logLine(9000);
    r.lookup("/gcc/lib/libfoo.so", false);
    return r.snapshot();
  }

  @Test
  void aTraceRoundTripsAndIsCommittedBeforeTheBuildEnds() throws Exception {
    InputAccess a = sample();
    try (History h = History.open(tmp)) {
      h.insert(HistoryTest.newBuild("b1", h.owner())).get();
      h.insert(HistoryTest.newBuild("b2", h.owner())).get();
      History.Recorder rec = h.recorder("b1");
      rec.started(1, Instant.now());
      h.recordInputAccess("b1", a).get();
      rec.finish(
              2,
              Instant.now(),
              BuildOutcome.Failed.exit(1),
              Optional.empty(),
              Optional.of(RuntimeMode.ROOT))
          .get();
      assertThat(h.inputAccess("b1")).contains(a);
      assertThat(h.inputAccess("b2")).isEmpty();
      // A second trace of the same build replaces the first.
      h.recordInputAccess("b1", InputAccess.empty()).get();
      assertThat(h.inputAccess("b1")).contains(InputAccess.empty());
      h.recordInputAccess("b1", a).get();
    }
    try (History h = History.open(tmp)) {
      assertThat(h.inputAccess("b1")).contains(a);
    }
  }

  @Test
  void logLinesAreFoundBySequenceNumberAcrossChunks() throws Exception {
    int n = History.CHUNK_MAX_LINES * 2 + 100;
    try (History h = History.open(tmp)) {
      h.insert(HistoryTest.newBuild("b1", h.owner())).get();
      History.Recorder rec = h.recorder("b1");
      rec.started(1, Instant.now());
      for (int i = 0; i < n; i++) {
        rec.log(
            2 + i,
            new LogLine(
                i,
                i % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR,
                1000L + i,
                "line " + i,
                false));
      }
      rec.finish(
              2 + n, Instant.now(), BuildOutcome.Failed.exit(1), Optional.empty(), Optional.empty())
          .get();
      long edge = History.CHUNK_MAX_LINES;
      assertThat(h.logLines("b1", edge - 3, edge + 3))
          .extracting(LogLine::text)
          .containsExactly(
              "line " + (edge - 3),
              "line " + (edge - 2),
              "line " + (edge - 1),
              "line " + edge,
              "line " + (edge + 1),
              "line " + (edge + 2),
              "line " + (edge + 3));
      assertThat(h.logLines("b1", 0, 2)).extracting(LogLine::seq).containsExactly(0L, 1L, 2L);
      assertThat(h.logLines("b1", n - 2, n + 50))
          .extracting(LogLine::seq)
          .containsExactly((long) n - 2, (long) n - 1);
      assertThat(h.logLines("b1", 5, 4)).isEmpty();
      assertThat(h.logLines("nobody", 0, 10)).isEmpty();
      assertThat(h.logLines("b1", 1, 1).get(0).stream()).isEqualTo(LogStream.STDERR);
    }
  }

  @Test
  void aVersion2DatabaseGainsTheTraceTable() throws Exception {
    Path file = tmp.resolve(History.FILE_NAME);
    try (History v2 = History.openFile(file, 2, ProcessOwner.current())) {
      v2.insert(HistoryTest.newBuild("old", v2.owner())).get();
    }
    try (Connection c = History.connect(file)) {
      assertThat(Migrations.version(c)).isEqualTo(2);
    }
    InputAccess a = sample();
    try (History h = History.open(tmp)) {
      assertThat(h.inputAccess("old")).isEmpty();
      h.recordInputAccess("old", a).get();
      assertThat(h.inputAccess("old")).contains(a);
    }
    try (Connection c = History.connect(file)) {
      assertThat(Migrations.version(c)).isGreaterThanOrEqualTo(3);
    }
  }
}
