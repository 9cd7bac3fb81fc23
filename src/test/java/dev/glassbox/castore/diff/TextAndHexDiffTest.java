package dev.glassbox.castore.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextAndHexDiffTest {
  @Test
  void unifiedDiffHasHeadersAndHunks() {
    TextDiff d = TextDiff.of(List.of("a", "b", "c"), List.of("a", "B", "c", "d"));
    assertThat(d.unified("a/x", "b/x", 3))
        .containsExactly("--- a/x", "+++ b/x", "@@ -1,3 +1,4 @@", " a", "-b", "+B", " c", "+d");
    assertThat(d.changedLines()).isEqualTo(3);
    assertThat(TextDiff.of(List.of("same"), List.of("same")).unified("a", "b", 3)).isEmpty();
  }

  @Test
  void sideBySideRowsPairChangedLinesWithIntraLineSpans() {
    TextDiff d =
        TextDiff.of(
            List.of("keep", "built at 1700000000 ok", "old only"),
            List.of("keep", "built at 1800000000 ok", "new one", "extra"));
    List<DiffRow> rows = d.rows();
    assertThat(rows).extracting(DiffRow::kind)
        .containsExactly(DiffRow.Kind.EQUAL, DiffRow.Kind.CHANGED, DiffRow.Kind.CHANGED, DiffRow.Kind.INSERTED);
    DiffRow changed = rows.get(1);
    // Only the number changed: the span covers exactly it, on both sides.
    assertThat(changed.leftSpans()).containsExactly(new Span(9, 19));
    assertThat(changed.rightSpans()).containsExactly(new Span(9, 19));
    assertThat(rows.get(3).leftLine()).isZero();
    assertThat(rows.get(3).rightLine()).isEqualTo(4);
    assertThat(rows.get(2).leftLine()).isEqualTo(3);
  }

  @Test
  void deletionsHaveNoRightLine() {
    List<DiffRow> rows = TextDiff.of(List.of("a", "x", "b"), List.of("a", "b")).rows();
    assertThat(rows).extracting(DiffRow::kind)
        .containsExactly(DiffRow.Kind.EQUAL, DiffRow.Kind.DELETED, DiffRow.Kind.EQUAL);
    assertThat(rows.get(2).leftLine()).isEqualTo(3);
    assertThat(rows.get(2).rightLine()).isEqualTo(2);
  }

  @Test
  void linesSplitOnNewlines() {
    assertThat(TextDiff.lines("a\nb\r\n\nc".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("a", "b\r", "", "c");
    assertThat(TextDiff.lines(new byte[0])).isEmpty();
  }

  @Test
  void textSniffRejectsNulAndMalformedUtf8ButToleratesACutCharacter() {
    byte[] utf8 = "héllo €".getBytes(StandardCharsets.UTF_8);
    assertThat(Contents.looksLikeText(utf8, utf8.length)).isTrue();
    assertThat(Contents.looksLikeText(utf8, utf8.length - 1)).isTrue(); // € cut after 2 of 3 bytes
    assertThat(Contents.looksLikeText(new byte[] {'a', 0, 'b'}, 3)).isFalse();
    assertThat(Contents.looksLikeText(new byte[] {'a', (byte) 0xff, 'b'}, 3)).isFalse();
  }

  @Test
  void hexPagesReadOnlyTheRowsAskedForAndMarkDifferingBytes() throws Exception {
    Trees t = new Trees();
    byte[] a = new byte[100_000];
    byte[] b = a.clone();
    b[50_001] = 7;
    var fa = t.bytes(a);
    var fb = t.bytes(java.util.Arrays.copyOf(b, 50_010));
    assertThat(HexDiff.firstDifference(t.store, fa, fb)).isEqualTo(50_001);
    List<HexDiff.Row> rows = HexDiff.page(t.store, fa, fb, 50_001, 2);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).offset()).isEqualTo(49_984 + 16);
    assertThat(rows.get(0).differs()[1]).isTrue();
    assertThat(rows.get(0).differs()[0]).isFalse();
    // The right side ends at 50,010: the rest of the row exists on the left only.
    assertThat(rows.get(0).right()).hasSize(10);
    assertThat(rows.get(0).differs()[12]).isTrue();
    assertThat(rows.get(1).right()).isEmpty();
    assertThat(rows.get(0).hex(true)).startsWith("00 00 ");
    assertThat(HexDiff.firstDifference(t.store, fa, fa)).isEqualTo(-1);
    // An empty side is never opened: the empty blob need not be in the store.
    var empty = new dev.glassbox.castore.FileNode(dev.glassbox.castore.Digest.ofContents(new byte[0]), 0, false);
    assertThat(HexDiff.firstDifference(t.store, empty, fb)).isZero();
    assertThat(HexDiff.page(t.store, empty, fb, 0, 1).get(0).left()).isEmpty();
  }

  @Test
  void aStoredTextFileIsSniffedAsText() throws Exception {
    Trees t = new Trees();
    assertThat(Contents.isText(t.store, t.file("plain text\n"))).isTrue();
    assertThat(Contents.isText(t.store, t.bytes(new byte[] {1, 0, 2}))).isFalse();
    assertThat(Contents.textDiffable(t.store, t.file("a"), t.file("b"))).isTrue();
  }
}
