package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDocumentTest {
  private static final String ESC = "\u001b";
  @TempDir Path dir;
  private LogDocument doc;
  private long seq;

  private LogDocument doc() throws IOException {
    doc = LogDocument.create(dir, ErrorPattern.DEFAULT);
    return doc;
  }

  @AfterEach
  void close() throws IOException {
    if (doc != null) {
      doc.close();
    }
  }

  private LogLine out(String text) {
    return new LogLine(seq++, LogStream.STDOUT, 1000 + seq, text, false);
  }

  private LogLine err(String text) {
    return new LogLine(seq++, LogStream.STDERR, 1000 + seq, text, false);
  }

  private LogLine piece(LogStream stream, String text) {
    return new LogLine(seq++, stream, 1000 + seq, text, true);
  }

  private String text(int line) {
    return doc.read(line, 0, Integer.MAX_VALUE).text().text();
  }

  @Test
  void linesKeepArrivalOrderAndStream() throws IOException {
    doc().append(List.of(out("one"), err("two"), out("three")));
    assertThat(doc.lineCount()).isEqualTo(3);
    assertThat(text(0)).isEqualTo("one");
    assertThat(text(1)).isEqualTo("two");
    assertThat(doc.stream(1)).isEqualTo(LogStream.STDERR);
    assertThat(doc.streamLine(LogStream.STDOUT, 1)).isEqualTo(2);
    assertThat(doc.streamLine(LogStream.STDERR, 0)).isEqualTo(1);
    assertThat(doc.streamPosition(LogStream.STDERR, 2)).isEqualTo(1);
    LineSlice s = doc.read(1, 0, 100);
    assertThat(s.epochMillis()).isEqualTo(1002);
    assertThat(s.open()).isFalse();
  }

  @Test
  void partialPiecesJoinIntoOneLineAtTheFirstPiecesPlace() throws IOException {
    doc().accept(piece(LogStream.STDOUT, "abc"));
    doc.accept(err("interleaved"));
    assertThat(doc.read(0, 0, 100).open()).isTrue();
    doc.accept(piece(LogStream.STDOUT, "def"));
    doc.accept(out("ghi"));
    doc.accept(out("next"));
    assertThat(doc.lineCount()).isEqualTo(3);
    assertThat(text(0)).isEqualTo("abcdefghi");
    assertThat(doc.read(0, 0, 100).open()).isFalse();
    assertThat(doc.read(0, 0, 100).epochMillis()).isEqualTo(1001);
    assertThat(text(1)).isEqualTo("interleaved");
    assertThat(text(2)).isEqualTo("next");
    assertThat(doc.length(0)).isEqualTo(9);
  }

  @Test
  void sliceAcrossSegmentsReadsTheRightCharacters() throws IOException {
    doc().accept(piece(LogStream.STDOUT, "0123456789"));
    doc.accept(piece(LogStream.STDOUT, "abcdefghij"));
    doc.accept(out("ABCDEFGHIJ"));
    LineSlice s = doc.read(0, 8, 14);
    assertThat(s.text().text()).isEqualTo("89abcdefghijAB");
    assertThat(s.from()).isEqualTo(8);
    assertThat(s.totalChars()).isEqualTo(30);
    assertThat(s.charsAfter()).isEqualTo(8);
  }

  @Test
  void carriageReturnKeepsOnlyTheTextAfterTheLastOne() throws IOException {
    doc()
        .append(
            List.of(out("10%\r20%\r30%"), out("crlf line\r"), out("\rleading"), out("a\rb\r\r")));
    assertThat(text(0)).isEqualTo("30%");
    assertThat(text(1)).isEqualTo("crlf line");
    assertThat(text(2)).isEqualTo("leading");
    assertThat(text(3)).isEqualTo("b");
  }

  @Test
  void progressUpdatesAcrossPiecesCollapseIntoOneShortLine() throws IOException {
    doc();
    StringBuilder progress = new StringBuilder();
    for (int i = 0; i <= 100; i++) {
      progress.append("\rDownloading ").append(i).append('%');
    }
    // Cut the same output into pieces the way the reader would for a long line.
    String all = progress.toString();
    for (int i = 0; i < all.length(); i += 97) {
      doc.accept(piece(LogStream.STDOUT, all.substring(i, Math.min(all.length(), i + 97))));
    }
    doc.accept(out(""));
    assertThat(doc.lineCount()).isEqualTo(1);
    assertThat(text(0)).isEqualTo("Downloading 100%");
  }

  @Test
  void carriageReturnAtTheEndOfAPieceOnlyCollapsesWhenTextFollows() throws IOException {
    doc().accept(piece(LogStream.STDOUT, "first\r"));
    assertThat(text(0)).isEqualTo("first");
    doc.accept(piece(LogStream.STDOUT, ""));
    assertThat(text(0)).isEqualTo("first");
    doc.accept(out("second"));
    assertThat(text(0)).isEqualTo("second");
  }

  @Test
  void collapsedProgressLineKeepsItsColour() throws IOException {
    doc().accept(out(ESC + "[32m 10%\r 20%" + ESC + "[0m"));
    LineSlice s = doc.read(0, 0, 100);
    assertThat(s.text().text()).isEqualTo(" 20%");
    assertThat(s.text().styleAt(0).fg()).isEqualTo(2);
  }

  @Test
  void ansiIsStrippedAndStyleRunsReadBack() throws IOException {
    doc().accept(out("plain " + ESC + "[1;31merror" + ESC + "[0m: boom"));
    StyledText t = doc.read(0, 0, 100).text();
    assertThat(t.text()).isEqualTo("plain error: boom");
    assertThat(t.styleAt(0)).isEqualTo(AnsiStyle.PLAIN);
    assertThat(t.styleAt(6)).isEqualTo(new AnsiStyle(1, AnsiStyle.DEFAULT, AnsiStyle.BOLD));
    assertThat(t.styleAt(11)).isEqualTo(AnsiStyle.PLAIN);
    // A slice starting inside the red word starts red.
    StyledText mid = doc.read(0, 8, 5).text();
    assertThat(mid.text()).isEqualTo("ror: ");
    assertThat(mid.styleAt(0).fg()).isEqualTo(1);
    assertThat(mid.styleAt(3)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void colourLeftOnCarriesToTheNextLineOfTheSameStreamOnly() throws IOException {
    doc()
        .append(
            List.of(
                out(ESC + "[34mblue"),
                err("plain err"),
                out("still blue" + ESC + "[0m"),
                out("plain")));
    assertThat(doc.read(2, 0, 100).text().styleAt(0).fg()).isEqualTo(4);
    assertThat(doc.read(1, 0, 100).text().runCount()).isZero();
    assertThat(doc.read(3, 0, 100).text().runCount()).isZero();
  }

  @Test
  void escapeSequenceCutBetweenPiecesStillParses() throws IOException {
    doc().accept(piece(LogStream.STDOUT, "ab" + ESC + "[3"));
    doc.accept(out("1mred"));
    StyledText t = doc.read(0, 0, 100).text();
    assertThat(t.text()).isEqualTo("abred");
    assertThat(t.styleAt(2).fg()).isEqualTo(1);
    assertThat(t.styleAt(0)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void segmentsWithDifferentStylesJoinWithCorrectRuns() throws IOException {
    doc().accept(piece(LogStream.STDOUT, ESC + "[31mred" + ESC + "[0m"));
    doc.accept(piece(LogStream.STDOUT, "plain"));
    doc.accept(out(ESC + "[1mbold"));
    StyledText t = doc.read(0, 0, 100).text();
    assertThat(t.text()).isEqualTo("redplainbold");
    assertThat(t.styleAt(2).fg()).isEqualTo(1);
    assertThat(t.styleAt(3)).isEqualTo(AnsiStyle.PLAIN);
    assertThat(t.styleAt(8).attributes()).isEqualTo(AnsiStyle.BOLD);
  }

  @Test
  void nonLatinTextRoundTrips() throws IOException {
    doc().append(List.of(out("naïve café"), out("日本語 ✓ 🚀"), out("mixed é and ✓")));
    assertThat(text(0)).isEqualTo("naïve café");
    assertThat(text(1)).isEqualTo("日本語 ✓ 🚀");
    assertThat(doc.read(2, 8, 5).text().text()).isEqualTo("and ✓");
  }

  @Test
  void veryLongLineIsStoredWholeAndReadInSlices() throws IOException {
    doc();
    String big = "x".repeat(65536);
    for (int i = 0; i < 40; i++) { // 2.5 MiB: spans several 1 MiB store chunks
      doc.accept(piece(LogStream.STDOUT, big));
    }
    doc.accept(out("END"));
    assertThat(doc.length(0)).isEqualTo(40 * 65536 + 3);
    LineSlice head = doc.read(0, 0, 2000);
    assertThat(head.text().text()).hasSize(2000);
    assertThat(head.charsAfter()).isEqualTo(40 * 65536 + 3 - 2000);
    assertThat(doc.read(0, 40 * 65536 - 2, 10).text().text()).isEqualTo("xxEND");
  }

  @Test
  void manyLinesSurviveFlushesToDisk() throws IOException {
    doc();
    List<LogLine> batch = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      String text = "line " + i + " " + "y".repeat(i % 50);
      batch.add(i % 7 == 0 ? err("line " + i + " é") : out(text));
    }
    doc.append(batch);
    assertThat(doc.lineCount()).isEqualTo(200_000);
    assertThat(text(0)).isEqualTo("line 0 é");
    assertThat(text(123_457)).isEqualTo("line 123457 " + "y".repeat(123_457 % 50));
    assertThat(text(199_999)).startsWith("line 199999");
    assertThat(doc.storedBytes()).as("the text went to the store").isGreaterThan(4_000_000);
  }

  @Test
  void scanDeliversEveryLineInOrderAndLongLinesInParts() throws IOException {
    doc();
    doc.append(List.of(out("a"), err(""), out("b" + ESC + "[31mc")));
    for (int i = 0; i < 20; i++) {
      doc.accept(piece(LogStream.STDERR, "z".repeat(65536)));
    }
    doc.accept(err("!"));
    doc.accept(out("tail"));
    List<String> seen = new ArrayList<>();
    StringBuilder big = new StringBuilder();
    doc.scan(
        0,
        Integer.MAX_VALUE,
        (line, stream, time, offset, text, last) -> {
          if (line == 3) {
            assertThat(offset).isEqualTo(big.length());
            big.append(text);
            if (last) {
              seen.add(line + ":" + stream + ":big");
            }
          } else {
            assertThat(last).isTrue();
            seen.add(line + ":" + stream + ":" + text);
          }
        });
    assertThat(seen)
        .containsExactly("0:STDOUT:a", "1:STDERR:", "2:STDOUT:bc", "3:STDERR:big", "4:STDOUT:tail");
    assertThat(big.toString()).isEqualTo("z".repeat(20 * 65536) + "!");
  }

  @Test
  void firstErrorIsTheFirstPatternMatchAndFirstStderrIsTracked() throws IOException {
    doc()
        .append(
            List.of(
                out("compiling"),
                err("warning: unused"),
                out("0 errors, -Werror ok"),
                out(ESC + "[1;31merror" + ESC + "[0m: cannot find symbol"),
                err("error: again")));
    LogDocument.State s = doc.state();
    assertThat(s.firstStderr()).isEqualTo(1);
    assertThat(s.firstError()).isEqualTo(3);
  }

  @Test
  void errorPatternAcceptsCommonFormsAndRejectsLookalikes() {
    ErrorPattern p = ErrorPattern.DEFAULT;
    for (String yes :
        List.of(
            "error: x",
            "src/a.c:3:4: error: y",
            "Error: Cannot find module",
            "[ERROR] Failed to execute goal",
            "error[E0308]: mismatched types",
            "fatal: not a git repo",
            "make: *** [Makefile:3: all] Error 2",
            "BUILD FAILED",
            "FAILURE: Build failed",
            "npm ERR! code 1",
            "Traceback (most recent call last):",
            "Exception in thread \"main\"",
            "panic: runtime error",
            "FATAL ERROR: heap limit")) {
      assertThat(p.matches(yes)).as(yes).isTrue();
    }
    for (String no :
        List.of(
            "0 errors",
            "cc -Werror -o x",
            "compiling error.c",
            "--fatal-warnings",
            "errors: 0",
            "warning: unused variable",
            "error_handler.rs ok")) {
      assertThat(p.matches(no)).as(no).isFalse();
    }
  }

  @Test
  void stateReportsOpenLinesAndFinishClosesThem() throws IOException {
    doc().accept(piece(LogStream.STDERR, "unterminated"));
    doc.accept(out("x"));
    LogDocument.State s = doc.state();
    assertThat(s.openStderr()).isZero();
    assertThat(s.openStdout()).isEqualTo(-1);
    doc.finish();
    assertThat(doc.state().openStderr()).isEqualTo(-1);
    assertThat(doc.state().finished()).isTrue();
    assertThat(doc.read(0, 0, 100).open()).isFalse();
    assertThatThrownBy(() -> doc.accept(out("late"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listenersHearEveryAppendAndConcurrentAppendsAreAllKept() throws Exception {
    doc();
    AtomicInteger calls = new AtomicInteger();
    doc.addListener(calls::incrementAndGet);
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      LogStream stream = t == 0 ? LogStream.STDOUT : LogStream.STDERR;
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  doc.accept(new LogLine(i, stream, 0, stream + " " + i, false));
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(doc.lineCount()).isEqualTo(40_000);
    assertThat(calls.get()).isEqualTo(40_000);
    LogDocument.State s = doc.state();
    assertThat(s.stdoutLines()).isEqualTo(20_000);
    assertThat(s.stderrLines()).isEqualTo(20_000);
    assertThat(doc.read(doc.streamLine(LogStream.STDERR, 19_999), 0, 100).text().text())
        .isEqualTo("STDERR 19999");
  }

  @Test
  void aBigBatchIsAppendedInStepsThatReadersCanSeeBetween() throws Exception {
    doc();
    List<LogLine> batch = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      batch.add(out("history line " + i));
    }
    // Listeners run between steps, outside the lock: what they read is what any reader could.
    List<Integer> seen = new ArrayList<>();
    doc.addListener(() -> seen.add(doc.lineCount()));
    doc.append(batch);
    assertThat(seen).hasSize((300_000 + LogDocument.APPEND_BATCH - 1) / LogDocument.APPEND_BATCH);
    assertThat(seen.get(0)).isEqualTo(LogDocument.APPEND_BATCH);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(300_000);
  }

  @Test
  void closeDeletesTheTemporaryFile() throws IOException {
    doc().accept(out("x"));
    doc.close();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(() -> doc.read(0, 0, 1)).isInstanceOf(IllegalStateException.class);
  }
}
