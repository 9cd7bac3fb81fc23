package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.ui.fx.FxThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The log view in a real (headless Monocle) window, driven like a user would. */
@ExtendWith(ApplicationExtension.class)
class LogViewTest {
  static {
    // Before the toolkit starts, which ApplicationExtension does after this class is loaded.
    Headless.init();
  }

  @TempDir Path dir;
  private LogView view;
  private LogDocument doc;
  private long seq;

  @Start
  void start(Stage stage) {
    view = new LogView();
    stage.setScene(new Scene(view, 1000, 600));
    stage.show();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx(
        () -> {
          view.dispose();
          return null;
        });
    if (doc != null) {
      doc.close();
    }
  }

  private static <T> T fx(Callable<T> task) throws Exception {
    return FxThreads.call(task);
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(condition));
    WaitForAsyncUtils.waitForFxEvents();
  }

  private LogLine out(String text) {
    return new LogLine(seq++, LogStream.STDOUT, 1_700_000_000_000L + seq, text, false);
  }

  private LogLine err(String text) {
    return new LogLine(seq++, LogStream.STDERR, 1_700_000_000_000L + seq, text, false);
  }

  private void show(List<LogLine> lines) throws Exception {
    doc = LogDocument.create(dir, ErrorPattern.DEFAULT);
    doc.append(lines);
    fx(
        () -> {
          view.setDocument(doc);
          return null;
        });
    waitUntil(() -> view.displayedLineCount() == doc.lineCount());
  }

  private List<LogLine> numbered(int n) {
    List<LogLine> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(i % 10 == 9 ? err("stderr line " + i) : out("stdout line " + i));
    }
    return lines;
  }

  /** The rows on screen, top to bottom. */
  private List<LogCell> cells(FxRobot robot) throws Exception {
    return fx(() -> view.rowsView.visibleCells());
  }

  private Optional<LogCell> cellOfLine(FxRobot robot, int line) throws Exception {
    return cells(robot).stream()
        .filter(c -> c.getItem().line() == line && c.getItem().slice() == 0)
        .findFirst();
  }

  private int selectedLine() throws Exception {
    return fx(view::selectedLine);
  }

  @Test
  void linesFedFromAnotherThreadAppearAndTheEndStaysInView(FxRobot robot) throws Exception {
    show(List.of());
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 5000; i++) {
                doc.accept(out("live " + i));
              }
            });
    producer.start();
    producer.join();
    waitUntil(() -> view.displayedLineCount() == 5000);
    waitUntil(() -> view.isScrolledToEnd());
    List<LogCell> cells = cells(robot);
    LogCell last = cells.get(cells.size() - 1);
    assertThat(fx(() -> last.spanLine().text())).isEqualTo("live 4999");
    assertThat(fx(last::badgeText)).isEqualTo("out");
    assertThat(fx(view::isFollow)).isTrue();
    assertThat(fx(() -> view.countLabel.getText())).startsWith("5,000 lines");
  }

  /** A mouse-wheel turn over the rows, as the platform delivers it (positive: towards the top). */
  private void wheel(double deltaY) throws Exception {
    fx(
        () -> {
          Event.fireEvent(
              view.rowsView,
              new ScrollEvent(
                  ScrollEvent.SCROLL,
                  10,
                  10,
                  10,
                  10,
                  false,
                  false,
                  false,
                  false,
                  false,
                  false,
                  0,
                  deltaY,
                  0,
                  deltaY,
                  ScrollEvent.HorizontalTextScrollUnits.NONE,
                  0,
                  ScrollEvent.VerticalTextScrollUnits.NONE,
                  0,
                  0,
                  null));
          return null;
        });
  }

  @Test
  void followPausesWhenWheeledUpAndResumesAtTheBottom(FxRobot robot) throws Exception {
    show(numbered(500));
    waitUntil(() -> view.isScrolledToEnd());
    wheel(120);
    waitUntil(() -> !view.isFollow());
    int topBefore = cells(robot).get(0).getIndex();
    doc.append(numbered(200));
    waitUntil(() -> view.displayedLineCount() == 700);
    assertThat(cells(robot).get(0).getIndex()).as("paused: the view stays").isEqualTo(topBefore);
    assertThat(fx(() -> view.isScrolledToEnd())).isFalse();
    assertThat(fx(() -> view.countLabel.getText())).contains("paused, 200 new");
    wheel(-100_000);
    waitUntil(() -> view.isFollow());
    doc.append(numbered(50));
    waitUntil(() -> view.displayedLineCount() == 750 && view.isScrolledToEnd());
  }

  @Test
  void followPausesOnPageUpAndResumesOnEnd(FxRobot robot) throws Exception {
    show(numbered(500));
    waitUntil(() -> view.isScrolledToEnd());
    robot.clickOn(view.rowsView).type(KeyCode.PAGE_UP).type(KeyCode.PAGE_UP);
    waitUntil(() -> !view.isFollow());
    doc.append(numbered(100));
    waitUntil(() -> view.displayedLineCount() == 600);
    assertThat(fx(() -> view.isScrolledToEnd())).isFalse();
    robot.type(KeyCode.END);
    waitUntil(() -> view.isFollow() && view.isScrolledToEnd());
    doc.append(numbered(100));
    waitUntil(() -> view.displayedLineCount() == 700 && view.isScrolledToEnd());
  }

  @Test
  void followButtonPausesAndResumes(FxRobot robot) throws Exception {
    show(numbered(300));
    robot.clickOn(view.followButton);
    waitUntil(() -> !view.isFollow());
    wheel(200);
    doc.append(numbered(100));
    waitUntil(() -> view.displayedLineCount() == 400);
    assertThat(fx(() -> view.isScrolledToEnd())).isFalse();
    robot.clickOn(view.followButton);
    waitUntil(() -> view.isFollow() && view.isScrolledToEnd());
  }

  @Test
  void searchHighlightsCountsAndMovesTheSelection(FxRobot robot) throws Exception {
    List<LogLine> lines = numbered(300);
    lines.set(20, out("first needle here"));
    lines.set(150, err("a needle and another NEEDLE"));
    show(lines);
    robot.clickOn(view.searchField).write("needle");
    waitUntil(() -> view.matchSummaryProperty().get().equals("1 of 3"));
    assertThat(selectedLine()).isEqualTo(20);
    assertThat(fx(view::isFollow)).as("a search result stops following").isFalse();
    LogCell cell = cellOfLine(robot, 20).orElseThrow();
    assertThat(fx(() -> highlighted(cell))).containsExactly("needle*");
    robot.clickOn(view.nextButton);
    waitUntil(() -> view.matchSummaryProperty().get().equals("2 of 3"));
    assertThat(selectedLine()).isEqualTo(150);
    LogCell second = cellOfLine(robot, 150).orElseThrow();
    assertThat(fx(() -> highlighted(second))).containsExactly("needle*", "NEEDLE");
    robot.clickOn(view.searchField).type(KeyCode.ENTER);
    waitUntil(() -> view.matchSummaryProperty().get().equals("3 of 3"));
    robot.clickOn(view.previousButton).clickOn(view.previousButton);
    waitUntil(() -> view.matchSummaryProperty().get().equals("1 of 3"));
    assertThat(selectedLine()).isEqualTo(20);
    // Highlight, not filter: every line is still there.
    assertThat(fx(view::displayedLineCount)).isEqualTo(300);
  }

  /** The highlighted spans of a row; the current match is marked with '*'. */
  private List<String> highlighted(LogCell cell) {
    AnsiPalette p = view.palette();
    List<String> out = new ArrayList<>();
    SpanLine spans = cell.spanLine();
    for (int i = 0; i < spans.spans().size(); i++) {
      Color bg = spans.background(i);
      if (p.currentMatch.equals(bg)) {
        out.add(spans.spans().get(i).getText() + "*");
      } else if (p.match.equals(bg)) {
        out.add(spans.spans().get(i).getText());
      }
    }
    return out;
  }

  @Test
  void regexSearchAndInvalidPattern(FxRobot robot) throws Exception {
    show(numbered(100));
    fx(
        () -> {
          view.regexProperty().set(true);
          view.searchTextProperty().set("line 4\\d$");
          return null;
        });
    waitUntil(() -> view.matchSummaryProperty().get().equals("1 of 10"));
    fx(
        () -> {
          view.searchTextProperty().set("line (");
          return null;
        });
    waitUntil(() -> view.matchSummaryProperty().get().equals("invalid pattern"));
  }

  @Test
  void filteringAStreamHidesItsLines(FxRobot robot) throws Exception {
    show(numbered(100));
    robot.clickOn(view.stderrButton);
    waitUntil(() -> view.displayedLineCount() == 90);
    for (LogCell c : cells(robot)) {
      assertThat(fx(c::badgeText)).isEqualTo("out");
    }
    robot.clickOn(view.stderrButton).clickOn(view.stdoutButton);
    waitUntil(() -> view.displayedLineCount() == 10);
    for (LogCell c : cells(robot)) {
      assertThat(fx(c::badgeText)).isEqualTo("err");
      assertThat(fx(() -> c.spanLine().text())).startsWith("stderr line");
    }
  }

  @Test
  void jumpToFirstErrorSelectsTheFirstErrorLine(FxRobot robot) throws Exception {
    List<LogLine> lines = numbered(400);
    lines.set(123, out("\u001b[1;31merror\u001b[0m: linker failed"));
    lines.set(300, err("error: later"));
    show(lines);
    robot.clickOn(view.stderrButton); // the error must be revealed even when its stream is hidden
    waitUntil(() -> view.displayedLineCount() == 359);
    robot.clickOn(view.stdoutButton);
    waitUntil(() -> view.displayedLineCount() == 0);
    robot.clickOn(view.firstErrorButton);
    waitUntil(() -> view.displayedLineCount() > 0);
    assertThat(selectedLine()).isEqualTo(123);
    LogCell cell = cellOfLine(robot, 123).orElseThrow();
    assertThat(fx(() -> cell.getStyleClass().contains("error-line"))).isTrue();
    assertThat(fx(() -> view.statusProperty().get())).isEqualTo("First error: line 124");
  }

  @Test
  void withoutErrorMessagesFirstErrorGoesToTheFirstStderrLine(FxRobot robot) throws Exception {
    show(numbered(50));
    robot.clickOn(view.firstErrorButton);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(selectedLine()).isEqualTo(9);
  }

  @Test
  void saveWritesThePlainLogWithStderrMarked(FxRobot robot) throws Exception {
    show(List.of(out("\u001b[32mok\u001b[0m"), err("bad"), out("10%\r100%")));
    Path target = dir.resolve("saved.log");
    fx(
        () -> {
          view.setSaveTargetChooser(window -> target);
          return null;
        });
    robot.clickOn(view.saveButton);
    waitUntil(() -> view.statusProperty().get().startsWith("Saved 3 lines"));
    assertThat(Files.readString(target, StandardCharsets.UTF_8))
        .isEqualTo("ok\n[stderr] bad\n100%\n");
  }

  @Test
  void longLineShowsTheRestOnDemand(FxRobot robot) throws Exception {
    List<LogLine> lines = new ArrayList<>(numbered(5));
    for (int i = 0; i < 3; i++) {
      lines.add(new LogLine(seq++, LogStream.STDOUT, 0, "abcdefghij".repeat(1000), true));
    }
    lines.add(out("END"));
    lines.add(out("after"));
    show(lines);
    LogCell cell = cellOfLine(robot, 5).orElseThrow();
    assertThat(fx(() -> cell.spanLine().text())).hasSize(LogView.DEFAULT_TRUNCATE_AT);
    assertThat(fx(() -> cell.moreLinkForTest().getText()))
        .isEqualTo("… (+28,003 chars) show all");
    assertThat(fx(() -> cell.moreLinkForTest().isVisible())).isTrue();
    robot.clickOn(cell.moreLinkForTest());
    waitUntil(() -> view.rowsView.size() > 7);
    int rows = fx(() -> view.rowsView.size());
    Row first = fx(() -> view.rowsView.getItems().get(5));
    assertThat(first.slices()).isEqualTo((30_003 + first.wrap() - 1) / first.wrap());
    assertThat(rows).isEqualTo(7 + first.slices() - 1);
    // Every slice together is the whole line.
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < first.slices(); i++) {
      int r = 5 + i;
      whole.append(fx(() -> view.slice(view.rowsView.getItems().get(r)).text().text()));
    }
    assertThat(whole.toString()).isEqualTo("abcdefghij".repeat(3000) + "END");
    fx(
        () -> {
          view.collapse(5);
          return null;
        });
    waitUntil(() -> view.rowsView.size() == 7);
  }

  @Test
  void ansiColoursAndProgressLinesRender(FxRobot robot) throws Exception {
    show(List.of(out("plain \u001b[31mred\u001b[0m"), out("Downloading 10%\rDownloading 100%")));
    LogCell red = cellOfLine(robot, 0).orElseThrow();
    List<Text> spans = fx(() -> new ArrayList<>(red.spanLine().spans()));
    assertThat(spans).extracting(Text::getText).containsExactly("plain ", "red");
    assertThat(fx(() -> spans.get(1).getFill())).isEqualTo(AnsiPalette.LIGHT.colour(1, null));
    assertThat(fx(() -> cellOfLine(robot, 1).orElseThrow().spanLine().text()))
        .isEqualTo("Downloading 100%");
  }

  @Test
  void timestampsAppearWhenSwitchedOn(FxRobot robot) throws Exception {
    show(numbered(3));
    assertThat(fx(() -> cellOfLine(robot, 0).orElseThrow().time().isVisible())).isFalse();
    robot.clickOn(view.timeButton);
    WaitForAsyncUtils.waitForFxEvents();
    LogCell cell = cellOfLine(robot, 0).orElseThrow();
    assertThat(fx(() -> cell.time().isVisible())).isTrue();
    assertThat(fx(() -> cell.time().getText())).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
  }

  @Test
  void copyPutsTheSelectedLinesOnTheClipboard(FxRobot robot) throws Exception {
    show(numbered(20));
    String text =
        fx(
                    () -> {
                      view.rowsView.selectRange(8, 10);
                      return null;
                    })
                == null
            ? view.copySelection().get(10, TimeUnit.SECONDS)
            : "";
    assertThat(text).isEqualTo("stdout line 8\nstderr line 9\nstdout line 10\n");
    waitUntil(() -> text.equals(Clipboard.getSystemClipboard().getString()));
  }

  @Test
  void rowsAreSelectedByClickShiftClickKeysAndSelectAll(FxRobot robot) throws Exception {
    show(numbered(100));
    fx(
        () -> {
          view.rowsView.setTop(0);
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
    List<LogCell> cells = cells(robot);
    robot.clickOn(cells.get(2));
    robot.press(KeyCode.SHIFT).clickOn(cells.get(5)).release(KeyCode.SHIFT);
    assertThat(fx(() -> view.rowsView.selectedRows())).containsExactly(2, 3, 4, 5);
    robot.press(KeyCode.SHIFT).type(KeyCode.DOWN).release(KeyCode.SHIFT);
    assertThat(fx(() -> view.rowsView.selectedRows())).containsExactly(2, 3, 4, 5, 6);
    robot.type(KeyCode.DOWN);
    assertThat(fx(() -> view.rowsView.selectedRows())).containsExactly(7);
    robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
    assertThat(fx(() -> view.rowsView.selectedRows())).hasSize(100);
    String all = view.copySelection().get(10, TimeUnit.SECONDS);
    assertThat(all.split("\n")).hasSize(100);
  }

  @Test
  void darkThemeIsAStyleClass(FxRobot robot) throws Exception {
    show(numbered(3));
    fx(
        () -> {
          view.darkThemeProperty().set(true);
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> view.getStyleClass().contains("dark"))).isTrue();
    assertThat(fx(() -> cellOfLine(robot, 0).orElseThrow().spanLine().spans().get(0).getFill()))
        .isEqualTo(AnsiPalette.DARK.foreground);
  }
}
