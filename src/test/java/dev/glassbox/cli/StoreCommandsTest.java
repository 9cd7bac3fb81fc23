package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.castore.ingest.TestTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, ls, export and verify through the command line, against a real on-disk store. */
class StoreCommandsTest {
  @TempDir Path tmp;

  private String store() {
    return tmp.resolve("store").toString();
  }

  @Test
  void importJsonPrintsExactlyOneObjectWithTheTvixDigest() throws Exception {
    CliRunner.Result r = CliRunner.run("import", "--store", store(), "--json", TestTrees.complicated(tmp).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("type").asText()).isEqualTo("directory");
    assertThat(j.get("digest").asText()).isEqualTo("b3:Qkp/bOCNgF0VtCgGL6rpYpmhZ11wjDo5Jhr+OM3QT+s=");
    assertThat(j.get("size").asLong()).isEqualTo(8);
    assertThat(r.out().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void importOfAFileGivesAFileObject() throws Exception {
    Path f = Files.writeString(tmp.resolve("x"), "Hello World!");
    CliRunner.Result r = CliRunner.run("import", f.toString(), "--json", "--store", store());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("type").asText()).isEqualTo("file");
    assertThat(j.get("size").asLong()).isEqualTo(12);
    assertThat(j.get("executable").asBoolean()).isFalse();
  }

  @Test
  void lsListsNamesKindsAndTargetsAndWalksIntoSubPaths() throws Exception {
    String digest = importJson(TestTrees.complicated(tmp)).get("digest").asText();
    CliRunner.Result r = CliRunner.run("ls", "--store", store(), digest);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(".keep").contains("aa -> /nix/store/somewhereelse").contains("keep/");
    CliRunner.Result sub = CliRunner.run("ls", "--store", store(), "--json", digest, "keep");
    JsonNode arr = new ObjectMapper().readTree(sub.out());
    assertThat(arr).hasSize(1);
    assertThat(arr.get(0).get("name").asText()).isEqualTo(".keep");
    assertThat(CliRunner.run("ls", "--store", store(), digest, "nope").err()).contains("'nope' does not exist");
  }

  @Test
  void exportThenReimportGivesTheSameDigest() throws Exception {
    JsonNode root = importJson(TestTrees.rich(tmp));
    Path dest = tmp.resolve("out");
    CliRunner.Result r = CliRunner.run("export", "--store", store(), root.get("digest").asText(), dest.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(importJson(dest).get("digest").asText()).isEqualTo(root.get("digest").asText());
    CliRunner.Result again = CliRunner.run("export", "--store", store(), root.get("digest").asText(), dest.toString());
    assertThat(again.exit()).isNotZero();
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void corruptingABlobMakesVerifyAndCatFailLoudly() throws Exception {
    Path f = Files.writeString(tmp.resolve("x"), "precious contents");
    String digest = importJson(f).get("digest").asText();
    assertThat(CliRunner.run("verify", "--store", store()).exit()).isZero();
    String hex = dev.glassbox.castore.Digest.parse(digest).hex();
    Path blob = tmp.resolve("store/blobs/b3/" + hex.substring(0, 4) + "/" + hex);
    Files.writeString(blob, "tampered contents");
    CliRunner.Result v = CliRunner.run("verify", "--store", store());
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.err()).contains("corrupt blob " + digest);
    CliRunner.Result cat = CliRunner.run("cat", "--store", store(), digest);
    assertThat(cat.exit()).isEqualTo(1);
    assertThat(cat.err()).contains("is corrupt").doesNotContain("Exception");
  }

  @Test
  void aMissingDirectoryIsReportedByVerify() throws Exception {
    String digest = importJson(TestTrees.complicated(tmp)).get("digest").asText();
    String child = "8b5b5d642b646bb8ed504b0862c39413e87e57491497de7bd075953f7b83810e";
    Files.delete(tmp.resolve("store/dirs/b3/" + child.substring(0, 4) + "/" + child));
    CliRunner.Result v = CliRunner.run("verify", "--store", store());
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.err()).contains("missing directory").contains(digest);
  }

  @Test
  void aFifoGivesOneClearSentenceAndTheStoreStillVerifies() throws Exception {
    Path tree = TestTrees.complicated(tmp);
    Path fifo = tree.resolve("keep/fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
    CliRunner.Result r = CliRunner.run("import", "--store", store(), tree.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(fifo.toString()).contains("FIFO").doesNotContain("Exception");
    assertThat(CliRunner.run("verify", "--store", store()).exit()).isZero();
  }

  @Test
  void badDigestsAndUnknownOptionsAreUsageErrors() {
    CliRunner.Result r = CliRunner.run("cat", "--store", store(), "b3:nope");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is not a digest");
    CliRunner.Result u = CliRunner.run("import", "--bogus");
    assertThat(u.exit()).isEqualTo(2);
    assertThat(u.err()).contains("--help");
  }

  @Test
  void debugShowsTheStackTrace() {
    CliRunner.Result r = CliRunner.run("import", "--debug", "--store", store(), tmp.resolve("missing").toString());
    assertThat(r.err()).contains("does not exist").contains("at dev.glassbox");
  }

  private JsonNode importJson(Path p) throws Exception {
    CliRunner.Result r = CliRunner.run("import", "--store", store(), "--json", p.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }
}
