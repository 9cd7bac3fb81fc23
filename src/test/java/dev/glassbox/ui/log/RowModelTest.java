package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row mapping, without a toolkit: filters, expanded lines and change events. */
class RowModelTest {
  @TempDir Path dir;
  private LogDocument doc;
  private long seq;
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    doc = LogDocument.create(dir, ErrorPattern.DEFAULT);
  }

  @AfterEach
  void tearDown() throws IOException {
    doc.close();
  }

  private void add(LogStream stream, String text, boolean partial) {
    doc.accept(new LogLine(seq++, stream, 0, text, partial));
  }

  private RowModel model(boolean out, boolean err) {
    RowModel m = new RowModel(doc, out, err);
    m.addListener(
        (ListChangeListener<Row>)
            c -> {
              while (c.next()) {
                events.add(
                    "at " + c.getFrom() + " -" + c.getRemovedSize() + " +" + c.getAddedSize());
              }
            });
    return m;
  }

  @Test
  void syncAddsNewLinesOnceAndOnlyThen() {
    RowModel m = model(true, true);
    for (int i = 0; i < 5; i++) {
      add(LogStream.STDOUT, "x" + i, false);
    }
    assertThat(m.size()).as("nothing before sync").isZero();
    m.sync(doc.state(), line -> {});
    assertThat(m.size()).isEqualTo(5);
    m.sync(doc.state(), line -> {});
    assertThat(events).containsExactly("at 0 -0 +5");
    assertThat(m.get(3)).isEqualTo(new Row(3, 0, 0, 0));
  }

  @Test
  void streamFilterMapsRowsToTheLinesOfThatStream() {
    for (int i = 0; i < 10; i++) {
      add(i % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, "l" + i, false);
    }
    RowModel err = model(false, true);
    err.sync(doc.state(), line -> {});
    assertThat(err.size()).isEqualTo(4);
    assertThat(err.get(2).line()).isEqualTo(6);
    assertThat(err.visibleOf(6)).isEqualTo(2);
    assertThat(err.visibleOf(7)).isEqualTo(-1);
    RowModel none = model(false, false);
    none.sync(doc.state(), line -> {});
    assertThat(none.size()).isZero();
  }

  @Test
  void growingOpenLineIsReplacedAtTheNextSync() {
    RowModel m = model(true, true);
    add(LogStream.STDOUT, "partial", true);
    m.sync(doc.state(), line -> {});
    add(LogStream.STDOUT, " more", false);
    add(LogStream.STDOUT, "next", false);
    List<Integer> changed = new ArrayList<>();
    m.sync(doc.state(), changed::add);
    assertThat(changed).containsExactly(0);
    assertThat(events).containsExactly("at 0 -0 +1", "at 0 -1 +1", "at 1 -0 +1");
  }

  @Test
  void expandedLineTakesOneRowPerSliceAndShiftsTheRowsAfterIt() {
    add(LogStream.STDOUT, "a", false);
    add(LogStream.STDOUT, "b".repeat(250), false);
    add(LogStream.STDOUT, "c", false);
    RowModel m = model(true, true);
    m.sync(doc.state(), line -> {});
    int first = m.expand(1, 100);
    assertThat(first).isEqualTo(1);
    assertThat(m.size()).isEqualTo(5);
    assertThat(m.get(1)).isEqualTo(new Row(1, 0, 3, 100));
    assertThat(m.get(3)).isEqualTo(new Row(1, 2, 3, 100));
    assertThat(m.get(4)).isEqualTo(new Row(2, 0, 0, 0));
    assertThat(m.rowOf(1, 230)).isEqualTo(3);
    assertThat(m.rowOf(2, 0)).isEqualTo(4);
    m.collapse(1);
    assertThat(m.size()).isEqualTo(3);
    assertThat(m.get(2)).isEqualTo(new Row(2, 0, 0, 0));
    // Expanding replaces the line's row by three, collapsing the three by one.
    assertThat(events).containsExactly("at 0 -0 +3", "at 1 -1 +3", "at 1 -3 +1");
  }

  @Test
  void expandedOpenLineGainsRowsAsItGrows() {
    add(LogStream.STDOUT, "x".repeat(150), true);
    RowModel m = model(true, true);
    m.sync(doc.state(), line -> {});
    m.expand(0, 100);
    assertThat(m.size()).isEqualTo(2);
    add(LogStream.STDOUT, "y".repeat(120), false);
    m.sync(doc.state(), line -> {});
    assertThat(m.size()).isEqualTo(3);
    assertThat(m.get(2)).isEqualTo(new Row(0, 2, 3, 100));
  }
}
