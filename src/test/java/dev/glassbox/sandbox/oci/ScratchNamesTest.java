package dev.glassbox.sandbox.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** scratch_name against vectors.json and base32 against RFC 4648 §10. */
class ScratchNamesTest {

  @Test
  void everyScratchNameVectorMatches() {
    int checked = 0;
    for (JsonNode v : Vectors.section("scratch_names")) {
      assertThat(ScratchNames.of(v.get("scratch_path").asText()))
          .isEqualTo(v.get("scratch_name").asText());
      assertThat(ScratchNames.base32(Vectors.hex(v.get("blake3_of_path_bytes_hex"))))
          .isEqualTo(v.get("scratch_name").asText());
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void base32FollowsRfc4648() {
    String[][] cases = {
      {"", ""},
      {"f", "MY======"},
      {"fo", "MZXQ===="},
      {"foo", "MZXW6==="},
      {"foob", "MZXW6YQ="},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI======"},
    };
    for (String[] c : cases) {
      assertThat(ScratchNames.base32(c[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(c[1]);
    }
    assertThat(ScratchNames.base32(new byte[] {(byte) 0xff, (byte) 0x80})).isEqualTo("76AA====");
  }
}
