package dev.glassbox.castore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Name, symlink-target and castore path rules against vectors.json (engine-spec §1.5, §1.6). */
class NamesAndPathsTest {

  @Test
  void pathComponentVectors() {
    for (JsonNode v : Vectors.section("path_component")) {
      PathComponent.Problem p = PathComponent.check(Vectors.hex(v.get("name_hex")));
      String expect = v.get("expect").asText();
      assertThat(p == null ? "ok" : ProtoDirectory.tvixCase(p.name())).as(v.toString()).isEqualTo(expect);
    }
  }

  @Test
  void symlinkTargetVectors() {
    for (JsonNode v : Vectors.section("symlink_target")) {
      SymlinkTarget.Problem p = SymlinkTarget.check(Vectors.hex(v.get("target_hex")));
      String expect = v.get("expect").asText();
      assertThat(p == null ? "ok" : ProtoDirectory.tvixCase(p.name()))
          .as(v.get("target_hex").asText().length() + " hex chars")
          .isEqualTo(expect);
    }
  }

  @Test
  void castorePathParseVectors() {
    for (JsonNode v : Vectors.section("castore_path_parse")) {
      String input = v.get("input").asText();
      if (v.get("expect").asText().equals("ok")) {
        try {
          assertThat(CastorePath.parse(input).components()).hasSize(v.get("components").asInt());
        } catch (InvalidNameException e) {
          throw new AssertionError(input, e);
        }
      } else {
        assertThatThrownBy(() -> CastorePath.parse(input)).as(input).isInstanceOf(InvalidNameException.class);
      }
    }
  }

  @Test
  void castoreFromHostPathVectors() {
    for (JsonNode v : Vectors.section("castore_from_host_path")) {
      String host = v.get("host_path").asText();
      boolean dotdot = v.get("canonicalize_dotdot").asBoolean();
      if (v.get("expect").isNull()) {
        assertThatThrownBy(() -> CastorePath.fromHostPath(host, dotdot))
            .as(host)
            .isInstanceOf(IllegalArgumentException.class);
      } else {
        assertThat(CastorePath.fromHostPath(host, dotdot).toString()).as(host).isEqualTo(v.get("expect").asText());
      }
    }
  }

  @Test
  void namesCompareAsUnsignedBytes() throws Exception {
    PathComponent ascii = PathComponent.of("z");
    PathComponent high = PathComponent.of("é".getBytes(StandardCharsets.UTF_8));
    assertThat(ascii).isLessThan(high);
  }

  @Test
  void invalidNameMessageSaysWhatIsWrong() {
    assertThatThrownBy(() -> PathComponent.of("a/b")).hasMessage("the name 'a/b' contains '/'");
  }
}
