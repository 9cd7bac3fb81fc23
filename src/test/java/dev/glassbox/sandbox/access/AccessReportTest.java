package dev.glassbox.sandbox.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessReportTest {
  private static final String REQUEST =
      """
      {"inputs": [
         {"name": "docs", "type": "directory", "digest": "b3:x", "size": 1},
         {"name": "gcc", "type": "directory", "digest": "b3:x", "size": 2},
         {"name": "link", "type": "symlink", "target": "gcc"},
         {"name": "tool", "type": "file", "digest": "b3:x", "size": 3, "executable": true}],
       "inputsDir": "nix/store"}
      """;

  private static List<LogLine> log(int n) {
    List<LogLine> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(new LogLine(i, LogStream.STDOUT, 1000 + i, "line " + i, false));
    }
    return lines;
  }

  private static AccessReport report(AccessRecorder r, List<LogLine> log) throws Exception {
    return AccessReport.of(
        REQUEST,
        r.snapshot(),
        (from, to) -> log.stream().filter(l -> l.seq() >= from && l.seq() <= to).toList());
  }

  @Test
  void inputsAreReadLookedUpOrNotRead() throws Exception {
    AccessRecorder r = new AccessRecorder();
    // The runtime stats every input while it binds it: that is not a use.
    for (String in : List.of("/docs", "/gcc", "/link", "/tool")) {
      r.lookup(in, true);
    }
    r.lookup("/gcc/bin", true);
    r.lookup("/gcc/bin/cc", true);
    r.open("/gcc/bin/cc", 0x20);
    r.read("/gcc/bin/cc", 0, 10);
    r.lookup("/docs/README", true); // only stat'ed
    AccessReport rep = report(r, List.of());
    assertThat(rep.inputs())
        .extracting(u -> u.input().name() + "=" + u.mark())
        .containsExactly("docs=LOOKED_UP_ONLY", "gcc=READ", "link=NOT_READ", "tool=NOT_READ");
    assertThat(rep.summary()).isEqualTo("3 of 4 inputs were never read");
    AccessReport.InputUse gcc = rep.inputs().get(1);
    assertThat(gcc.filesRead()).isEqualTo(1);
    assertThat(gcc.bytesRead()).isEqualTo(10);
    assertThat(gcc.executed()).isEqualTo(1);
    assertThat(rep.inputs().get(1).input().kind()).isEqualTo(AccessReport.Kind.DIRECTORY);
    assertThat(rep.inputs().get(2).input().kind()).isEqualTo(AccessReport.Kind.SYMLINK);
    assertThat(rep.inputs().get(3).input().kind()).isEqualTo(AccessReport.Kind.FILE);
  }

  @Test
  void marksForATreeView() throws Exception {
    AccessRecorder r = new AccessRecorder();
    r.lookup("/gcc/lib", true);
    r.readdir("/gcc/lib");
    r.lookup("/gcc/bin/cc", true);
    r.readlink("/link");
    r.lookup("/gcc/lib/libfoo.so", false);
    AccessReport rep = report(r, List.of());
    assertThat(rep.mark("/nix/store/gcc")).isEqualTo(AccessMark.READ);
    assertThat(rep.mark("/nix/store/gcc/lib")).isEqualTo(AccessMark.READ);
    assertThat(rep.mark("/nix/store/gcc/lib/")).isEqualTo(AccessMark.READ);
    assertThat(rep.mark("/nix/store/gcc/bin")).isEqualTo(AccessMark.LOOKED_UP_ONLY);
    assertThat(rep.mark("/nix/store/gcc/bin/cc")).isEqualTo(AccessMark.LOOKED_UP_ONLY);
    assertThat(rep.mark("/nix/store/gcc/share")).isEqualTo(AccessMark.NOT_READ);
    assertThat(rep.mark("/nix/store/gcc/lib/libfoo.so")).isEqualTo(AccessMark.MISSING);
    assertThat(rep.mark("/nix/store/link")).isEqualTo(AccessMark.READ);
    assertThat(rep.mark("/nix/store/docs")).isEqualTo(AccessMark.NOT_READ);
    assertThat(rep.mark("/nix/store")).isEqualTo(AccessMark.NOT_TRACED);
    assertThat(rep.mark("/nix/store/other")).isEqualTo(AccessMark.NOT_TRACED);
    assertThat(rep.mark("/build/x")).isEqualTo(AccessMark.NOT_TRACED);
    assertThat(rep.mark("/nix/storeX/gcc")).isEqualTo(AccessMark.NOT_TRACED);
    assertThat(rep.markInInputs("gcc/lib")).isEqualTo(AccessMark.READ);
  }

  @Test
  void missingPathsCarryTheLogLinesAroundThem() throws Exception {
    AccessRecorder r = new AccessRecorder();
    r.lookup("/early", false); // before the first line
    for (int i = 0; i <= 10; i++) {
      r.logLine(i);
    }
    r.lookup("/gcc/lib/libfoo.so", false);
    r.lookup("/gcc/lib/libfoo.so", false);
    List<LogLine> log = log(20);
    AccessReport rep = report(r, log);
    assertThat(rep.missing()).hasSize(2);
    AccessReport.Missing early =
        rep.missing().stream()
            .filter(m -> m.lookup().path().equals("/early"))
            .findFirst()
            .orElseThrow();
    AccessReport.Missing foo =
        rep.missing().stream()
            .filter(m -> m.lookup().path().startsWith("/gcc"))
            .findFirst()
            .orElseThrow();
    assertThat(foo.describe())
        .isEqualTo("tried to open `gcc/lib/libfoo.so` (2 times): not in the input gcc");
    assertThat(foo.inputExists()).isTrue();
    assertThat(foo.sandboxPath()).isEqualTo("/nix/store/gcc/lib/libfoo.so");
    assertThat(foo.context())
        .extracting(LogLine::seq)
        .containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
    assertThat(early.describe()).isEqualTo("looked for the input `early`: no input has that name");
    assertThat(early.context()).extracting(LogLine::seq).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void summaries() throws Exception {
    AccessRecorder r = new AccessRecorder();
    for (String in : List.of("/docs", "/gcc", "/link", "/tool")) {
      r.readdir(in);
    }
    assertThat(report(r, List.of()).summary()).isEqualTo("all 4 inputs were read");
    assertThat(
            AccessReport.of("{\"inputs\": []}", InputAccess.empty(), AccessReport.LogLines.NONE)
                .summary())
        .isEqualTo("the build had no inputs");
    assertThat(
            AccessReport.of(
                    "{\"inputs\": [{\"name\": \"a\", \"type\": \"file\"}]}",
                    InputAccess.empty(),
                    AccessReport.LogLines.NONE)
                .summary())
        .isEqualTo("1 of 1 input was never read");
  }

  @Test
  void aDamagedRecordSaysSo() {
    assertThatThrownBy(() -> InputAccessCodec.decode("{\"format\": 99}"))
        .hasMessageContaining("format 99");
    assertThatThrownBy(() -> InputAccessCodec.decode("not json")).hasMessageContaining("not JSON");
  }
}
