package dev.glassbox.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Path predicates and scratch lookup against vectors.json (engine-spec §4.1, §4.6). */
class CleanPathsAndScratchPathsTest {

  @Test
  void isCleanPathMatchesEveryVector() {
    List<JsonNode> cases = Vectors.section("build_is_clean_path");
    for (JsonNode v : cases) {
      assertThat(CleanPaths.isCleanPath(v.get("path").asText()))
          .as(v.get("path").asText())
          .isEqualTo(v.get("is_clean_path").asBoolean());
    }
    assertThat(cases).hasSize(12);
  }

  @Test
  void isCleanRelativePathMatchesEveryVector() {
    List<JsonNode> cases = Vectors.section("build_is_clean_relative_path");
    for (JsonNode v : cases) {
      assertThat(CleanPaths.isCleanRelativePath(v.get("path").asText()))
          .as(v.get("path").asText())
          .isEqualTo(v.get("is_clean_relative_path").asBoolean());
    }
    assertThat(cases).hasSize(6);
  }

  @Test
  void isCleanAbsolutePathMatchesEveryVector() {
    List<JsonNode> cases = Vectors.section("build_is_clean_absolute_path");
    for (JsonNode v : cases) {
      assertThat(CleanPaths.isCleanAbsolutePath(v.get("path").asText()))
          .as(v.get("path").asText())
          .isEqualTo(v.get("is_clean_absolute_path").asBoolean());
    }
    assertThat(cases).hasSize(5);
  }

  @Test
  void moreCleanPathCasesFromTheSpec() {
    assertThat(CleanPaths.isCleanPath("./a")).isFalse();
    assertThat(CleanPaths.isCleanPath("a/.")).isFalse();
    assertThat(CleanPaths.isCleanPath("/x/y")).isTrue();
    assertThat(CleanPaths.isCleanPath("...")).isTrue();
    assertThat(CleanPaths.isCleanPath("a/..b")).isTrue();
    assertThat(CleanPaths.isCleanRelativePath("")).isTrue();
  }

  @Test
  void findPathInScratchPathsMatchesEveryVector() {
    List<JsonNode> cases = Vectors.section("build_find_path_in_scratchs");
    for (JsonNode v : cases) {
      List<String> scratch = new ArrayList<>();
      v.get("scratch_paths").forEach(s -> scratch.add(s.asText()));
      Optional<ScratchPaths.Match> m = ScratchPaths.find(scratch, v.get("search_path").asText());
      JsonNode expect = v.get("expect");
      if (expect.isNull()) {
        assertThat(m).as(v.toString()).isEmpty();
      } else {
        assertThat(m)
            .as(v.toString())
            .contains(new ScratchPaths.Match(expect.get(0).asText(), expect.get(1).asText()));
      }
    }
    assertThat(cases).hasSize(5);
  }

  @Test
  void anEmptyScratchPathHoldsEverything() {
    assertThat(ScratchPaths.find(List.of("", "build"), "nix/store/x"))
        .contains(new ScratchPaths.Match("", "nix/store/x"));
    assertThat(ScratchPaths.find(List.of("", "build"), "build/x"))
        .contains(new ScratchPaths.Match("build", "x"));
  }
}
