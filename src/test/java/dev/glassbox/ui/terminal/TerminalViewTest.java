package dev.glassbox.ui.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.terminal.TerminalSpec;
import dev.glassbox.terminal.process.PtyTerminalLauncher;
import dev.glassbox.ui.request.HeadlessFx;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The terminal window with a real /bin/sh on a real pty, driven by key events: typed commands run
 * and their output is drawn on the canvas.
 */
@ExtendWith({HeadlessFx.class, ApplicationExtension.class})
class TerminalViewTest {
  static {
    HeadlessFx.configure();
  }

  private final PtyTerminalLauncher launcher = new PtyTerminalLauncher(System.getenv());
  private final AtomicInteger teardowns = new AtomicInteger();
  private TerminalWindow window;

  @Start
  void start(Stage ignored) {
    // Each test opens its own window; the stage TestFX hands over is not needed.
  }

  @AfterEach
  void closeAll(FxRobot robot) {
    if (window != null) {
      robot.interact(window::close);
    }
    launcher.closeAll();
  }

  private TerminalWindow open(FxRobot robot, boolean dark, String... argv) {
    TerminalSpec spec =
        TerminalSpec.of("Shell in build 3f2a9c1e", List.of(argv))
            .withEnvironment(Map.of("PS1", "sandbox:/build$ ", "ENV", "", "LS_COLORS", ""))
            .withTeardown(teardowns::incrementAndGet);
    robot.interact(() -> window = TerminalWindow.open(null, launcher, spec, dark));
    return window;
  }

