package dev.glassbox.ui.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.ProcessOwner;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timeline's rows and durations for a slow build: readable at any scale. */
class PhaseTimelineTest {
  @Test
  void aSlowBuildHasTheQueueFirstAndReadableDurations() {
    Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
    Instant start = t0.plusSeconds(75);
    List<PhaseTiming> phases =
        List.of(
            new PhaseTiming(Phase.VALIDATE, start, 3),
            new PhaseTiming(Phase.WRITE_BUNDLE, start.plusMillis(3), 40),
            new PhaseTiming(Phase.MOUNT_INPUTS, start.plusMillis(43), 200),
            new PhaseTiming(Phase.START_CONTAINER, start.plusMillis(243), 90),
            new PhaseTiming(Phase.RUN, start.plusMillis(333), 2 * 3600_000L + 5 * 60_000),
            new PhaseTiming(Phase.INGEST_OUTPUTS, start.plusSeconds(7600), 12_345),
            new PhaseTiming(Phase.CLEAN_UP, start.plusSeconds(7613), 150));
    BuildRecord r =
        new BuildRecord("abc", BuildStatus.SUCCEEDED, Optional.empty(), Optional.empty(), "cmd",
            t0, Optional.of(start), Optional.of(start.plusSeconds(7614)), phases,
            Optional.of(new BuildOutcome.Succeeded(List.of(), List.of())), "", Optional.empty(),
            KeepSandbox.NEVER, Duration.ofHours(3), Optional.empty(), Optional.empty(),
            Optional.empty(), ProcessOwner.current(), false);
    List<PhaseTimeline.Row> rows = PhaseTimeline.rows(r);
    assertThat(rows).extracting(PhaseTimeline.Row::name)
        .containsExactly("queued", "validate", "bundle", "mount", "container start", "run",
            "ingest", "clean up");
    assertThat(rows.get(0).millis()).isEqualTo(75_000);
    assertThat(PhaseTimeline.human(rows.get(0).millis())).isEqualTo("1 min 15 s");
    assertThat(PhaseTimeline.human(rows.get(5).millis())).isEqualTo("2 h 05 min");
    assertThat(PhaseTimeline.human(12_345)).isEqualTo("12.35 s");
    assertThat(PhaseTimeline.human(40)).isEqualTo("40 ms");
  }
}
