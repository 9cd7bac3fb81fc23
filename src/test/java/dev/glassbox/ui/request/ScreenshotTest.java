package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
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
 * Renders the editor with the hello example (and with a violation) to PNG files: always into
 * {@code target/screenshots}, and into the folder named by {@code -Dglassbox.screenshots} (the
 * README's pictures live in {@code assets/screenshots}).
 */
@ExtendWith({HeadlessFx.class, ApplicationExtension.class})
class ScreenshotTest {
  static {
    HeadlessFx.configure();
  }

  private final TestServices services = new TestServices();
  private RequestEditor editor;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    editor = new RequestEditor(services);
    stage.setScene(new Scene(editor, 1040, 900));
    stage.show();
  }

  @AfterEach
  void close() {
    services.close();
  }

  @Test
  void helloAndAViolation(FxRobot robot) throws Exception {
    robot.interact(() -> editor.load(FormJsonTest.EXAMPLES.resolve("hello.json")));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor.validRequestProperty().get().isPresent());
    WaitForAsyncUtils.waitForFxEvents();
    List<Path> written = new ArrayList<>();
    written.addAll(save(robot, "request-editor.png"));

    robot.interact(() -> editor.formView().outputs.field(0).setText("out/hello"));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor.validRequestProperty().get().isEmpty());
    robot.interact(() -> {
      editor.formView().outputs.field(0).requestFocus();
      editor.formView().outputs.field(0).positionCaret(9);
    });
    WaitForAsyncUtils.waitForFxEvents();
    written.addAll(save(robot, "request-editor-violation.png"));

    robot.interact(() -> editor.formView().reveal(editor.formView().needles));
    WaitForAsyncUtils.waitForFxEvents();
    saveForReview(robot, "request-editor-lower.png");

    robot.interact(() -> editor.tabs().getSelectionModel().select(1));
    robot.interact(() -> editor.jsonView().area().replaceText(editor.jsonView().text().replace("\"workingDir\": \"build\",", "\"workingDir\": \"build\"")));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !editor.jsonView().problems().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    written.addAll(save(robot, "request-editor-json.png"));

    for (Path p : written) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertThat(img.getWidth()).isEqualTo(1040);
      assertThat(img.getHeight()).isEqualTo(900);
    }
  }

  @Test
  void otherStatesForReview(FxRobot robot) throws Exception {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor.validRequestProperty().get().isPresent());
    WaitForAsyncUtils.waitForFxEvents();
    saveForReview(robot, "review-new.png");

    Path folder = Files.createTempDirectory("gb-shot");
    Files.writeString(folder.resolve("a.txt"), "alpha");
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    services.gate = gate;
    robot.interact(() -> editor.addHostPaths(List.of(folder)));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor.invalidReasonProperty().get().startsWith("Waiting"));
    WaitForAsyncUtils.waitForFxEvents();
    saveForReview(robot, "review-importing.png");
    gate.countDown();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor.validRequestProperty().get().isPresent());

    robot.clickOn("#inputs-add-store");
    Thread.sleep(300);
    WaitForAsyncUtils.waitForFxEvents();
    saveForReview(robot, "review-picker.png");
    robot.clickOn("Close");

    robot.interact(() -> {
      stage.setWidth(760);
      editor.setRequest(editor.validRequestProperty().get().orElseThrow(), "Build 3f2a9c1e");
      editor.setReadOnly(true);
      editor.setOnEditCopy(e -> {});
    });
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> editor.validRequestProperty().get().isPresent());
    Thread.sleep(300);
    WaitForAsyncUtils.waitForFxEvents();
    saveForReview(robot, "review-readonly-narrow.png");
  }

  /** Only into target/screenshots: for looking at, not for the README. */
  private void saveForReview(FxRobot robot, String name) throws Exception {
    WritableImage[] shot = new WritableImage[1];
    robot.interact(() -> shot[0] = stage.getScene().snapshot(null));
    Files.createDirectories(Path.of("target", "screenshots"));
    ImageIO.write(toAwt(shot[0]), "png", Path.of("target", "screenshots", name).toFile());
  }

  private List<Path> save(FxRobot robot, String name) throws Exception {
    WritableImage[] shot = new WritableImage[1];
    robot.interact(() -> shot[0] = stage.getScene().snapshot(null));
    BufferedImage img = toAwt(shot[0]);
    List<Path> out = new ArrayList<>();
    List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "screenshots")));
    String extra = System.getProperty("glassbox.screenshots");
    if (extra != null && !extra.isBlank()) {
      dirs.add(Path.of(extra));
    }
    for (Path dir : dirs) {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      ImageIO.write(img, "png", file.toFile());
      out.add(file);
    }
    return out;
  }

  static BufferedImage toAwt(WritableImage image) {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    PixelReader r = image.getPixelReader();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }
}
