package dev.glassbox.sandbox.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private final List<LogLine> lines = new ArrayList<>();
  private final LogPublisher publisher = new LogPublisher("test", lines::add);

  private LineSplitter splitter(int maxLineBytes) {
    return new LineSplitter(LogStream.STDOUT, maxLineBytes, publisher);
  }

  private static void feed(LineSplitter splitter, byte[] bytes, int chunk) {
    byte[] buffer = new byte[chunk];
    for (int off = 0; off < bytes.length; off += chunk) {
      int n = Math.min(chunk, bytes.length - off);
      System.arraycopy(bytes, off, buffer, 0, n);
      splitter.accept(buffer, n, 1000 + off);
      // The caller reuses its buffer; garbage must not leak into lines.
      Arrays.fill(buffer, (byte) '#');
    }
  }

  private List<String> texts() {
    return lines.stream().map(LogLine::text).collect(Collectors.toList());
  }

  private List<Boolean> partials() {
    return lines.stream().map(LogLine::partial).collect(Collectors.toList());
  }

  @Test
  void splitsOnNewlineAndStripsOnlyTheNewline() {
    LineSplitter s = splitter(64);
    feed(s, "one\ntwo\r\n\nthree\n".getBytes(StandardCharsets.UTF_8), 100);
    s.finish(0);

    assertThat(texts()).containsExactly("one", "two\r", "", "three");
    assertThat(partials()).containsOnly(false);
  }

  @Test
  void keepsCarriageReturnsInsideProgressLines() {
    LineSplitter s = splitter(64);
    feed(s, "10%\r50%\r100%\n".getBytes(StandardCharsets.UTF_8), 100);
    s.finish(0);

    assertThat(texts()).containsExactly("10%\r50%\r100%");
  }

  @Test
  void linesSpanningReadsAreJoined() {
    LineSplitter s = splitter(64);
    feed(s, "alpha\nbeta\ngamma\n".getBytes(StandardCharsets.UTF_8), 3);
    s.finish(0);

    assertThat(texts()).containsExactly("alpha", "beta", "gamma");
    assertThat(partials()).containsOnly(false);
  }

  @Test
  void lastLineWithoutNewlineIsPublishedAtFinishAsPartial() {
    LineSplitter s = splitter(64);
    feed(s, "done\nno newline".getBytes(StandardCharsets.UTF_8), 4);
    assertThat(texts()).containsExactly("done");

    s.finish(0);

    assertThat(texts()).containsExactly("done", "no newline");
    assertThat(partials()).containsExactly(false, true);
  }

  @Test
  void finalNewlineDoesNotMakeAnEmptyLine() {
    LineSplitter s = splitter(64);
    feed(s, "a\n".getBytes(StandardCharsets.UTF_8), 64);
    s.finish(0);

    assertThat(texts()).containsExactly("a");
  }

  @Test
  void lineOfExactlyMaxBytesIsOnePiece() {
    LineSplitter s = splitter(8);
    feed(s, "12345678\n".getBytes(StandardCharsets.UTF_8), 3);
    s.finish(0);

    assertThat(texts()).containsExactly("12345678");
    assertThat(partials()).containsExactly(false);
  }

  @Test
  void longLineIsCutIntoPartialPiecesEndingWithTheTerminatedRest() {
    LineSplitter s = splitter(8);
    feed(s, "abcdefghijklmnopqrst\nz\n".getBytes(StandardCharsets.UTF_8), 5);
    s.finish(0);

    assertThat(texts()).containsExactly("abcdefgh", "ijklmnop", "qrst", "z");
    assertThat(partials()).containsExactly(true, true, false, false);
  }

  @Test
  void longLineCutWithinOneReadBufferGivesTheSamePieces() {
    LineSplitter s = splitter(8);
    feed(s, "abcdefghijklmnopqrst\nz\n".getBytes(StandardCharsets.UTF_8), 1000);
    s.finish(0);

    assertThat(texts()).containsExactly("abcdefgh", "ijklmnop", "qrst", "z");
    assertThat(partials()).containsExactly(true, true, false, false);
  }

  @Test
  void piecesAreCutBetweenUtf8CharactersSoTheyJoinBackToTheLine() {
    // 'é' is 2 bytes, '€' 3, '😀' 4: every cut position lands inside some character.
    String line = "aé€😀".repeat(50);
    for (int chunk : new int[] {1, 3, 7, 64, 4096}) {
      lines.clear();
      LineSplitter s = splitter(8);
      feed(s, (line + "\n").getBytes(StandardCharsets.UTF_8), chunk);
      s.finish(0);

      assertThat(String.join("", texts())).as("chunk %d", chunk).isEqualTo(line);
      assertThat(texts()).as("chunk %d", chunk).noneMatch(t -> t.contains("\uFFFD"));
      assertThat(lines).as("chunk %d", chunk)
          .allSatisfy(l -> assertThat(l.text().getBytes(StandardCharsets.UTF_8).length)
              .isBetween(5, 8));
      assertThat(partials().subList(0, lines.size() - 1)).containsOnly(true);
      assertThat(lines.get(lines.size() - 1).partial()).isFalse();
    }
  }

  @Test
  void malformedBytesBecomeReplacementCharacters() {
    LineSplitter s = splitter(64);
    byte[] bytes = {'o', 'k', (byte) 0xFF, (byte) 0xC3, '\n'};
    feed(s, bytes, 64);
    s.finish(0);

    assertThat(texts()).containsExactly("ok\uFFFD\uFFFD");
  }

  @Test
  void splitCharacterAcrossReadsDecodesWhole() {
    LineSplitter s = splitter(64);
    feed(s, "€uro\n".getBytes(StandardCharsets.UTF_8), 1);
    s.finish(0);

    assertThat(texts()).containsExactly("€uro");
  }

  @Test
  void seqCountsFromZeroAndTimeIsWhenTheLineWasCompleted() {
    LineSplitter s = splitter(64);
    s.accept("a\nb".getBytes(StandardCharsets.UTF_8), 3, 10);
    s.accept("c\n".getBytes(StandardCharsets.UTF_8), 2, 20);
    s.finish(30);

    assertThat(lines).extracting(LogLine::seq).containsExactly(0L, 1L);
    assertThat(lines).extracting(LogLine::epochMillis).containsExactly(10L, 20L);
    assertThat(lines).extracting(LogLine::stream).containsOnly(LogStream.STDOUT);
  }

  @Test
  void twoStreamsShareOneSequence() {
    LineSplitter out = new LineSplitter(LogStream.STDOUT, 64, publisher);
    LineSplitter err = new LineSplitter(LogStream.STDERR, 64, publisher);
    out.accept("o1\n".getBytes(StandardCharsets.UTF_8), 3, 0);
    err.accept("e1\n".getBytes(StandardCharsets.UTF_8), 3, 0);
    out.accept("o2\n".getBytes(StandardCharsets.UTF_8), 3, 0);

    assertThat(lines)
        .extracting(LogLine::seq, LogLine::stream, LogLine::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, LogStream.STDOUT, "o1"),
            org.assertj.core.groups.Tuple.tuple(1L, LogStream.STDERR, "e1"),
            org.assertj.core.groups.Tuple.tuple(2L, LogStream.STDOUT, "o2"));
  }

  @Test
  void failingSinkDoesNotStopTheSplitter() {
    List<String> seen = new ArrayList<>();
    LogPublisher flaky =
        new LogPublisher(
            "test",
            line -> {
              seen.add(line.text());
              if (line.text().equals("bad")) {
                throw new IllegalStateException("sink broke");
              }
            });
    LineSplitter s = new LineSplitter(LogStream.STDERR, 64, flaky);
    s.accept("bad\ngood\n".getBytes(StandardCharsets.UTF_8), 9, 0);

    assertThat(seen).containsExactly("bad", "good");
    assertThat(flaky.published()).isEqualTo(2);
  }

  @Test
  void rejectsMaxLineTooSmallForOneCharacter() {
    assertThatThrownBy(() -> splitter(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 8");
  }

  @Test
  void utf8CutNeverSplitsACharacterAndNeverReturnsAnEmptyPiece() {
    byte[] euro = "€€€".getBytes(StandardCharsets.UTF_8); // E2 82 AC x3
    assertThat(LineSplitter.utf8Cut(euro, 0, 9)).isEqualTo(9);
    assertThat(LineSplitter.utf8Cut(euro, 0, 8)).isEqualTo(6);
    assertThat(LineSplitter.utf8Cut(euro, 0, 7)).isEqualTo(6);
    assertThat(LineSplitter.utf8Cut(euro, 0, 6)).isEqualTo(6);
    assertThat(LineSplitter.utf8Cut(euro, 6, 8)).isEqualTo(8);
  }
}
