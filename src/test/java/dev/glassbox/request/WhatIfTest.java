package dev.glassbox.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A what-if change alters exactly one constraint and keeps the request valid. */
class WhatIfTest {
  private static BuildRequest parse(String json) throws Exception {
    return new RequestReader(RequestValidator.hostIndependent()).parse(json, Path.of("."), null);
  }

  @Test
  void eachChangeAltersExactlyOneConstraint() throws Exception {
    BuildRequest r =
        parse(
            """
            {"commandArgs": ["/bin/sh", "-c", "true"],
             "environmentVars": [{"key": "A", "value": "1"}],
             "constraints": {"system": "x86_64-linux", "provideBinSh": true,
                             "availableRoPaths": ["/etc", "/usr"]}}
            """);
    BuildRequest net = new WhatIf.Network(true).apply(r, "x86_64-linux");
    assertThat(net.networkAccess()).isTrue();
    assertThat(net.provideBinSh()).isTrue();
    assertThat(net.availableRoPaths()).containsExactly("/etc", "/usr");
    assertThat(net.environmentVars()).isEqualTo(r.environmentVars());
    assertThat(net.commandArgs()).isEqualTo(r.commandArgs());

    BuildRequest noSh = new WhatIf.BinSh(false).apply(r, "x86_64-linux");
    assertThat(noSh.provideBinSh()).isFalse();
    assertThat(noSh.networkAccess()).isFalse();

    BuildRequest ro = new WhatIf.ExtraReadOnlyPath("/opt").apply(r, "x86_64-linux");
    assertThat(ro.availableRoPaths()).containsExactly("/etc", "/opt", "/usr");
    assertThat(new WhatIf.ExtraReadOnlyPath("/etc").changes(r)).isFalse();
    assertThat(new WhatIf.Network(true).changes(r)).isTrue();
    assertThat(new WhatIf.Network(false).changes(r)).isFalse();
  }

  @Test
  void aRequestWithoutConstraintsGetsTheGivenSystem() throws Exception {
    BuildRequest r = parse("{\"commandArgs\": [\"/x\"]}");
    BuildRequest sh = new WhatIf.BinSh(true).apply(r, "x86_64-linux");
    assertThat(sh.constraints().orElseThrow().system()).isEqualTo("x86_64-linux");
    assertThat(sh.provideBinSh()).isTrue();
  }

  @Test
  void aBadPathIsRefusedWithItsField() throws Exception {
    BuildRequest r = parse("{\"commandArgs\": [\"/x\"]}");
    assertThatThrownBy(() -> new WhatIf.ExtraReadOnlyPath("relative/p").apply(r, "x86_64-linux"))
        .isInstanceOf(InvalidBuildRequestException.class)
        .hasMessageContaining("constraints.availableRoPaths[0]")
        .hasMessageContaining("clean absolute path");
  }
}
