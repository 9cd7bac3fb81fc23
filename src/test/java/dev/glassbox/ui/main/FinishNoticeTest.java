package dev.glassbox.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinishNoticeTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void aLongBuildFinishingWhileTheWindowIsInTheBackgroundIsAnnounced() {
    Optional<FinishNotice> n =
        FinishNotice.decide(TestRecords.finished(BuildStatus.SUCCEEDED, T0, T0.plusSeconds(75)), Duration.ofSeconds(10), false);
    assertThat(n).isPresent();
    assertThat(n.get().title()).isEqualTo("Build succeeded");
    assertThat(n.get().body()).contains("1 min 15 s").contains("/bin/sh build.sh");
  }

  @Test
  void aFailureSaysItsExitCode() {
    Optional<FinishNotice> n =
        FinishNotice.decide(TestRecords.failed(2, T0, T0.plusSeconds(30)), Duration.ofSeconds(10), false);
    assertThat(n.get().title()).isEqualTo("Build failed (exit 2)");
  }

  @Test
  void nothingWhenTheWindowHasTheFocus() {
    assertThat(FinishNotice.decide(TestRecords.finished(BuildStatus.SUCCEEDED, T0, T0.plusSeconds(75)), Duration.ofSeconds(10), true))
        .isEmpty();
  }

  @Test
  void nothingForAShortBuildButTheThresholdItselfCounts() {
    BuildRecord nine = TestRecords.finished(BuildStatus.SUCCEEDED, T0, T0.plusSeconds(9));
    BuildRecord ten = TestRecords.finished(BuildStatus.SUCCEEDED, T0, T0.plusSeconds(10));
    assertThat(FinishNotice.decide(nine, Duration.ofSeconds(10), false)).isEmpty();
    assertThat(FinishNotice.decide(ten, Duration.ofSeconds(10), false)).isPresent();
  }

  @Test
  void aZeroThresholdTurnsNotificationsOff() {
    assertThat(FinishNotice.decide(TestRecords.finished(BuildStatus.SUCCEEDED, T0, T0.plusSeconds(600)), Duration.ZERO, false))
        .isEmpty();
  }

  @Test
  void aBuildStillRunningIsNotAnnounced() {
    assertThat(FinishNotice.decide(TestRecords.running(T0), Duration.ofSeconds(1), false)).isEmpty();
  }

  @Test
  void durationsReadNaturally() {
    assertThat(FinishNotice.human(Duration.ofSeconds(42))).isEqualTo("42 s");
    assertThat(FinishNotice.human(Duration.ofSeconds(3725))).isEqualTo("1 h 02 min");
  }
}
