package dev.glassbox.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.app.DesktopLauncher;
import dev.glassbox.app.Engine;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.request.HeadlessFx;
import dev.glassbox.ui.settings.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The real desktop app, headless under Monocle, on a real engine: open an example, run it, watch
 * the log and the status, cancel a running build, see a failure with its exit code.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowIT {
  private static final Path EXAMPLES = Path.of("assets/examples");
  private static Path tmp;
  private static Engine engine;
  private static Stage stage;
  private static MainWindow window;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void openApp() throws Exception {
    HeadlessFx.configure();
    tmp = Files.createTempDirectory("glassbox-ui");
    stage = FxToolkit.registerPrimaryStage();
    engine = Engine.open(tmp.resolve("store"));
    UiSettings settings = UiSettings.load(tmp.resolve("ui.json"));
    AppContext ctx = DesktopLauncher.context(engine, tmp.resolve("store"), "", settings, Optional.empty());
    FxToolkit.setupFixture(() -> {
      window = new MainWindow(ctx, stage);
      stage.setWidth(1260);
      stage.setHeight(780);
      window.show();
    });
  }

  @AfterAll
  static void closeApp() throws Exception {
    if (window != null) {
      FxToolkit.setupFixture(() -> {
        window.close();
        stage.hide();
      });
    }
    if (engine != null) {
      engine.close();
    }
    dev.glassbox.castore.ingest.HostTrees.delete(tmp);
  }

  private void load(String example) throws Exception {
    // Wait for the load itself: Run may still be enabled by the request loaded before.
    FxToolkit.setupFixture(() -> window.editor().load(EXAMPLES.resolve(example).toAbsolutePath()))
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    await("the example is valid and Run is enabled", () -> !robot.lookup("#run-button").queryAs(Button.class).isDisabled());
  }

  private BuildRow runAndAwait(BuildStatus expected) throws Exception {
    BuildRow row = runAndSelectNewBuild();
    try {
      await("the build ends " + expected.label(), () -> call(() -> row.statusProperty().get()) == expected);
    } catch (AssertionError e) {
      // Say where it stood, in the window and in the history, so a rare timeout can be told apart.
      throw new AssertionError(
          e.getMessage() + "; the row shows " + call(() -> row.statusProperty().get()) + " / "
              + call(() -> row.phaseProperty().get()) + ", the history has "
              + engine.history().find(row.id()).map(r -> r.status() + " " + r.message()),
          e);
    }
    return row;
  }

  @Test
  @Order(1)
  void helloRunsLiveAndTurnsGreen() throws Exception {
    load("hello.json");
    // Editing a field into an invalid value shows why and disables Run; fixing it enables Run.
    javafx.scene.control.TextField workingDir = robot.lookup("#workingDir").queryAs(javafx.scene.control.TextField.class);
    robot.interact(() -> workingDir.setText("/absolute"));
    await("Run is disabled", () -> robot.lookup("#run-button").queryAs(Button.class).isDisabled());
    assertThat(call(() -> window.editor().invalidReasonProperty().get())).containsIgnoringCase("workingDir");
    robot.interact(() -> workingDir.setText("build"));
    await("Run is enabled again", () -> !robot.lookup("#run-button").queryAs(Button.class).isDisabled());
    BuildRow row = runAndAwait(BuildStatus.SUCCEEDED);
    await("its log shows the build's lines", () -> call(() -> window.logView().getDocument() != null && window.logView().getDocument().lineCount() >= 2));
    assertThat(call(() -> window.logView().getDocument().read(0, 0, 200).text().text())).contains("building hello");
    BuildRecord r = call(() -> row.recordProperty().get());
    assertThat(r.outcome()).containsInstanceOf(BuildOutcome.Succeeded.class);
    assertThat(call(() -> window.statusBar().healthText())).contains("ready");
    screenshot("main-window.png");
  }

  @Test
  @Order(2)
  void aFailingExampleShowsTheFailureAndItsExitCode() throws Exception {
    load("fails.json");
    BuildRow row = runAndAwait(BuildStatus.FAILED);
    assertThat(call(() -> row.exitProperty().get())).isEqualTo("exit 3");
    // The Details tab is made when first selected, as a user would (Ctrl+3).
    robot.interact(
        () ->
            window.tabs().getSelectionModel().select(
                window.tabs().getTabs().stream()
                    .filter(t -> t.getText().equals("Details"))
                    .findFirst()
                    .orElseThrow()));
    await("the details show the exit code", () -> call(() -> robot.lookup(".failure-message").tryQuery().isPresent()));
    screenshot("failed-build.png");
  }

  @Test
  @Order(3)
  void aRunningBuildCanBeCancelled() throws Exception {
    Path sleepy = tmp.resolve("sleepy.json");
    Files.writeString(
        sleepy,
        """
        {"commandArgs": ["/bin/sh", "-c", "echo started; sleep 600"],
         "constraints": {"system": "%s", "provideBinSh": true}}
        """
            .formatted(dev.glassbox.request.HostFacts.detect().system()));
    // Wait for the load itself: Run may still be enabled by the request loaded before.
    FxToolkit.setupFixture(() -> window.editor().load(sleepy))
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    await("valid", () -> !robot.lookup("#run-button").queryAs(Button.class).isDisabled());
    BuildRow row = runAndSelectNewBuild();
    await("it runs", () -> call(() -> row.statusProperty().get()) == BuildStatus.RUNNING);
    await("its first line is shown", () -> call(() -> window.logView().getDocument() != null && window.logView().getDocument().lineCount() >= 1));
    Instant t0 = Instant.now();
    robot.clickOn("#cancel-button");
    await("it is cancelled", () -> call(() -> row.statusProperty().get()) == BuildStatus.CANCELLED);
    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  @Order(4)
  void historyIsThereAfterARestart() throws Exception {
    // A second window on the same store (as after closing and reopening the app) lists every build.
    int shown = call(() -> window.buildList().rows().size());
    UiSettings settings = UiSettings.load(tmp.resolve("ui2.json"));
    AppContext ctx = DesktopLauncher.context(engine, tmp.resolve("store"), "", settings, Optional.empty());
    MainWindow[] second = new MainWindow[1];
    Stage[] s2 = new Stage[1];
    FxToolkit.setupFixture(() -> {
      s2[0] = new Stage();
      second[0] = new MainWindow(ctx, s2[0]);
      second[0].show();
    });
    await("the history loads", () -> call(() -> second[0].buildList().rows().size()) == shown);
    FxToolkit.setupFixture(() -> {
      second[0].close();
      s2[0].hide();
    });
  }

  @Test
  @Order(5)
  void theAccessTabShowsWhatTheSelectedBuildRead() throws Exception {
    BuildRow hello =
        call(() -> window.buildList().rows().stream()
            .filter(r -> r.statusProperty().get() == BuildStatus.SUCCEEDED)
            .findFirst()
            .orElseThrow());
    robot.interact(() -> window.buildList().table().getSelectionModel().select(hello));
    robot.clickOn(
        robot
            .lookup(".tab")
            .match(
                (javafx.scene.Node n) ->
                    n.lookup(".tab-label") instanceof javafx.scene.control.Label l
                        && l.getText().equals("Access"))
            .queryAs(javafx.scene.Node.class));
    javafx.scene.control.Label summary =
        robot.lookup("#access-summary").queryAs(javafx.scene.control.Label.class);
    await("the report loads", () -> call(() -> summary.getText().equals("The input was read")));
    await("the inputs show", () -> robot.lookup("#access-inputs").tryQuery().isPresent());
    javafx.scene.control.ListView<?> inputs =
        robot.lookup("#access-inputs").queryAs(javafx.scene.control.ListView.class);
    assertThat(call(() -> inputs.getItems().size())).isEqualTo(1);
    screenshot("access-tab.png");
  }

  /** Clicks Run and returns the new build's row once the window has selected it. */
  private BuildRow runAndSelectNewBuild() throws Exception {
    java.util.Set<String> known = call(() -> window.buildList().rows().stream().map(BuildRow::id).collect(java.util.stream.Collectors.toSet()));
    robot.clickOn("#run-button");
    // The row may appear (from the service's events) a moment before the window selects it.
    await("the new build is selected", () -> call(() -> {
      BuildRow sel = window.buildList().table().getSelectionModel().getSelectedItem();
      return sel != null && !known.contains(sel.id());
    }));
    return call(() -> window.buildList().table().getSelectionModel().getSelectedItem());
  }

  /** What the window and the history show, for a timeout's message. */
  private static String state() {
    StringBuilder sb = new StringBuilder("rows:");
    try {
      for (BuildRow r : call(() -> List.copyOf(window.buildList().rows()))) {
        sb.append(' ').append(r.id(), 0, 8).append('=')
            .append(call(() -> r.statusProperty().get() + "/" + r.phaseProperty().get()));
      }
      BuildRow sel = call(() -> window.buildList().table().getSelectionModel().getSelectedItem());
      sb.append("; selected ").append(sel == null ? "none" : sel.id().substring(0, 8));
      sb.append("; history:");
      for (BuildRecord r : engine.history().recent(10)) {
        sb.append(' ').append(r.id(), 0, 8).append('=').append(r.status().label());
      }
      sb.append("; running ").append(engine.service().running())
          .append(", queued ").append(engine.service().queued());
    } catch (Exception e) {
      sb.append(" (").append(e).append(')');
    }
    return sb.toString();
  }

  private static <T> T call(Callable<T> c) throws Exception {
    return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  private static void await(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.call())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting until " + what + "; " + state());
  }

  /** Into target/screenshots always, and into assets/screenshots when -Dglassbox.screenshots is set. */
  private static void screenshot(String name) throws Exception {
    WritableImage shot = call(() -> stage.getScene().snapshot(null));
    dev.glassbox.ui.Screenshots.write(shot, name, true);
  }
}
