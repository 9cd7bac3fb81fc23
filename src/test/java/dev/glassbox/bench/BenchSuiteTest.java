package dev.glassbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSuiteTest {
  @TempDir Path tmp;

  private static final Measurement FAST =
      Measurement.vs("ingest", "import", "s", 1.5, "b3sum", 1.0, Measurement.Target.ratioAtMost(2.0));
  private static final Measurement SLOW =
      Measurement.vs("engine", "overhead", "s", 0.9, "bare runc run", 0.3, Measurement.Target.ratioAtMost(2.0));
  private static final Measurement GAP =
      Measurement.absolute("log-view", "max frame gap", "ms", 42, Measurement.Target.atMost(100));
  private static final Measurement START =
      Measurement.vs("app-start", "launch to window", "ms", 2500, "bare JavaFX window", 900, Measurement.Target.atMost(2000));

  @Test
  void targetsAreJudgedOnTheRatioOrTheValue() {
    assertThat(FAST.ratio()).isEqualTo(1.5);
    assertThat(FAST.met()).isTrue();
    assertThat(SLOW.met()).isFalse();
    assertThat(GAP.ratio()).isNaN();
    assertThat(GAP.met()).isTrue();
    assertThat(START.met()).isFalse();
    assertThat(Measurement.vs("x", "y", "s", 9, "ref", 1, Measurement.Target.none()).met()).isTrue();
  }

  @Test
  void aMeasurementMustBeComplete() {
    assertThatThrownBy(() -> Measurement.absolute("x", "y", "s", 1, Measurement.Target.ratioAtMost(2)))
        .hasMessageContaining("needs a reference");
    assertThatThrownBy(() -> Measurement.vs("x", "y", "s", Double.NaN, "ref", 1, Measurement.Target.none()))
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new BenchEntry("Bad Name", "", Optional::empty, (s, d, l) -> List.of()))
        .hasMessageContaining("lower-case");
  }

  @Test
  void theSuiteRunsEveryEntryReportsSkipsAndFailuresAndCleansUp() {
    BenchEntry ok = new BenchEntry("ok", "works", Optional::empty, (size, dir, log) -> {
      assertThat(dir).isDirectory();
      Files.writeString(dir.resolve("scratch"), "x");
      return List.of(size == BenchSize.QUICK ? FAST : SLOW);
    });
    BenchEntry skipped = new BenchEntry("needs-root", "", () -> Optional.of("needs root"), (s, d, l) -> {
      throw new AssertionError("must not run");
    });
    BenchEntry broken = new BenchEntry("broken", "", Optional::empty, (s, d, l) -> {
      throw new IOException("b3sum exited with 1");
    });
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<BenchSuite.Outcome> out =
        BenchSuite.run(List.of(ok, skipped, broken), BenchSize.QUICK, tmp.resolve("work"), new PrintStream(log, true));
    assertThat(out).hasSize(3);
    assertThat(out.get(0)).isInstanceOfSatisfying(BenchSuite.Outcome.Ran.class, r -> assertThat(r.measurements()).containsExactly(FAST));
    assertThat(out.get(1)).isInstanceOfSatisfying(BenchSuite.Outcome.Skipped.class, s -> assertThat(s.reason()).isEqualTo("needs root"));
    assertThat(out.get(2)).isInstanceOfSatisfying(BenchSuite.Outcome.Failed.class, f -> assertThat(f.message()).contains("b3sum exited"));
    assertThat(tmp.resolve("work/ok")).doesNotExist();
    assertThat(log.toString()).contains("== needs-root: skipped (needs root)").contains("broken failed: b3sum exited with 1");
  }

  @Test
  void theReportIsOneTableJsonAndAChart() throws Exception {
    BenchEntry e = new BenchEntry("ingest", "d", Optional::empty, (s, d, l) -> List.of());
    BenchEntry e2 = new BenchEntry("engine", "d", Optional::empty, (s, d, l) -> List.of());
    List<BenchSuite.Outcome> outcomes =
        List.of(
            new BenchSuite.Outcome.Ran(e, List.of(FAST, GAP, START), java.time.Duration.ofSeconds(3)),
            new BenchSuite.Outcome.Skipped(e2, "needs root for runc and FUSE mounts: run it with sudo"));
    BenchReport report = new BenchReport(outcomes, BenchSize.FULL, Instant.parse("2026-11-30T00:00:00Z"));
    String table = report.table();
    assertThat(table.lines().toList())
        .contains(
            "| ingest | import | 1.50 s | b3sum 1.00 s | 1.50x | ≤ 2.00x | yes |",
            "| log-view | max frame gap | 42.0 ms | — | — | ≤ 100 ms | yes |",
            "| app-start | launch to window | 2500 ms | bare JavaFX window 900 ms | 2.78x | ≤ 2000 ms | **no** |",
            "| engine | skipped: needs root for runc and FUSE mounts: run it with sudo | | | | | |");
    assertThat(report.allMet()).isFalse();

    List<Path> files = report.write(tmp.resolve("bench"));
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("results.json", "results.png", "results.md");
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("bench/results.json").toFile());
    assertThat(json.get("size").asText()).isEqualTo("full");
    assertThat(json.get("benchmarks").get(0).get("measurements").get(0).get("ratio").asDouble()).isEqualTo(1.5);
    assertThat(json.get("benchmarks").get(0).get("measurements").get(2).get("met").asBoolean()).isFalse();
    assertThat(json.get("benchmarks").get(1).get("status").asText()).isEqualTo("skipped");
    BufferedImage png = ImageIO.read(tmp.resolve("bench/results.png").toFile());
    assertThat(png.getWidth()).isGreaterThan(800);
    assertThat(png.getHeight()).isGreaterThan(3 * 30);
    assertThat(Files.readString(tmp.resolve("bench/results.md"))).isEqualTo(table);
  }

  @Test
  void everyEntryHasAUniqueNameAndNeitherAllNorTheOldOnesAreMissing() {
    Set<String> names = BenchSuite.ENTRIES.stream().map(BenchEntry::name).collect(Collectors.toSet());
    assertThat(names).hasSize(BenchSuite.ENTRIES.size()).doesNotContain("all");
    assertThat(names).contains("ingest", "engine", "service", "log-view", "blake3", "app-start");
  }

  @Test
  void aSubprocessResultLineIsParsed() throws Exception {
    String out = "warm-up: …\nLOGVIEW-RESULT maxGapMs=12.500 catchUpMs=80.000 peakHeapMiB=300.0 linesPerSecond=1e6\n";
    assertThat(BenchSuite.parseResult(out, LogViewBench.RESULT_PREFIX))
        .containsEntry("maxGapMs", 12.5)
        .containsEntry("peakHeapMiB", 300.0)
        .containsEntry("linesPerSecond", 1e6);
    assertThatThrownBy(() -> BenchSuite.parseResult("Exception in thread main\n", "LOGVIEW-RESULT"))
        .hasMessageContaining("Exception in thread main");
  }
}
