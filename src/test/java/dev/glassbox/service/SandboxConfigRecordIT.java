package dev.glassbox.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.history.BuildComparison;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.SandboxConfig;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.WhatIf;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.oci.AnatomyItem;
import dev.glassbox.sandbox.oci.SandboxAnatomy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real build records the config.json exactly as runc got it (and its bundle path), before its
 * outcome; a build stopped before its bundle records none; a what-if variant differs by exactly
 * its one change.
 */
@EnabledIf("dev.glassbox.service.ServiceHarness#canRunSandboxes")
class SandboxConfigRecordIT {
  @TempDir Path tmp;

  @Test
  void theRecordedConfigIsTheBundlesAndOutlivesIt() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      BuildRequest req = s.shell("mkdir -p $out; echo hi > $out/x");
      BuildRecord kept =
          s.service.submit(req, new BuildOptions(KeepSandbox.ALWAYS, BuildOptions.DEFAULT_TIMEOUT))
              .record().get(120, TimeUnit.SECONDS);
      assertThat(kept.status()).isEqualTo(BuildStatus.SUCCEEDED);
      SandboxConfig c = s.history.sandboxConfig(kept.id()).orElseThrow();
      Path bundle = kept.keptSandbox().orElseThrow();
      assertThat(c.bundle()).isEqualTo(bundle);
      assertThat(c.configJson()).isEqualTo(Files.readString(bundle.resolve("config.json")));
      SandboxAnatomy a = SandboxAnatomy.explain(c.configJson(), req.inputs(), Optional.of(bundle));
      assertThat(a.group(AnatomyItem.Group.SCRATCH)).hasSize(2);

      // Not kept: the bundle is gone, the config stays.
      BuildRecord gone =
          s.service.submit(req, BuildOptions.defaults()).record().get(120, TimeUnit.SECONDS);
      SandboxConfig g = s.history.sandboxConfig(gone.id()).orElseThrow();
      assertThat(Files.exists(g.bundle())).isFalse();
      assertThat(g.configJson()).contains("\"ociVersion\"");

      // The network what-if: the variant's config differs only by the network parts.
      BuildRequest net = new WhatIf.Network(true).apply(req, HostFacts.detect().system());
      BuildRecord variant =
          s.service.submit(net, BuildOptions.defaults()).record().get(120, TimeUnit.SECONDS);
      String v = s.history.sandboxConfig(variant.id()).orElseThrow().configJson();
      assertThat(v).contains("/etc/resolv.conf").doesNotContain("{\"type\":\"network\"}");
      assertThat(g.configJson()).doesNotContain("/etc/resolv.conf")
          .contains("{\"type\":\"network\"}");
      BuildComparison cmp = BuildComparison.of(s.history, gone.id(), variant.id());
      assertThat(cmp.sameOutcome()).isTrue();
      assertThat(cmp.log().same()).isTrue();
      assertThat(cmp.outputs()).hasSize(1).allMatch(BuildComparison.OutputDiff::same);
      s.service.deleteKeptSandbox(kept.id());
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void aBuildRefusedAtValidationHasNoSandbox() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      BuildRequest req = s.shell("true");
      // minMemory beyond this machine fails validation, before any bundle.
      BuildRequest tooBig =
          new BuildRequest(req.inputs(), req.commandArgs(), req.workingDir(), req.scratchPaths(),
              req.inputsDir(), req.outputs(), req.environmentVars(),
              Optional.of(new dev.glassbox.request.BuildConstraints(
                  HostFacts.detect().system(), Long.MAX_VALUE, java.util.List.of(), false, true)),
              req.additionalFiles(), req.refscanNeedles());
      BuildRecord r =
          s.service.submit(tooBig, BuildOptions.defaults()).record().get(120, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(BuildStatus.SETUP_FAILED);
      assertThat(s.history.sandboxConfig(r.id())).isEmpty();
    }
  }
}