  private static void waitFor(BooleanSupplier condition, String what, TerminalView view)
      throws Exception {
    try {
      WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition::getAsBoolean);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "timed out waiting for " + what + "; screen:\n" + view.model().screenText(), e);
    }
  }

  @Test
  void typedCommandRunsAndItsOutputIsDrawn(FxRobot robot) throws Exception {
    TerminalView view = open(robot, false, "/bin/sh").view();
    waitFor(() -> view.model().screenText().startsWith("sandbox:/build$"), "the prompt", view);
    robot.interact(view::requestFocus);
    robot.write("echo glass$((6*7))box");
    robot.type(KeyCode.ENTER);
    waitFor(
        () -> view.model().screenText().lines().anyMatch(l -> l.equals("glass42box")),
        "the command's output",
        view);
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(100); // one more pulse: the repaint after the last output
    WaitForAsyncUtils.waitForFxEvents();

    int row = rowOf(view, "glass42box");
    WritableImage shot = snapshot(robot, view);
    // The output row has text-coloured pixels where the characters are, and none past them.
    assertThat(inkPixels(shot, view, row, 0, 10)).isGreaterThan(20);
    assertThat(inkPixels(shot, view, row, 12, 40)).isZero();
    assertThat(view.statusProperty().get()).startsWith("running /bin/sh (pid ");
  }

  @Test
  void selectCopyAndPasteWithTheMouseAndKeys(FxRobot robot) throws Exception {
    TerminalView view = open(robot, false, "/bin/sh").view();
    waitFor(() -> view.model().screenText().startsWith("sandbox:/build$"), "the prompt", view);
    robot.interact(view::requestFocus);
    robot.write("echo copy-me-please");
    robot.type(KeyCode.ENTER);
    waitFor(
        () -> view.model().screenText().lines().anyMatch(l -> l.equals("copy-me-please")),
        "the output",
        view);
    WaitForAsyncUtils.waitForFxEvents();
    int row = rowOf(view, "copy-me-please");
    javafx.geometry.Point2D origin = view.localToScreen(0, 0);
    double y = origin.getY() + 4 + (row + 0.5) * view.cellHeight();
    robot
        .drag(origin.getX() + 4 + 0.5 * view.cellWidth(), y, javafx.scene.input.MouseButton.PRIMARY)
        .dropTo(origin.getX() + 4 + 6.5 * view.cellWidth(), y);
    robot
        .press(KeyCode.CONTROL, KeyCode.SHIFT)
        .type(KeyCode.C)
        .release(KeyCode.SHIFT, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    String[] copied = new String[1];
    robot.interact(() -> copied[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
    assertThat(copied[0]).isEqualTo("copy-me");

    robot.interact(
        () -> {
          javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
          c.putString("echo pasted-$((1+1))\n");
          javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
    robot
        .press(KeyCode.CONTROL, KeyCode.SHIFT)
        .type(KeyCode.V)
        .release(KeyCode.SHIFT, KeyCode.CONTROL);
    waitFor(
        () -> view.model().screenText().lines().anyMatch(l -> l.equals("pasted-2")),
        "the pasted command's output",
        view);
  }

  @Test
  void controlKeysEditingAndExitStatus(FxRobot robot) throws Exception {
    TerminalView view = open(robot, false, "/bin/sh").view();
    waitFor(() -> view.model().screenText().startsWith("sandbox:/build$"), "the prompt", view);
    robot.interact(view::requestFocus);
    robot.write("sleep 100");
    robot.type(KeyCode.ENTER);
    Thread.sleep(300);
    robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
    waitFor(
        () ->
            view.model().screenText().lines().filter(l -> l.startsWith("sandbox:/build$")).count()
                >= 2,
        "a new prompt after Ctrl+C",
        view);
    robot.write("echo abX");
    robot.type(KeyCode.BACK_SPACE);
    robot.write("c");
    robot.type(KeyCode.ENTER);
    waitFor(
        () -> view.model().screenText().lines().anyMatch(l -> l.equals("abc")),
        "backspace edited the line",
        view);
    robot.write("exit 5");
    robot.type(KeyCode.ENTER);
    waitFor(
        () -> view.statusProperty().get().equals("shell exited with 5 — close or reopen"),
        "the exit status line",
        view);
    assertThat(robot.lookup("#terminal-reopen").queryButton().isVisible()).isTrue();
    assertThat(teardowns.get()).isZero();

    robot.clickOn("#terminal-reopen");
    waitFor(() -> view.statusProperty().get().startsWith("running"), "a new shell", view);
    waitFor(() -> view.model().screenText().startsWith("sandbox:/build$"), "a fresh prompt", view);
    assertThat(teardowns.get()).isZero(); // handed over to the new shell, not run

    robot.interact(window::close);
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> teardowns.get() == 1);
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> launcher.openSessions().isEmpty());
    window = null;
  }

  @Test
  void scrollbackWithTheWheelAndTheTitleFromTheProgram(FxRobot robot) throws Exception {
    TerminalView view = open(robot, true, "/bin/sh").view();
    waitFor(() -> view.model().screenText().startsWith("sandbox:/build$"), "the prompt", view);
    robot.interact(view::requestFocus);
    robot.write(
        "i=0; while [ $i -lt 200 ]; do echo row$i; i=$((i+1)); done;"
            + " printf '\\033]0;busy box\\007'");
    robot.type(KeyCode.ENTER);
    waitFor(() -> view.model().screenText().contains("row199"), "200 rows", view);
    waitFor(
        () -> window.stage().getTitle().equals("Shell in build 3f2a9c1e — busy box"),
        "the title set by OSC 0",
        view);
    // Monocle's robot reports a wheel turned up as deltaY -1; GTK and the other platforms give
    // +40 per notch. Fire what a real desktop delivers for three notches up.
    robot.interact(() -> javafx.event.Event.fireEvent(view, wheel(120)));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(view.scrollOffset()).isEqualTo(9);
    waitFor(
        () -> view.model().snapshot(view.scrollOffset()).rowText(0).startsWith("row"),
        "older rows in view",
        view);
    robot.interact(() -> javafx.event.Event.fireEvent(view, wheel(-40)));
    assertThat(view.scrollOffset()).isEqualTo(6);
    robot.write("x"); // typing jumps back to the live screen
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(view.scrollOffset()).isZero();
  }

  @Test
  void screenshot(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    // A small project like a build's scratch directory, looked at with real tools.
    Path build = Files.createDirectories(tmp.resolve("build"));
    Files.createDirectories(build.resolve("out"));
    Files.createDirectories(build.resolve("src"));
    Files.writeString(
        build.resolve("src/main.c"),
        "#include <stdio.h>\n\nint main(int argc, char **argv) {\n  frob(argc);\n"
            + "  return 0;\n}\n");
    Files.writeString(build.resolve("Makefile"), "out/main: src/main.c\n\tcc -o $@ $<\n");
    Path script = Files.writeString(build.resolve("build.sh"), "#!/bin/sh\nmake\n");
    script.toFile().setExecutable(true);
    TerminalSpec spec =
        TerminalSpec.of("Shell in build 3f2a9c1e", List.of("/bin/sh"))
            .withEnvironment(Map.of("PS1", "sandbox:/build$ ", "ENV", ""))
            .withWorkingDirectory(build);
    robot.interact(() -> window = TerminalWindow.open(null, launcher, spec, true));
    TerminalView view = window.view();
    waitFor(() -> view.model().screenText().startsWith("sandbox:/build$"), "the prompt", view);
    robot.interact(view::requestFocus);
    for (String cmd :
        new String[] {
          "ls -l --color=always", "grep -n --color=always -e frob -e main src/main.c",
          "echo $TERM; stty size", "tput setaf 3; echo 'exit code 2'; tput sgr0"
        }) {
      robot.write(cmd);
      robot.type(KeyCode.ENTER);
    }
    waitFor(() -> view.model().screenText().contains("exit code 2"), "the sample output", view);
    robot.write("sh -x ./build.sh");
    Thread.sleep(300);
    WaitForAsyncUtils.waitForFxEvents();
    List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "screenshots")));
    String extra = System.getProperty("glassbox.screenshots");
    if (extra != null && !extra.isBlank()) {
      dirs.add(Path.of(extra));
    }
    WritableImage[] img = new WritableImage[1];
    robot.interact(() -> img[0] = window.stage().getScene().snapshot(null));
    BufferedImage out = toAwt(img[0]);
    for (Path dir : dirs) {
      Files.createDirectories(dir);
      ImageIO.write(out, "png", dir.resolve("terminal.png").toFile());
    }
    assertThat(out.getWidth()).isEqualTo(940);
  }

  private static javafx.scene.input.ScrollEvent wheel(double deltaY) {
    return new javafx.scene.input.ScrollEvent(
        javafx.scene.input.ScrollEvent.SCROLL,
        100,
        100,
        100,
        100,
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
        javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE,
        0,
        javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE,
        0,
        0,
        null);
  }

  private static int rowOf(TerminalView view, String text) {
    String[] lines = view.model().screenText().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals(text)) {
        return i;
      }
    }
    throw new AssertionError(text + " not on screen");
  }

  private static WritableImage snapshot(FxRobot robot, TerminalView view) {
    WritableImage[] img = new WritableImage[1];
    robot.interact(() -> img[0] = view.snapshot(null, null));
    return img[0];
  }

  /** Pixels clearly darker than the light background in the cells [fromCol, toCol) of a row. */
  private static int inkPixels(
      WritableImage img, TerminalView view, int row, int fromCol, int toCol) {
    double cw = view.cellWidth();
    double lh = view.cellHeight();
    PixelReader r = img.getPixelReader();
    int count = 0;
    int y0 = (int) Math.floor(4 + row * lh);
    int y1 = (int) Math.floor(4 + (row + 1) * lh);
    int x0 = (int) Math.ceil(4 + fromCol * cw);
    int x1 = (int) Math.floor(4 + toCol * cw);
    for (int y = y0; y < y1 && y < img.getHeight(); y++) {
      for (int x = x0; x < x1 && x < img.getWidth(); x++) {
        int argb = r.getArgb(x, y);
        int lum = ((argb >> 16) & 0xFF) + ((argb >> 8) & 0xFF) + (argb & 0xFF);
        if (lum < 3 * 128) {
          count++;
        }
      }
    }
    return count;
  }

  private static BufferedImage toAwt(WritableImage image) {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    PixelReader r = image.getPixelReader();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), row, 0, w);
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }
}
