package dev.glassbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'glassbox diff' on two imported trees, by digest (no sandbox needed). */
class DiffCommandTest {
  @TempDir Path tmp;
  private String store;
  private String left;
  private String right;

  private String importTree(Path dir) throws Exception {
    CliRunner.Result r = CliRunner.run("import", "--json", "--store", store, dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out()).get("digest").asText();
  }

  @BeforeEach
  void twoTrees() throws Exception {
    store = tmp.resolve("store").toString();
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    for (Path p : new Path[] {a, b}) {
      Files.writeString(p.resolve("stable.txt"), "stable line\n");
      Files.createDirectories(p.resolve("lib/deep"));
      Files.writeString(p.resolve("lib/deep/same"), "same");
      Files.writeString(p.resolve("tool"), "#!/bin/sh\n");
    }
    Files.writeString(a.resolve("notes.txt"), "one\ntwo\nthree\n");
    Files.writeString(b.resolve("notes.txt"), "one\n2\nthree\n");
    Files.write(a.resolve("blob.bin"), new byte[] {0, 1, 2, 3});
    Files.write(b.resolve("blob.bin"), new byte[] {0, 1, 9, 3});
    Files.setPosixFilePermissions(b.resolve("tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(b.resolve("share/doc"));
    Files.writeString(b.resolve("share/doc/README"), "new");
    left = importTree(a);
    right = importTree(b);
  }

  @Test
  void listsEveryDifferenceThenTheUnifiedDiffAndExitsOne() {
    CliRunner.Result r = CliRunner.run("diff", "--store", store, left, right);
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("M  blob.bin  (4 -> 4 bytes)")
        .contains("M  notes.txt  (14 -> 12 bytes)")
        .contains("A  share  (directory, 2 entries inside)")
        .contains("X  tool  (now executable)")
        .contains("--- a/notes.txt\n+++ b/notes.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n")
        .contains("Binary files a/blob.bin and b/blob.bin differ (first at byte 2)")
        .contains("2 changed, 1 added (2 entries inside), 1 exec bit changed, 4 unchanged")
        .doesNotContain("stable.txt");
  }

  @Test
  void identicalTreesExitZero() {
    CliRunner.Result r = CliRunner.run("diff", "--store", store, left, left);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("unchanged").doesNotContain("M  ");
  }

  @Test
  void ignoreGlobsCanMakeThemIdentical() {
    CliRunner.Result r =
        CliRunner.run("diff", "--store", store, "--ignore", "*.txt", "--ignore", "blob.bin",
            "--ignore", "share/**", "--ignore", "share", "--ignore", "tool", left, right);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  @Test
  void jsonHasTheChangesAndTheTextDiffs() throws Exception {
    CliRunner.Result r = CliRunner.run("diff", "--json", "--store", store, left, right);
    assertThat(r.exit()).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("identical").asBoolean()).isFalse();
    assertThat(j.get("verdict").asText()).isEqualTo("not reproducible: 4 files differ");
    assertThat(j.get("changes")).hasSize(4);
    JsonNode notes = j.get("changes").get(1);
    assertThat(notes.get("path").asText()).isEqualTo("notes.txt");
    assertThat(notes.get("kind").asText()).isEqualTo("changed");
    assertThat(notes.get("unifiedDiff").toString()).contains("\"-two\"", "\"+2\"");
    assertThat(j.get("changes").get(0).get("binary").asBoolean()).isTrue();
    assertThat(j.get("changes").get(2).get("entriesInside").asInt()).isEqualTo(2);
    assertThat(j.get("changes").get(3).get("kind").asText()).isEqualTo("executable-changed");
  }

  @Test
  void mistakesAreUsageErrorsWithExitTwo() {
    CliRunner.Result mixed = CliRunner.run("diff", "--store", store, left, "0123abcd");
    assertThat(mixed.exit()).isEqualTo(2);
    assertThat(mixed.err()).contains("is a digest but '0123abcd' is not");
    CliRunner.Result glob = CliRunner.run("diff", "--store", store, "--ignore", "a[b", left, right);
    assertThat(glob.exit()).isEqualTo(2);
    assertThat(glob.err()).contains("no closing ']'");
    String absent = "b3:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    CliRunner.Result missing = CliRunner.run("diff", "--store", store, left, absent);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no directory or blob " + absent + " is in the store");
    CliRunner.Result unknown = CliRunner.run("diff", "--store", store, "abc123", "abc124");
    assertThat(unknown.exit()).as(unknown.err()).isEqualTo(2);
  }

  @Test
  void aDigestIsBase64WithPrefixOrSixtyFourHexDigits() {
    assertThat(DiffCommand.isDigest("b3:AAAA")).isTrue();
    assertThat(DiffCommand.isDigest("a".repeat(64))).isTrue();
    assertThat(DiffCommand.isDigest("a".repeat(24))).isFalse();
    assertThat(DiffCommand.isDigest("a".repeat(63))).isFalse();
  }
}
