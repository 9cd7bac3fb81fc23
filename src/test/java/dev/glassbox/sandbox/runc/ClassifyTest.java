package dev.glassbox.sandbox.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.sandbox.runc.ContainerExit.KillReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifyTest {
  @Test
  void plainStatusIsExited() {
    assertThat(RunningContainer.classify(0, null, List.of())).isEqualTo(new ContainerExit.Exited(0));
    assertThat(RunningContainer.classify(3, null, List.of())).isEqualTo(new ContainerExit.Exited(3));
    assertThat(RunningContainer.classify(128, null, List.of()))
        .isEqualTo(new ContainerExit.Exited(128));
    assertThat(RunningContainer.classify(255, null, List.of()))
        .isEqualTo(new ContainerExit.Exited(255));
  }

  @Test
  void statusAbove128DecodesAsSignal() {
    assertThat(RunningContainer.classify(137, null, List.of()))
        .isEqualTo(new ContainerExit.Signalled(9));
    assertThat(RunningContainer.classify(129, null, List.of()))
        .isEqualTo(new ContainerExit.Signalled(1));
    assertThat(RunningContainer.classify(192, null, List.of()))
        .isEqualTo(new ContainerExit.Signalled(64));
    assertThat(RunningContainer.classify(193, null, List.of()))
        .isEqualTo(new ContainerExit.Exited(193));
  }

  @Test
  void runcErrorsMakeARuntimeFailureWhateverTheStatus() {
    assertThat(RunningContainer.classify(1, null, List.of("runc run failed: x", "more")))
        .isEqualTo(new ContainerExit.RuntimeFailed("runc run failed: x; more"));
    assertThat(RunningContainer.classify(137, null, List.of("boom")))
        .isInstanceOf(ContainerExit.RuntimeFailed.class);
  }

  @Test
  void killByGlassboxWinsOverEverything() {
    assertThat(RunningContainer.classify(137, KillReason.CANCELLED, List.of("error")))
        .isEqualTo(new ContainerExit.Killed(KillReason.CANCELLED));
    assertThat(RunningContainer.classify(0, KillReason.TIMED_OUT, List.of()))
        .isEqualTo(new ContainerExit.Killed(KillReason.TIMED_OUT));
  }

  @Test
  void impossibleStatusIsReportedNotGuessed() {
    assertThat(RunningContainer.classify(-1, null, List.of()))
        .isInstanceOf(ContainerExit.RuntimeFailed.class);
    assertThat(RunningContainer.classify(256, null, List.of()))
        .isInstanceOf(ContainerExit.RuntimeFailed.class);
  }

  @Test
  void valuesRejectImpossibleNumbers() {
    assertThatThrownBy(() -> new ContainerExit.Exited(256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContainerExit.Signalled(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContainerExit.Signalled(65))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
