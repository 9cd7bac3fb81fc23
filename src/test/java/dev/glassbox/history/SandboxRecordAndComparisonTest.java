package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.RuntimeMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded config.json (schema step 4) and the comparison of two finished builds. */
class SandboxRecordAndComparisonTest {
  @TempDir Path tmp;

  @Test
  void theConfigJsonOfABuildIsKeptAndSurvivesReopening() throws Exception {
    String config = "{\"ociVersion\":\"1.0.2-dev\",\"mounts\":[]}";
    try (History h = History.open(tmp)) {
      h.insert(HistoryTest.newBuild("b1", h.owner())).get();
      assertThat(h.sandboxConfig("b1")).isEmpty();
      h.recordSandbox(
              new SandboxConfig("b1", tmp.resolve("bundles/b1"), config, HistoryTest.T0))
          .get();
    }
    try (History h = History.open(tmp)) {
      SandboxConfig c = h.sandboxConfig("b1").orElseThrow();
      assertThat(c.configJson()).isEqualTo(config);
      assertThat(c.bundle()).isEqualTo(tmp.resolve("bundles/b1"));
      assertThat(c.writtenAt()).isEqualTo(HistoryTest.T0);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("history.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aSandboxOfAnUnknownBuildIsRefused() throws Exception {
    try (History h = History.open(tmp)) {
      assertThatThrownBy(
              () ->
                  h.recordSandbox(new SandboxConfig("nope", tmp, "{}", HistoryTest.T0)).get())
          .hasCauseInstanceOf(HistoryException.class);
    }
  }

  @Test
  void twoBuildsCompareByOutcomeLogAndOutputDigests() throws Exception {
    try (History h = History.open(tmp)) {
      FileNode same = new FileNode(Digest.ofContents("same".getBytes()), 4, false);
      run(h, "a1", List.of("one", "two", "three"),
          new BuildOutcome.Succeeded(
              List.of(
                  new NamedNode(PathComponent.of("doc"), same),
                  new NamedNode(
                      PathComponent.of("out"),
                      new FileNode(Digest.ofContents("x".getBytes()), 1, false))),
              List.of(List.of(), List.of())));
      run(h, "b1", List.of("one", "TWO"), new BuildOutcome.Failed(3, null, "exit code 3"));
      run(h, "c1", List.of("one", "two", "three"),
          new BuildOutcome.Succeeded(
              List.of(
                  new NamedNode(PathComponent.of("doc"), same),
                  new NamedNode(
                      PathComponent.of("out"),
                      new FileNode(Digest.ofContents("y".getBytes()), 1, false))),
              List.of(List.of(), List.of())));

      BuildComparison ab = BuildComparison.of(h, "a1", "b1");
      assertThat(ab.sameOutcome()).isFalse();
      assertThat(ab.b().exitCode()).contains(3);
      assertThat(ab.log().linesA()).isEqualTo(3);
      assertThat(ab.log().linesB()).isEqualTo(2);
      assertThat(ab.log().firstDifference()).hasValue(1);
      assertThat(ab.log().lineA()).contains("two");
      assertThat(ab.log().lineB()).contains("TWO");
      assertThat(ab.outputs()).allMatch(o -> o.a().isPresent() && o.b().isEmpty() && !o.same());

      BuildComparison ac = BuildComparison.of(h, "a1", "c1");
      assertThat(ac.sameOutcome()).isTrue();
      assertThat(ac.log().same()).isTrue();
      assertThat(ac.outputs()).extracting(BuildComparison.OutputDiff::name)
          .containsExactly("doc", "out");
      assertThat(ac.outputs().get(0).same()).isTrue();
      assertThat(ac.outputs().get(1).same()).isFalse();

      assertThatThrownBy(() -> BuildComparison.of(h, "a1", "zz"))
          .isInstanceOf(UnknownBuildException.class).hasMessageContaining("zz");
    }
  }

  private static void run(History h, String id, List<String> lines, BuildOutcome outcome)
      throws Exception {
    h.insert(HistoryTest.newBuild(id, h.owner())).get();
    History.Recorder r = h.recorder(id);
    r.started(1, HistoryTest.T0);
    long i = 2;
    long seq = 0;
    for (String l : lines) {
      r.log(i++, new LogLine(seq++, LogStream.STDOUT, HistoryTest.T0.toEpochMilli(), l, false));
    }
    r.finish(i, HistoryTest.T0.plusSeconds(1), outcome, Optional.empty(),
        Optional.of(RuntimeMode.ROOT)).get();
  }
}
