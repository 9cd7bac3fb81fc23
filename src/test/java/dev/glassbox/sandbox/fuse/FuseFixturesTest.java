package dev.glassbox.sandbox.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.Digest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FUSE fixtures are the ones of vectors.json (HEAD sizes), so the tests test the real thing.
 */
class FuseFixturesTest {

  @Test
  void fixtureDigestsMatchTheVectors() {
    Map<String, String> blobs = new HashMap<>();
    for (JsonNode b : Vectors.section("blake3")) {
      blobs.put(b.get("name").asText(), b.get("blake3_hex").asText());
    }
    assertThat(FuseFixtures.BLOB_A_DIGEST.hex()).isEqualTo(blobs.get("BLOB_A"));
    assertThat(FuseFixtures.BLOB_B_DIGEST.hex()).isEqualTo(blobs.get("BLOB_B"));
    assertThat(FuseFixtures.BLOB_B).hasSize(1_044_480);
    assertThat(FuseFixtures.HELLOWORLD_DIGEST.hex())
        .isEqualTo(blobs.get("HELLOWORLD_BLOB_CONTENTS"));
    assertThat(FuseFixtures.EMPTY_DIGEST.hex()).isEqualTo(blobs.get("EMPTY_BLOB_CONTENTS"));

    Map<String, String> dirs = new HashMap<>();
    for (JsonNode d : Vectors.section("directories")) {
      if (!d.get("size_convention").asText().equals("documented")) {
        dirs.put(d.get("name").asText(), d.get("blake3_hex").asText());
      }
    }
    assertThat(FuseFixtures.DIRECTORY_WITH_KEEP.digest().hex())
        .isEqualTo(dirs.get("DIRECTORY_WITH_KEEP"));
    assertThat(FuseFixtures.DIRECTORY_COMPLICATED.digest().hex())
        .isEqualTo(dirs.get("DIRECTORY_COMPLICATED"));
    assertThat(FuseFixtures.DIRECTORY_WITH_KEEP.size()).isEqualTo(2);
  }

  @Test
  void xattrValuesOfTheVectorsAreTheDisplayForms() {
    JsonNode x = Vectors.root().get("fuse").get("xattr_value_example");
    assertThat(FuseFixtures.DIRECTORY_WITH_KEEP.digest().toString())
        .isEqualTo(x.get("DIRECTORY_WITH_KEEP").asText());
    assertThat(FuseFixtures.BLOB_A_DIGEST.toString()).isEqualTo(x.get("BLOB_A").asText());
    JsonNode names = Vectors.root().get("fuse").get("xattr_names");
    assertThat(InputFilesystem.DIRECTORY_XATTR).isEqualTo(names.get("directory").asText());
    assertThat(InputFilesystem.BLOB_XATTR).isEqualTo(names.get("regular file").asText());
    assertThat(Digest.parse(x.get("BLOB_A").asText())).isEqualTo(FuseFixtures.BLOB_A_DIGEST);
  }
}
