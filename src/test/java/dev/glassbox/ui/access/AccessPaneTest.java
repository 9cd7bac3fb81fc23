package dev.glassbox.ui.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.history.History;
import dev.glassbox.history.NewBuild;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.access.AccessMark;
import dev.glassbox.sandbox.access.AccessRecorder;
import dev.glassbox.sandbox.access.AccessReport;
import dev.glassbox.ui.fx.FxThreads;
import dev.glassbox.ui.request.HeadlessFx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The access pane in a real headless window, on a real history. */
@ExtendWith({HeadlessFx.class, ApplicationExtension.class})
class AccessPaneTest {
  static {
    HeadlessFx.configure();
  }

  private static final String REQUEST =
      """
      {"inputs": [
         {"name": "docs", "type": "directory", "digest": "b3:x", "size": 1},
         {"name": "gcc", "type": "directory", "digest": "b3:x", "size": 2},
         {"name": "tool", "type": "file", "digest": "b3:x", "size": 3, "executable": true}],
       "commandArgs": ["/bin/sh", "-c", "make"], "inputsDir": "nix/store"}
      """;

  @TempDir Path tmp;
  private AccessPane pane;
  private History history;
  private final FxRobot robot = new FxRobot();

  @Start
  void start(Stage stage) {
    pane = new AccessPane();
    pane.getStyleClass().add("glassbox-root"); // where the stylesheet defines its colours
    Scene scene = new Scene(pane, 900, 640);
    scene
        .getStylesheets()
        .add(AccessPane.class.getResource("/dev/glassbox/ui/glassbox.css").toExternalForm());
    stage.setScene(scene);
    stage.show();
  }

  @AfterEach
  void closeHistory() {
    if (history != null) {
      history.close();
    }
  }

  /** A failed build that ran gcc/bin/cc, read tool, stat'ed docs, and missed two libraries. */
  private void recordBuild(String id) throws Exception {
    history
        .insert(
            new NewBuild(
                id,
                Instant.now(),
                Optional.of(REQUEST),
                Optional.empty(),
                "/bin/sh -c make",
                Optional.empty(),
                KeepSandbox.NEVER,
                Duration.ofSeconds(60),
                history.owner()))
        .get();
    History.Recorder rec = history.recorder(id);
    rec.started(1, Instant.now());
    AccessRecorder r = new AccessRecorder();
    r.lookup("/docs", true); // the runtime's stat while binding: not a use
    r.open("/gcc/bin/cc", 0x20);
    r.read("/gcc/bin/cc", 0, 100);
    r.open("/tool", 0);
    r.read("/tool", 0, 3);
    long index = 2;
    for (int i = 0; i < 30; i++) {
      String text =
          i == 10 ? "checking for libfoo" : i == 20 ? "error: cannot find -lbar" : "line " + i;
      rec.log(
          index++,
          new LogLine(i, i == 20 ? LogStream.STDERR : LogStream.STDOUT, 1000 + i, text, false));
      r.logLine(i);
      if (i == 10) {
        r.lookup("/gcc/lib/libfoo.so", false);
      }
      if (i == 19) {
        r.lookup("/gcc/lib/libbar.so", false);
      }
    }
    history.recordInputAccess(id, r.snapshot()).get();
    rec.finish(
            index,
            Instant.now(),
            BuildOutcome.Failed.exit(2),
            Optional.empty(),
            Optional.of(RuntimeMode.ROOT))
        .get();
  }

  private static <T> T fx(Callable<T> c) throws Exception {
    return FxThreads.call(c);
  }

