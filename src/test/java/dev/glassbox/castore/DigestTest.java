package dev.glassbox.castore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.blake3.Blake3;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void everyBlake3VectorHashesAndPrintsLikeTvix() {
    int checked = 0;
    for (JsonNode v : Vectors.section("blake3")) {
      byte[] input = inputOf(v);
      Digest d = Digest.ofContents(input);
      assertThat(d.hex()).as(v.toString().substring(0, 40)).isEqualTo(v.get("blake3_hex").asText());
      if (v.has("display")) {
        assertThat(d.toString()).isEqualTo(v.get("display").asText());
      }
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  static byte[] inputOf(JsonNode v) {
    if (v.has("input_hex")) {
      return Vectors.hex(v.get("input_hex"));
    }
    // BLOB_B: 0x00..0xFE repeated (the generator rule in the vectors).
    int len = Integer.parseInt(v.get("length").asText());
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[i] = (byte) (i % 255);
    }
    return out;
  }

  @Test
  void parsesDisplayFormAndHex() {
    Digest d = Digest.ofContents(new byte[0]);
    assertThat(Digest.parse(d.toString())).isEqualTo(d);
    assertThat(Digest.parse(d.hex())).isEqualTo(d);
    assertThat(Digest.parse(d.hex().toUpperCase())).isEqualTo(d);
    assertThat(d.toString()).isEqualTo("b3:rxNJufX5oaagQE3qNtzJSZvLJcmtwRK3zJqTyuQfMmI=");
  }

  @Test
  void rejectsMalformedDigestsWithAUsefulMessage() {
    assertThatThrownBy(() -> Digest.parse("b3:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> Digest.parse("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Digest.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ordersDigestsByUnsignedBytes() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = (byte) 0x80;
    a[0] = 0x7f;
    assertThat(Digest.of(a)).isLessThan(Digest.of(b));
    assertThat(HexFormat.of().formatHex(Blake3.hash(new byte[] {0, 1})))
        .isEqualTo("7b7015bb92cf0b318037702a6cdd81dee41224f734684c2c122cd6359cb1ee63");
  }
}
