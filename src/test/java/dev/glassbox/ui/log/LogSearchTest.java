package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSearchTest {
  @TempDir Path dir;
  private LogDocument doc;
  private LogSearch search;
  private final BlockingQueue<LogSearch.Result> results = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() throws IOException {
    doc = LogDocument.create(dir, ErrorPattern.DEFAULT);
    search = new LogSearch();
  }

  @AfterEach
  void tearDown() throws IOException {
    search.close();
    doc.close();
  }

  private LogSearch.Result awaitDone() throws InterruptedException {
    while (true) {
      LogSearch.Result r = results.poll(20, TimeUnit.SECONDS);
      assertThat(r).as("a search result in time").isNotNull();
      if (r.done()) {
        return r;
      }
    }
  }

  private static LogSearch.Query query(String regex) {
    return new LogSearch.Query(Pattern.compile(regex), true, true);
  }

  @Test
  void findsEveryMatchWithPositionsInLineOrder() throws InterruptedException {
    doc.append(
        List.of(
            new LogLine(0, LogStream.STDOUT, 0, "foo bar foo", false),
            new LogLine(1, LogStream.STDERR, 0, "\u001b[31mfoo\u001b[0m", false),
            new LogLine(2, LogStream.STDOUT, 0, "nothing", false)));
    search.start(doc, query("fo+"), results::add);
    LogSearch.Result r = awaitDone();
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.lines()).startsWith(0, 0, 1);
    assertThat(r.starts()).startsWith(0, 8, 0);
    assertThat(r.ends()).startsWith(3, 11, 3);
    assertThat(r.indexAtOrAfter(0, 1)).isEqualTo(1);
    assertThat(r.indexAtOrAfter(2, 0)).isEqualTo(3);
  }

  @Test
  void hiddenStreamIsNotSearched() throws InterruptedException {
    doc.append(
        List.of(
            new LogLine(0, LogStream.STDOUT, 0, "x", false),
            new LogLine(1, LogStream.STDERR, 0, "x", false)));
    search.start(doc, new LogSearch.Query(Pattern.compile("x"), false, true), results::add);
    LogSearch.Result r = awaitDone();
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.lines()[0]).isEqualTo(1);
  }

  @Test
  void extendSearchesOnlyLinesThatArrivedSince() throws InterruptedException {
    doc.accept(new LogLine(0, LogStream.STDOUT, 0, "hit", false));
    search.start(doc, query("hit"), results::add);
    assertThat(awaitDone().count()).isEqualTo(1);
    doc.accept(new LogLine(1, LogStream.STDOUT, 0, "no", false));
    doc.accept(new LogLine(2, LogStream.STDOUT, 0, "hit hit", false));
    search.extend();
    LogSearch.Result r = awaitDone();
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.scanned()).isEqualTo(3);
    assertThat(r.lines()).startsWith(0, 2, 2);
  }

  @Test
  void matchesInsideAVeryLongLineHaveLinePositions() throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      doc.accept(new LogLine(i, LogStream.STDOUT, 0, "a".repeat(65536), true));
    }
    doc.accept(new LogLine(20, LogStream.STDOUT, 0, "NEEDLE", false));
    search.start(doc, query("NEEDLE"), results::add);
    LogSearch.Result r = awaitDone();
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.starts()[0]).isEqualTo(20 * 65536);
  }

  @Test
  void newSearchCancelsARunawayOne() throws InterruptedException {
    // Catastrophic backtracking: without cancellation this would run for hours.
    doc.accept(new LogLine(0, LogStream.STDOUT, 0, "a".repeat(60) + "!", false));
    List<LogSearch.Result> stale = new ArrayList<>();
    search.start(doc, query("(.*a){20}b"), stale::add);
    Thread.sleep(100);
    search.start(doc, query("!"), results::add);
    LogSearch.Result r = awaitDone();
    assertThat(r.count()).isEqualTo(1);
    assertThat(stale).isEmpty();
  }

  @Test
  void searchesAMillionLinesWithoutHoldingTheCaller() throws InterruptedException {
    List<LogLine> batch = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      batch.add(new LogLine(i, LogStream.STDOUT, 0, "line " + i + " of the build output", false));
    }
    doc.append(batch);
    long t0 = System.nanoTime();
    search.start(doc, query("line 9999\\d+ "), results::add);
    long startMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(startMillis).as("start returns at once").isLessThan(100);
    LogSearch.Result r = awaitDone();
    assertThat(r.count()).isEqualTo(10 + 100);
  }
}
