package dev.glassbox.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code vectors.json › buildrequest_validation} case through the JSON reader: the first
 * violation is tvix's first error, and valid requests break no tvix rule.
 */
class BuildRequestValidationVectorsTest {
  private final RequestReader reader =
      new RequestReader(new RequestValidator(RequestTestData.X86_64_HOST, null));

  @Test
  void theFirstViolationIsTvixsFirstErrorForEveryVector() throws Exception {
    int checked = 0;
    for (JsonNode v : Vectors.section("buildrequest_validation")) {
      String label = v.get("description").asText();
      String json = RequestTestData.toGlassboxJson(v.get("request")).toString();
      JsonNode expect = v.get("expect");
      if (expect.path("ok").asBoolean(false)) {
        List<Violation> violations = violationsOf(json);
        if (label.startsWith("refscan needle of 1 byte")) {
          // tvix accepts it and then crashes; Glassbox rejects it, and only that.
          assertThat(violations)
              .as(label)
              .extracting(Violation::kind, Violation::field)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("RefscanNeedleTooShort(0)", "refscanNeedles[0]"));
        } else {
          assertThat(violations).as(label).isEmpty();
        }
      } else {
        List<Violation> violations = violationsOf(json);
        assertThat(violations).as(label).isNotEmpty();
        Violation first = violations.get(0);
        assertThat(first.kind()).as(label + ": " + violations).startsWith(expectedKindPrefix(expect));
      }
      checked++;
    }
    assertThat(checked).isEqualTo(24);
  }

  @Test
  void inputVectorsGiveTheExactNestedKind() throws Exception {
    assertThat(firstKind("input name '..'")).isEqualTo("InvalidInputNode(0, InvalidName(Parent))");
    assertThat(firstKind("input name empty")).isEqualTo("InvalidInputNode(0, InvalidName(Empty))");
    assertThat(firstKind("second input has a 31-byte digest"))
        .isEqualTo("InvalidInputNode(1, InvalidNode(InvalidDigestLen(31)))");
    assertThat(firstKind("input symlink with empty target"))
        .isEqualTo("InvalidInputNode(0, InvalidNode(InvalidSymlinkTarget(Empty)))");
    assertThat(firstKind("input Node with no oneof set")).isEqualTo("InvalidInputNode(0, NoNodeSet)");
    assertThat(firstKind("scratch path with '..'")).isEqualTo("InvalidScratchPath(1)");
  }

  @Test
  void theDraftLevelValidatorAgreesWithTheReader() throws Exception {
    // The same vectors without JSON: proto-level drafts straight into the validator.
    RequestValidator validator = new RequestValidator(RequestTestData.X86_64_HOST, null);
    for (JsonNode v : Vectors.section("buildrequest_validation")) {
      String json = RequestTestData.toGlassboxJson(v.get("request")).toString();
      List<Violation> viaJson = violationsOf(json);
      List<Violation> viaDraft = validator.check(DraftsFromVectors.draft(v.get("request")));
      assertThat(viaDraft).as(v.get("description").asText()).isEqualTo(viaJson);
    }
  }

  private String firstKind(String description) throws Exception {
    for (JsonNode v : Vectors.section("buildrequest_validation")) {
      if (v.get("description").asText().equals(description)) {
        return violationsOf(RequestTestData.toGlassboxJson(v.get("request")).toString()).get(0).kind();
      }
    }
    throw new IllegalArgumentException("no vector " + description);
  }

  /** {@code Error(index, Detail…} as far as the vector says. */
  private static String expectedKindPrefix(JsonNode expect) {
    String error = expect.get("error").asText();
    boolean hasIndex = expect.has("index");
    boolean hasDetail = expect.has("detail");
    if (hasIndex && hasDetail) {
      return error + "(" + expect.get("index").asInt() + ", " + expect.get("detail").asText();
    }
    if (hasIndex) {
      return error + "(" + expect.get("index").asInt() + ")";
    }
    if (hasDetail) {
      return error + "(" + expect.get("detail").asText() + ")";
    }
    return error;
  }

  private List<Violation> violationsOf(String json) {
    InvalidBuildRequestException e =
        catchThrowableOfType(InvalidBuildRequestException.class, 
            () -> reader.parse(json, Path.of("."), null));
    return e == null ? List.of() : e.violations();
  }
}
