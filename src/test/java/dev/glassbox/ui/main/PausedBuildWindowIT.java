package dev.glassbox.ui.main;

import dev.glassbox.ui.terminal.TerminalView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.app.DesktopLauncher;
import dev.glassbox.app.Engine;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.request.HeadlessFx;
import dev.glassbox.ui.settings.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Build ▸ Pause on failure in the real window on a real engine: a failing build shows as paused,
 * Resume and Stop are enabled only then, Resume after a fix inside ends it succeeded, Stop ends it
 * failed with its exit code, and the choice is remembered.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class PausedBuildWindowIT {
  private static Path tmp;
  private static Engine engine;
  private static Stage stage;
  private static MainWindow window;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void openApp() throws Exception {
    HeadlessFx.configure();
    tmp = Files.createTempDirectory("glassbox-ui-pause");
    // A stage of its own: in one JVM with other UI tests the primary stage may be bound already.
    FxToolkit.registerPrimaryStage();
    engine = Engine.open(tmp.resolve("store"));
    UiSettings settings = UiSettings.load(tmp.resolve("ui.json"));
    AppContext ctx =
        DesktopLauncher.context(engine, tmp.resolve("store"), "", settings, Optional.empty());
    FxToolkit.setupFixture(
        () -> {
          stage = new Stage();
          window = new MainWindow(ctx, stage);
          stage.setWidth(1260);
          stage.setHeight(780);
          window.show();
        });
  }

  @AfterAll
  static void closeApp() throws Exception {
    if (window != null) {
      FxToolkit.setupFixture(
          () -> {
            window.close();
            stage.hide();
          });
    }
    if (engine != null) {
      engine.close();
    }
    dev.glassbox.castore.ingest.HostTrees.delete(tmp);
  }

  @Test
  void aFailedBuildPausesAndCanBeResumedOrStoppedFromTheBuildMenu() throws Exception {
    Path req = tmp.resolve("fails-until-fixed.json");
    Files.writeString(
        req,
        """
{"commandArgs": ["/bin/sh", "-c", "echo trying; [ -e /build/fixed ] && mkdir -p $out && exit 0; exit 3"],
 "workingDir": "build", "scratchPaths": ["build", "nix/store"],
 "outputs": ["nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-out"],
 "environmentVars": [{"key": "out", "value": "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-out"}],
 "constraints": {"system": "%s", "provideBinSh": true}}
"""
            .formatted(dev.glassbox.request.HostFacts.detect().system()));
    // Wait for the load itself: Run may still be enabled by the request loaded before.
    FxToolkit.setupFixture(() -> window.editor().load(req))
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    await("valid", () -> !robot.lookup("#run-button").queryAs(Button.class).isDisabled());
    CheckMenuItem pause = (CheckMenuItem) menuItem("pause-on-failure");
    MenuItem resume = menuItem("resume-paused");
    MenuItem stop = menuItem("stop-paused");
    assertThat(call(pause::isSelected)).isFalse();
    robot.interact(() -> pause.setSelected(true));
    assertThat(Files.readString(tmp.resolve("ui.json"))).contains("pauseOnFailure");

    BuildRow first = runAndSelectNewBuild();
    await("it pauses", () -> call(() -> first.phaseProperty().get()) == Phase.PAUSED);
    assertThat(call(() -> first.statusProperty().get())).isEqualTo(BuildStatus.RUNNING);
    await("Resume is enabled", () -> !call(resume::isDisable));
    assertThat(call(stop::isDisable)).isFalse();
    await(
        "the list shows the phase",
        () ->
            call(
                () ->
                    robot.lookup(".table-cell").queryAll().stream()
                        .anyMatch(
                            n ->
                                n instanceof javafx.scene.control.Labeled l
                                    && l.getText() != null
                                    && l.getText().equals("paused after failure"))));
    screenshot("paused-build.png");

    // The fix is made the way a user would: Build > Open shell in sandbox, type into the terminal.
    MenuItem shell = menuItem("open-shell");
    await("Open shell is enabled", () -> !call(shell::isDisable));
    robot.interact(shell::fire);
    await("a terminal window opens", () -> call(() -> terminalView().isPresent()));
    TerminalView term = call(() -> terminalView().orElseThrow());
    // Type only once the shell prompts: a shell switching its line editing on discards earlier input.
    await(
        "the shell prompts",
        () -> call(() -> term.model().screenText().lines().anyMatch(l -> l.endsWith("$ "))));
    robot.interact(term::requestFocus);
    // TestFX types text into its target window, which is still the main one: point it here.
    robot.targetWindow(call(() -> term.getScene().getWindow()));
    robot.write("echo in-$((40+2)); touch /build/fixed && echo FIXED-OK");
    robot.type(javafx.scene.input.KeyCode.ENTER);
    try {
      await(
          "the shell ran inside the paused sandbox",
          () -> call(() -> term.model().screenText().lines().anyMatch(l -> l.equals("FIXED-OK"))));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "; the terminal shows:\n" + call(() -> term.model().screenText())
              + "\nstatus: " + call(() -> term.statusProperty().get()), e);
    }
    assertThat(call(() -> term.model().screenText())).contains("in-42");
    robot.interact(() -> ((Stage) term.getScene().getWindow()).close());
    await("closing the window ends the shell", () -> call(() -> terminalView().isEmpty()));
    robot.interact(resume::fire);
    await(
        "it succeeds after the resume",
        () -> call(() -> first.statusProperty().get()) == BuildStatus.SUCCEEDED);
    assertThat(call(resume::isDisable)).as("nothing to resume any more").isTrue();

    BuildRow second = runAndSelectNewBuild();
    await("it pauses", () -> call(() -> second.phaseProperty().get()) == Phase.PAUSED);
    await("Stop is enabled", () -> !call(stop::isDisable));
    robot.interact(stop::fire);
    await("it fails", () -> call(() -> second.statusProperty().get()) == BuildStatus.FAILED);
    assertThat(call(() -> second.exitProperty().get())).isEqualTo("exit 3");
    assertThat(engine.service().paused(second.id())).isEmpty();

    robot.interact(() -> pause.setSelected(false));
    BuildRow third = runAndSelectNewBuild();
    await(
        "without pausing it just fails",
        () -> call(() -> third.statusProperty().get()) == BuildStatus.FAILED);
  }

  private static java.util.Optional<TerminalView> terminalView() {
    return javafx.stage.Window.getWindows().stream()
        .filter(w -> w.isShowing() && w.getScene() != null)
        .map(w -> w.getScene().getRoot().lookup(".terminal-view"))
        .filter(n -> n instanceof TerminalView)
        .map(n -> (TerminalView) n)
        .findFirst();
  }

  private MenuItem menuItem(String id) throws Exception {
    return call(
        () -> {
          MenuBar bar = (MenuBar) stage.getScene().lookup("#menu-bar");
          for (Menu m : bar.getMenus()) {
            for (MenuItem i : m.getItems()) {
              if (id.equals(i.getId())) {
                return i;
              }
            }
          }
          throw new AssertionError("no menu item #" + id);
        });
  }

  private BuildRow runAndSelectNewBuild() throws Exception {
    java.util.Set<String> known =
        call(
            () ->
                window.buildList().rows().stream()
                    .map(BuildRow::id)
                    .collect(java.util.stream.Collectors.toSet()));
    robot.clickOn("#run-button");
    await(
        "the new build is selected",
        () ->
            call(
                () -> {
                  BuildRow sel = window.buildList().table().getSelectionModel().getSelectedItem();
                  return sel != null && !known.contains(sel.id());
                }));
    return call(() -> window.buildList().table().getSelectionModel().getSelectedItem());
  }

  /**
   * Into target/screenshots always, and into assets/screenshots when -Dglassbox.screenshots is set.
   */
  private static void screenshot(String name) throws Exception {
    javafx.scene.image.WritableImage shot = call(() -> stage.getScene().snapshot(null));
    dev.glassbox.ui.Screenshots.write(shot, name, true);
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
    throw new AssertionError("timed out waiting until " + what);
  }
}
