package dev.glassbox.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.diff.ChangeKind;
import dev.glassbox.castore.diff.DiffNode;
import dev.glassbox.castore.diff.IgnoreGlobs;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.BuildOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

@EnabledIf("dev.glassbox.service.ServiceHarness#canRunSandboxes")
class BuildComparisonsIT {
  private static final String OUT = "nix/store/00000000000000000000000000000000-out";
  @TempDir Path tmp;

  private static BuildRecord await(BuildHandle h) throws Exception {
    return h.record().get(120, TimeUnit.SECONDS);
  }

  @Test
  void rebuildAndCompareFindsExactlyTheUnstableFile() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      Path file =
          Files.writeString(
              tmp.resolve("req.json"),
              ServiceHarness.shellJson(
                  "mkdir -p $out/sub && echo same > $out/stable && echo $RANDOM$RANDOM > $out/sub/noise",
                  ""));
      BuildRecord first = await(s.service.submit(file, BuildOptions.defaults()));
      assertThat(first.status()).isEqualTo(BuildStatus.SUCCEEDED);
      BuildComparisons c = new BuildComparisons(s.store, s.history);

      ReproducibilityCheck check = c.rebuildAndCompare(s.service, first.id(), IgnoreGlobs.none());
      assertThat(check.rebuild().rebuildOf()).contains(first.id());
      assertThat(check.reproducible()).isFalse();
      BuildComparison cmp = check.comparison().orElseThrow();
      assertThat(cmp.outputs().differences())
          .extracting(DiffNode::path, DiffNode::kind)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(OUT + "/sub/noise", ChangeKind.CHANGED));
      assertThat(cmp.outputs().find(OUT + "/stable").orElseThrow().kind()).isEqualTo(ChangeKind.UNCHANGED);
      assertThat(cmp.request()).isEmpty();
      assertThat(check.verdict()).isEqualTo("not reproducible: 1 file differs");

      // Ignoring the noise makes the same two builds identical.
      BuildComparison quiet = c.compare(first.id(), check.rebuild().id(), IgnoreGlobs.of(List.of("noise")));
      assertThat(quiet.identical()).isTrue();
      assertThat(quiet.verdict()).isEqualTo("reproducible: outputs identical");

      // The previous build of the same request is the original.
      assertThat(c.previousBuildOf(check.rebuild()).map(BuildRecord::id)).contains(first.id());
      assertThat(c.previousBuildOf(first)).isEmpty();
    }
  }

  @Test
  void aDeterministicBuildIsReproducibleAndAnEditedRequestShowsWhy() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      Path one = Files.writeString(tmp.resolve("one.json"), ServiceHarness.shellJson("mkdir -p $out && echo one > $out/f", ""));
      Path two = Files.writeString(tmp.resolve("two.json"), ServiceHarness.shellJson("mkdir -p $out && echo two > $out/f", ""));
      BuildRecord a = await(s.service.submit(one, BuildOptions.defaults()));
      BuildComparisons c = new BuildComparisons(s.store, s.history);
      ReproducibilityCheck check = c.rebuildAndCompare(s.service, a.id(), IgnoreGlobs.none());
      assertThat(check.reproducible()).isTrue();
      assertThat(check.verdict()).isEqualTo("reproducible: outputs identical");

      BuildRecord b = await(s.service.submit(two, BuildOptions.defaults()));
      BuildComparison cmp = c.compare(a.id(), b.id(), IgnoreGlobs.none());
      assertThat(cmp.request()).extracting(r -> r.path()).containsExactly("commandArgs[2]");
      assertThat(cmp.outputs().differences()).extracting(DiffNode::path).containsExactly(OUT + "/f");
    }
  }

  @Test
  void aFailedBuildHasNoOutputsToCompare() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      Path bad = Files.writeString(tmp.resolve("bad.json"), ServiceHarness.shellJson("exit 3", ""));
      BuildRecord failed = await(s.service.submit(bad, BuildOptions.defaults()));
      BuildComparisons c = new BuildComparisons(s.store, s.history);
      assertThatThrownBy(() -> c.compare(failed.id(), failed.id(), IgnoreGlobs.none()))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("ended failed, so it has no outputs to compare");
    }
  }
}
