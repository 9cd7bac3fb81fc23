package dev.glassbox.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestComparisonTest {
  private static final String A =
      """
      {"inputs": [{"name": "src", "type": "directory", "digest": "b3:AAA=", "size": 8},
                  {"name": "tool", "type": "file", "digest": "b3:T=", "size": 3, "executable": true}],
       "commandArgs": ["/bin/sh", "-c", "make"],
       "workingDir": "build", "scratchPaths": ["build", "nix/store"], "inputsDir": "nix/store",
       "outputs": ["nix/store/x-out"],
       "environmentVars": [{"key": "TZ", "value": "UTC"}, {"key": "out", "value": "/nix/store/x-out"}],
       "constraints": {"system": "x86_64-linux", "minMemory": 0, "availableRoPaths": [],
                       "networkAccess": false, "provideBinSh": true},
       "additionalFiles": [{"path": "build/a", "contents": "one"}], "refscanNeedles": []}
      """;

  @Test
  void identicalRequestsHaveNoDifferences() {
    assertThat(RequestComparison.compare(A, A)).isEmpty();
  }

  @Test
  void everyFieldIsComparedTheWayItIsMeant() {
    String b =
        """
        {"inputs": [{"name": "src", "type": "directory", "digest": "b3:BBB=", "size": 8},
                    {"name": "zlib", "type": "symlink", "target": "src"}],
         "commandArgs": ["/bin/sh", "-c", "make -j4", "extra"],
         "workingDir": "src", "scratchPaths": ["nix/store", "src"], "inputsDir": "nix/store",
         "outputs": ["nix/store/x-out"],
         "environmentVars": [{"key": "TZ", "value": "CET"}, {"key": "out", "value": "/nix/store/x-out"}],
         "constraints": {"system": "x86_64-linux", "minMemory": 0, "availableRoPaths": ["/etc"],
                         "networkAccess": true, "provideBinSh": true},
         "additionalFiles": [], "refscanNeedles": []}
        """;
    List<String> d = RequestComparison.compare(A, b).stream().map(RequestChange::describe).toList();
    assertThat(d)
        .containsExactly(
            "inputs[src]: directory b3:AAA= (size 8) -> directory b3:BBB= (size 8)",
            "inputs[tool]: removed executable file b3:T= (3 bytes)",
            "inputs[zlib]: added symlink -> src",
            "commandArgs[2]: \"make\" -> \"make -j4\"",
            "commandArgs[3]: added \"extra\"",
            "workingDir: \"build\" -> \"src\"",
            "scratchPaths: removed \"build\"",
            "scratchPaths: added \"src\"",
            "environmentVars[TZ]: \"UTC\" -> \"CET\"",
            "constraints.availableRoPaths: added \"/etc\"",
            "constraints.networkAccess: false -> true",
            "additionalFiles[build/a]: removed \"one\"");
  }

  @Test
  void anAbsentConstraintsObjectEqualsTheDefaults() {
    String none = "{\"commandArgs\": [\"x\"]}";
    String defaults =
        "{\"commandArgs\": [\"x\"], \"constraints\": {\"system\": \"\", \"minMemory\": 0,"
            + " \"availableRoPaths\": [], \"networkAccess\": false, \"provideBinSh\": false}}";
    assertThat(RequestComparison.compare(none, defaults)).isEmpty();
    assertThat(
            RequestComparison.compare(
                none, "{\"commandArgs\": [\"x\"], \"constraints\": {\"provideBinSh\": true}}"))
        .extracting(RequestChange::path)
        .containsExactly("constraints.provideBinSh");
  }

  @Test
  void unreadableJsonIsNamed() {
    assertThatThrownBy(() -> RequestComparison.compare(A, "{oops"))
        .hasMessageContaining("second request is not valid JSON");
  }
}