  private static void waitUntil(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(condition));
  }

  /** The list with that id, once the split pane's skin has put it into the scene graph. */
  @SuppressWarnings("unchecked")
  private <T> ListView<T> list(String id) throws Exception {
    waitUntil(() -> robot.lookup("#" + id).tryQuery().isPresent());
    return (ListView<T>) robot.lookup("#" + id).queryAs(ListView.class);
  }

  @Test
  void showsUnusedInputsAndMissingPathsWithTheirLogLines() throws Exception {
    history = History.open(tmp);
    recordBuild("b1");
    fx(
        () -> {
          pane.showBuild(history, "b1");
          return null;
        });
    Label summary = robot.lookup("#access-summary").queryAs(Label.class);
    waitUntil(() -> !summary.getText().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(summary.getText()).isEqualTo("1 of 3 inputs were never read");

    ListView<AccessReport.InputUse> inputs = list("access-inputs");
    assertThat(
            fx(
                () ->
                    inputs.getItems().stream()
                        .map(u -> u.input().name() + "=" + u.mark())
                        .toList()))
        .containsExactly("docs=NOT_READ", "gcc=READ", "tool=READ");
    robot.clickOn(robot.lookup("#access-only-unread").queryAs(CheckBox.class));
    waitUntil(() -> inputs.getItems().size() == 1);
    assertThat(fx(() -> inputs.getItems().get(0).input().name())).isEqualTo("docs");

    ListView<AccessReport.Missing> missing = list("access-missing");
    assertThat(fx(() -> missing.getItems().stream().map(AccessReport.Missing::describe).toList()))
        .containsExactly(
            "tried to open `gcc/lib/libfoo.so`: not in the input gcc",
            "tried to open `gcc/lib/libbar.so`: not in the input gcc");
    ListView<LogLine> context = list("access-context");
    // The first missing path is selected; its moment (after line seq 10) is highlighted.
    assertThat(fx(() -> context.getItems().stream().map(LogLine::text).toList()))
        .contains("checking for libfoo");
    assertThat(fx(() -> context.getSelectionModel().getSelectedItem().text()))
        .isEqualTo("checking for libfoo");

    // Clicking the second missing path shows the lines around its moment.
    ListCell<?> second =
        robot.lookup("#access-missing .list-cell").queryAll().stream()
            .map(n -> (ListCell<?>) n)
            .filter(
                c ->
                    c.getItem() instanceof AccessReport.Missing m
                        && m.lookup().path().contains("libbar"))
            .findFirst()
            .orElseThrow();
    robot.clickOn(second);
    waitUntil(
        () ->
            context.getItems().stream().anyMatch(l -> l.text().equals("error: cannot find -lbar")));
    assertThat(fx(() -> context.getSelectionModel().getSelectedItem().seq())).isEqualTo(19L);
    assertThat(fx(() -> pane.selectedMoment())).isEqualTo(19L);

    var marks = fx(() -> pane.marks());
    assertThat(marks.apply("/nix/store/gcc/bin/cc")).isEqualTo(AccessMark.READ);
    assertThat(marks.apply("/nix/store/docs")).isEqualTo(AccessMark.NOT_READ);
    assertThat(marks.apply("/nix/store/gcc/lib/libbar.so")).isEqualTo(AccessMark.MISSING);
    assertThat(marks.apply("/build")).isEqualTo(AccessMark.NOT_TRACED);
    // Always into target/screenshots (to look at); also into -Dglassbox.screenshots for the README.
    javafx.scene.image.WritableImage img = fx(() -> pane.getScene().snapshot(null));
    java.awt.image.BufferedImage awt = toAwt(img);
    java.util.List<Path> dirs =
        new java.util.ArrayList<>(java.util.List.of(Path.of("target", "screenshots")));
    String extra = System.getProperty("glassbox.screenshots");
    if (extra != null && !extra.isBlank()) {
      dirs.add(Path.of(extra));
    }
    for (Path dir : dirs) {
      java.nio.file.Files.createDirectories(dir);
      javax.imageio.ImageIO.write(awt, "png", dir.resolve("access-report.png").toFile());
    }
  }

  @Test
  void aBuildWithoutATraceSaysWhy() throws Exception {
    history = History.open(tmp);
    history
        .insert(
            new NewBuild(
                "old",
                Instant.now(),
                Optional.of(REQUEST),
                Optional.empty(),
                "make",
                Optional.empty(),
                KeepSandbox.NEVER,
                Duration.ofSeconds(60),
                history.owner()))
        .get();
    history.recorder("old").started(1, Instant.now());
    history
        .recorder("old")
        .finish(2, Instant.now(), BuildOutcome.Failed.exit(1), Optional.empty(), Optional.empty())
        .get();
    fx(
        () -> {
          pane.showBuild(history, "old");
          return null;
        });
    Label notes = robot.lookup("#access-notes").queryAs(Label.class);
    waitUntil(() -> notes.getText().contains("no input access trace"));
    assertThat(fx(() -> pane.report())).isEmpty();
    assertThat(fx(() -> pane.marks().apply("/nix/store/gcc"))).isEqualTo(AccessMark.NOT_TRACED);
  }

  private static java.awt.image.BufferedImage toAwt(javafx.scene.image.WritableImage image) {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    var out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image
          .getPixelReader()
          .getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }
}
