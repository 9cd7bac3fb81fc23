package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.RuntimeMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  @TempDir Path tmp;

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");

  static NewBuild newBuild(String id, ProcessOwner owner) {
    return new NewBuild(
        id,
        T0,
        Optional.of("{\"inputs\":[],\"commandArgs\":[\"/bin/sh\"]}"),
        Optional.empty(),
        "/bin/sh",
        Optional.empty(),
        KeepSandbox.NEVER,
        Duration.ofSeconds(60),
        owner);
  }

  /** A process that has ended: its pid and start time can no longer belong to a live process. */
  static ProcessOwner deadOwner() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long start = p.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(1L);
    p.waitFor(10, TimeUnit.SECONDS);
    return new ProcessOwner(p.pid(), ProcessOwner.current().host(), start);
  }

  private static List<RecordedEvent> all(History h, String id) throws Exception {
    List<RecordedEvent> out = new ArrayList<>();
    while (true) {
      List<RecordedEvent> page = h.events(id, out.size(), 1000);
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
    }
  }

  @Test
  void aFinishedBuildReadsBackWithPhasesOutcomeAndItsLogInOrder() throws Exception {
    try (History h = History.open(tmp)) {
      h.insert(newBuild("abc123", h.owner())).get();
      History.Recorder r = h.recorder("abc123");
      r.started(1, T0.plusMillis(5));
      r.phaseStarted(2, Phase.RUN, T0.plusMillis(6));
      r.log(3, new LogLine(0, LogStream.STDOUT, T0.plusMillis(7).toEpochMilli(), "hello ✓", false));
      r.log(4, new LogLine(1, LogStream.STDERR, T0.plusMillis(7).toEpochMilli(), "oops", false));
      r.log(5, new LogLine(2, LogStream.STDOUT, T0.plusMillis(9).toEpochMilli(), "no newline", true));
      r.phaseFinished(6, new PhaseTiming(Phase.RUN, T0.plusMillis(6), 4));
      FileNode out = new FileNode(Digest.ofContents("x".getBytes()), 1, true);
      BuildOutcome ok =
          new BuildOutcome.Succeeded(
              List.of(
                  new NamedNode(PathComponent.of("out"), out),
                  new NamedNode(PathComponent.of("link"), new SymlinkNode(SymlinkTarget.of(new byte[] {'a', (byte) 0xff})))),
              List.of(List.of(0, 2), List.of()));
      r.finish(7, T0.plusMillis(20), ok, Optional.of(tmp.resolve("kept")), Optional.of(RuntimeMode.ROOT)).get();

      BuildRecord rec = h.find("abc123").orElseThrow();
      assertThat(rec.status()).isEqualTo(BuildStatus.SUCCEEDED);
      assertThat(rec.outcome()).contains(ok);
      assertThat(rec.exitCode()).contains(0);
      assertThat(rec.startedAt()).contains(T0.plusMillis(5));
      assertThat(rec.finishedAt()).contains(T0.plusMillis(20));
      assertThat(rec.phases()).containsExactly(new PhaseTiming(Phase.RUN, T0.plusMillis(6), 4));
      assertThat(rec.keptSandbox()).contains(tmp.resolve("kept"));
      assertThat(rec.runtimeMode()).contains(RuntimeMode.ROOT);
      assertThat(rec.owner()).isEqualTo(h.owner());

      List<RecordedEvent> events = all(h, "abc123");
      assertThat(events).extracting(RecordedEvent::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
      assertThat(events.get(0)).isEqualTo(new RecordedEvent.Queued(0, T0));
      assertThat(events.get(4)).isEqualTo(new RecordedEvent.Log(4, new LogLine(1, LogStream.STDERR, T0.plusMillis(7).toEpochMilli(), "oops", false)));
      assertThat(events.get(5)).isEqualTo(new RecordedEvent.Log(5, new LogLine(2, LogStream.STDOUT, T0.plusMillis(9).toEpochMilli(), "no newline", true)));
      assertThat(events.get(7)).isEqualTo(new RecordedEvent.Finished(7, T0.plusMillis(20)));
      // Resuming in the middle gives the rest.
      assertThat(h.events("abc123", 4, 2)).extracting(RecordedEvent::index).containsExactly(4L, 5L);
    }
  }

  @Test
  void logsSpanningManyChunksReadBackCompletelyAndInOrder() throws Exception {
    int n = 3 * History.CHUNK_MAX_LINES + 17;
    try (History h = History.open(tmp)) {
      h.insert(newBuild("feed", h.owner())).get();
      History.Recorder r = h.recorder("feed");
      r.started(1, T0);
      long seq = 0;
      for (int i = 0; i < n; i++) {
        // A jump in seq (lines the engine numbered but never delivered) must survive too.
        seq += i == 5000 ? 3 : 1;
        r.log(2 + i, new LogLine(seq, i % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, T0.toEpochMilli() + i / 10, "line " + i, false));
      }
      r.finish(2 + n, T0.plusSeconds(1), new BuildOutcome.Failed(3, null, "the command exited with code 3"), Optional.empty(), Optional.empty()).get();
      List<RecordedEvent> events = all(h, "feed");
      assertThat(events).hasSize(n + 3);
      long expectSeq = 0;
      for (int i = 0; i < n; i++) {
        expectSeq += i == 5000 ? 3 : 1;
        LogLine l = ((RecordedEvent.Log) events.get(2 + i)).line();
        assertThat(l.text()).isEqualTo("line " + i);
        assertThat(l.seq()).isEqualTo(expectSeq);
        assertThat(l.stream()).isEqualTo(i % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT);
        assertThat(l.epochMillis()).isEqualTo(T0.toEpochMilli() + i / 10);
      }
      BuildRecord rec = h.find("feed").orElseThrow();
      assertThat(rec.status()).isEqualTo(BuildStatus.FAILED);
      assertThat(rec.exitCode()).contains(3);
      assertThat(rec.message()).isEqualTo("the command exited with code 3");
    }
  }

  @Test
  void logLinesAreDurableWithinAFractionOfASecondWithoutAnyFinish() throws Exception {
    try (History h = History.open(tmp)) {
      h.insert(newBuild("live", h.owner())).get();
      History.Recorder r = h.recorder("live");
      r.started(1, T0);
      r.log(2, new LogLine(0, LogStream.STDOUT, T0.toEpochMilli(), "first", false));
      long deadline = System.nanoTime() + 1_000_000_000L;
      // A second reader (another process would do the same) sees the line without any flush call.
      try (History other = History.openFile(h.file(), Migrations.LATEST, deadOwner())) {
        while (other.events("live", 2, 10).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(other.events("live", 2, 10)).hasSize(1);
      }
      assertThat(r.committedIndex()).isEqualTo(3);
    }
  }

  @Test
  void aVersion1DatabaseIsUpgradedWithItsBuildsIntact() throws Exception {
    Path file = tmp.resolve(History.FILE_NAME);
    try (History v1 = History.openFile(file, 1, ProcessOwner.current())) {
      v1.insert(newBuild("01d", v1.owner())).get();
    }
    try (Connection c = History.connect(file)) {
      assertThat(Migrations.version(c)).isEqualTo(1);
      try (Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM pragma_table_info('builds') WHERE name = 'cancel_requested'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isZero();
      }
    }
    try (History h = History.open(tmp)) {
      BuildRecord old = h.find("01d").orElseThrow();
      assertThat(old.status()).isEqualTo(BuildStatus.QUEUED);
      assertThat(old.cancelRequested()).isFalse();
      assertThat(old.sandboxDeletedAt()).isEmpty();
      assertThat(h.requestCancel("01d")).isTrue();
      assertThat(h.find("01d").orElseThrow().cancelRequested()).isTrue();
    }
    try (Connection c = History.connect(file)) {
      assertThat(Migrations.version(c)).isEqualTo(Migrations.LATEST);
    }
  }

  @Test
  void aDatabaseFromANewerGlassboxIsRefusedWithoutTouchingIt() throws Exception {
    try (History h = History.open(tmp)) {
      h.flush();
    }
    Path file = tmp.resolve(History.FILE_NAME);
    try (Connection c = History.connect(file); Statement s = c.createStatement()) {
      s.execute("UPDATE schema_version SET version = 99");
    }
    assertThatThrownBy(() -> History.open(tmp))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining("newer Glassbox")
        .hasMessageContaining("99");
  }

  @Test
  void buildsOfAGoneProcessAreMarkedInterruptedAndKeepTheirLog() throws Exception {
    ProcessOwner dead = deadOwner();
    try (History h = History.open(tmp)) {
      try (History crashed = History.openFile(h.file(), Migrations.LATEST, dead)) {
        crashed.insert(newBuild("dead1", dead)).get();
        crashed.insert(newBuild("dead2", dead)).get();
        History.Recorder r = crashed.recorder("dead1");
        r.started(1, T0);
        r.log(2, new LogLine(0, LogStream.STDOUT, T0.toEpochMilli(), "before the crash", false));
        crashed.flush();
      }
      h.insert(newBuild("mine", h.owner())).get();

      assertThat(h.recoverInterrupted()).containsExactlyInAnyOrder("dead1", "dead2");
      BuildRecord r1 = h.find("dead1").orElseThrow();
      assertThat(r1.status()).isEqualTo(BuildStatus.INTERRUPTED);
      assertThat(r1.message()).contains("pid " + dead.pid());
      assertThat(r1.outcome()).isEmpty();
      List<RecordedEvent> events = all(h, "dead1");
      assertThat(events).extracting(e -> e.getClass().getSimpleName())
          .containsExactly("Queued", "Started", "Log", "Finished");
      assertThat(((RecordedEvent.Log) events.get(2)).line().text()).isEqualTo("before the crash");
      assertThat(h.find("mine").orElseThrow().status()).isEqualTo(BuildStatus.QUEUED);
      assertThat(h.recoverInterrupted()).isEmpty();
    }
  }

  @Test
  void idPrefixesResolveOnlyWhenUnique() throws Exception {
    try (History h = History.open(tmp)) {
      h.insert(newBuild("aa11", h.owner())).get();
      h.insert(newBuild("aa22", h.owner())).get();
      h.insert(newBuild("bb33", h.owner())).get();
      assertThat(h.resolve("aa2").id()).isEqualTo("aa22");
      assertThat(h.resolve("B").id()).isEqualTo("bb33");
      assertThatThrownBy(() -> h.resolve("aa")).isInstanceOf(UnknownBuildException.class).hasMessageContaining("ambiguous").hasMessageContaining("aa11, aa22");
      assertThatThrownBy(() -> h.resolve("cc")).isInstanceOf(UnknownBuildException.class).hasMessageContaining("no build id starts with 'cc'");
      assertThatThrownBy(() -> h.resolve("a*")).isInstanceOf(UnknownBuildException.class).hasMessageContaining("not a build id");
    }
  }

  @Test
  void twoWritersOnOneDatabaseInterleaveWithoutLosingAnything() throws Exception {
    int builds = 20;
    int lines = 2000;
    try (History a = History.open(tmp);
        History b = History.openFile(a.file(), Migrations.LATEST, deadOwner())) {
      List<Thread> threads = new ArrayList<>();
      for (History h : List.of(a, b)) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < builds; i++) {
                      String id = (h == a ? "a" : "b") + Integer.toHexString(i);
                      h.insert(newBuild(id, h.owner())).get();
                      History.Recorder r = h.recorder(id);
                      r.started(1, T0);
                      for (int j = 0; j < lines; j++) {
                        r.log(2 + j, new LogLine(j, LogStream.STDOUT, T0.toEpochMilli(), id + " " + j, false));
                      }
                      r.finish(2 + lines, T0, new BuildOutcome.Cancelled(Phase.RUN), Optional.empty(), Optional.empty()).get();
                    }
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(a.recent(1000)).hasSize(2 * builds).allMatch(r -> r.status() == BuildStatus.CANCELLED);
      assertThat(all(a, "b13")).hasSize(lines + 3);
      assertThat(a.integrityCheck()).containsExactly("ok");
    }
  }

  @Test
  void cancelRequestsReachOnlyTheOwnerAndOnlyUnfinishedBuilds() throws Exception {
    try (History h = History.open(tmp)) {
      ProcessOwner other = deadOwner();
      h.insert(newBuild("run1", h.owner())).get();
      h.insert(newBuild("elsewhere", other)).get();
      h.insert(newBuild("done", h.owner())).get();
      h.recorder("done").finish(1, T0, new BuildOutcome.Cancelled(null), Optional.empty(), Optional.empty()).get();
      assertThat(h.requestCancel("run1")).isTrue();
      assertThat(h.requestCancel("elsewhere")).isTrue();
      assertThat(h.requestCancel("done")).isFalse();
      assertThat(h.cancelRequests(h.owner())).containsExactly("run1");
      BuildRecord done = h.find("done").orElseThrow();
      assertThat(done.message()).isEqualTo("cancelled while queued");
      assertThat(done.outcome()).contains(new BuildOutcome.Cancelled(null));
    }
  }
}
