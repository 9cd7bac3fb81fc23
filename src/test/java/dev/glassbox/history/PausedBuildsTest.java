package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history's record of paused builds and of resume/stop requests between processes. */
class PausedBuildsTest {
  @TempDir Path tmp;

  private static PausedBuild pause(String id, int attempt) {
    return new PausedBuild(
        id,
        Instant.parse("2025-03-01T10:00:01Z"),
        attempt,
        3,
        Path.of("/b/" + id),
        "glassbox-" + id,
        Optional.empty());
  }

  @Test
  void aPauseIsRecordedAskedForAndCleared() throws Exception {
    try (History h = History.open(tmp)) {
      h.insert(HistoryTest.newBuild("0a", h.owner())).get();
      h.recorder("0a").started(1, HistoryTest.T0);
      h.flush();
      assertThat(h.paused("0a")).isEmpty();
      assertThat(h.requestPaused("0a", PausedBuild.Request.RESUME)).as("not paused yet").isFalse();

      h.markPaused(pause("0a", 1));
      PausedBuild p = h.paused("0a").orElseThrow();
      assertThat(p.attempt()).isEqualTo(1);
      assertThat(p.status()).isEqualTo(3);
      assertThat(p.describeStatus()).isEqualTo("exit code 3");
      assertThat(p.bundle()).isEqualTo(Path.of("/b/0a"));
      assertThat(p.request()).isEmpty();
      assertThat(h.pausedBuilds()).extracting(PausedBuild::buildId).containsExactly("0a");
      assertThat(h.pauseRequests(h.owner())).isEmpty();

      assertThat(h.requestPaused("0a", PausedBuild.Request.STOP)).isTrue();
      assertThat(h.pauseRequests(h.owner()))
          .singleElement()
          .satisfies(r -> assertThat(r.request()).contains(PausedBuild.Request.STOP));
      assertThat(h.pauseRequests(HistoryTest.deadOwner())).as("only the owner's").isEmpty();

      // A second pause (after a resume) replaces the first and clears the request.
      h.markPaused(pause("0a", 2));
      assertThat(h.paused("0a").orElseThrow().attempt()).isEqualTo(2);
      assertThat(h.paused("0a").orElseThrow().request()).isEmpty();

      h.clearPaused("0a");
      assertThat(h.paused("0a")).isEmpty();
      assertThat(h.pausedBuilds()).isEmpty();
    }
  }

  @Test
  void aBuildThatEndedIsNeverPausedEvenWithAStaleRow() throws Exception {
    try (History h = History.open(tmp)) {
      h.insert(HistoryTest.newBuild("0b", h.owner())).get();
      h.recorder("0b").started(1, HistoryTest.T0);
      h.flush();
      h.markPaused(pause("0b", 1));
    }
    // Its process died while it was paused: recovery marks it interrupted.
    try (History crashed =
        History.openFile(
            tmp.resolve(History.FILE_NAME), Migrations.LATEST, HistoryTest.deadOwner())) {
      crashed.flush();
    }
    try (Connection c = History.connect(tmp.resolve(History.FILE_NAME));
        var s = c.createStatement()) {
      s.execute("UPDATE builds SET status = 'interrupted' WHERE id = '0b'");
    }
    try (History h = History.open(tmp)) {
      assertThat(h.paused("0b")).isEmpty();
      assertThat(h.requestPaused("0b", PausedBuild.Request.RESUME)).isFalse();
    }
  }

  @Test
  void theSchemaHasThePausedBuildsTableAtVersionFive() throws Exception {
    try (History h = History.open(tmp)) {
      h.flush();
    }
    try (Connection c = History.connect(tmp.resolve(History.FILE_NAME))) {
      assertThat(Migrations.version(c)).isEqualTo(Migrations.LATEST).isGreaterThanOrEqualTo(5);
      try (var s = c.createStatement();
          var rs =
              s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'paused_builds'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
