package dev.glassbox.ui.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.app.DesktopLauncher;
import dev.glassbox.app.Engine;
import dev.glassbox.history.BuildComparison;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.oci.AnatomyItem;
import dev.glassbox.sandbox.oci.ConfigText;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.main.MainWindow;
import dev.glassbox.ui.request.HeadlessFx;
import dev.glassbox.ui.settings.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
 * The Sandbox tab in the real window on a real engine: run an example, see every mount of the
 * config.json it ran with explained, click one and see its JSON highlighted, take the tour, and
 * run a what-if experiment (network on) to its comparison.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxTabIT {
  private static final Path EXAMPLES = Path.of("assets/examples");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path tmp;
  private static Engine engine;
  private static Stage stage;
  private static MainWindow window;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void openApp() throws Exception {
    HeadlessFx.configure();
    tmp = Files.createTempDirectory("glassbox-sandbox-ui");
    FxToolkit.registerPrimaryStage();
    engine = Engine.open(tmp.resolve("store"));
    UiSettings settings = UiSettings.load(tmp.resolve("ui.json"));
    AppContext ctx =
        DesktopLauncher.context(engine, tmp.resolve("store"), "", settings, Optional.empty());
    // A stage of its own: the window binds its title, and other UI tests reuse the primary one.
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
  @Order(1)
  void everyMountOfHelloIsExplainedAndClickingOneHighlightsItsJson() throws Exception {
    BuildRow row = run("hello.json", BuildStatus.SUCCEEDED);
    FxToolkit.setupFixture(() -> window.showSandboxTab());
    SandboxTab tab = call(() -> window.sandboxTab());
    await("the anatomy is shown", () -> call(() -> tab.anatomy().isPresent()));

    // The config.json the history kept for this build, mount by mount.
    String recorded =
        engine.history().sandboxConfig(row.id()).orElseThrow().configJson();
    JsonNode mounts = JSON.readTree(recorded).get("mounts");
    List<AnatomyItem> shown = call(tab::mapItems);
    for (int i = 0; i < mounts.size(); i++) {
      String pointer = "/mounts/" + i;
      String dest = mounts.get(i).get("destination").asText();
      AnatomyItem item =
          shown.stream()
              .filter(x -> x.pointer().equals(pointer))
              .findFirst()
              .orElseThrow(() -> new AssertionError(dest + " is not on the map"));
      assertThat(item.title()).isEqualTo(dest);
      assertThat(item.note()).as(dest).isNotBlank();
    }
    // The text shown is that config.json, laid out.
    assertThat(JSON.readTree(call(tab::jsonText))).isEqualTo(JSON.readTree(recorded));
    // The input mount is visible as a cell with its note on screen.
    Label input =
        call(() -> robot.lookup(".anatomy-item-title")
            .match((Node n) -> ((Label) n).getText().equals("/nix/store/src"))
            .queryAs(Label.class));
    robot.clickOn(input);
    AnatomyItem clicked =
        shown.stream().filter(x -> x.title().equals("/nix/store/src")).findFirst().orElseThrow();
    assertThat(clicked.note()).startsWith("Read-only: the build cannot change its inputs");
    ConfigText.Range expected =
        call(() -> tab.anatomy().orElseThrow().text().range(clicked.pointer()).orElseThrow());
    await("its JSON is highlighted", () -> call(() -> tab.highlightedJson())
        .equals(Optional.of(expected)));
    assertThat(call(() -> tab.jsonStylesAt(expected.start() + 1))).contains("json-selected");
    assertThat(call(() -> tab.jsonStylesAt(Math.max(0, expected.start() - 4))))
        .doesNotContain("json-selected");
    screenshot("sandbox-anatomy.png");

    // And back: a click on a value in config.json selects its explanation on the map.
    org.fxmisc.richtext.CodeArea area =
        call(() -> robot.lookup("#anatomy-json").queryAs(org.fxmisc.richtext.CodeArea.class));
    ConfigText.Range host =
        call(() -> tab.anatomy().orElseThrow().text().range("/hostname").orElseThrow());
    javafx.geometry.Bounds b = call(() -> {
      int paragraph = area.offsetToPosition(host.start(), null).getMajor();
      area.showParagraphAtTop(Math.max(0, paragraph - 2));
      area.layout();
      return area.getCharacterBoundsOnScreen(host.end() - 3, host.end() - 2).orElseThrow();
    });
    robot.clickOn(new javafx.geometry.Point2D(b.getCenterX(), b.getCenterY()));
    await("the hostname is selected on the map", () -> call(() -> tab.selectedItem()
        .map(AnatomyItem::pointer)).equals(Optional.of("/hostname")));
    assertThat(call(() -> tab.highlightedJson())).contains(host);

    // The dark theme.
    robot.clickOn("View").clickOn("Dark theme");
    screenshot("sandbox-anatomy-dark.png");
    robot.clickOn("View").clickOn("Light theme");

    // The tour steps through the phases and can be left.
    click("#tour-button");
    await("the tour starts", () -> call(tab::tourStep).equals(Optional.of("Queued")));
    click("#tour-next");
    click("#tour-next");
    await("the bundle step", () -> call(tab::tourStep).equals(Optional.of("Write the bundle")));
    screenshot("sandbox-tour.png");
    assertThat(call(() -> tab.selectedItem().map(AnatomyItem::pointer))).contains("/root");
    click("#tour-back");
    await("back works", () -> call(tab::tourStep).equals(Optional.of("Validate and import")));
    click("#tour-exit");
    await("the tour ends", () -> call(tab::tourStep).isEmpty());
  }

  @Test
  @Order(2)
  void whatIfNetworkOnRunsTheVariantAndComparesBothBuilds() throws Exception {
    BuildRow base = run("needs-network.json", null);
    FxToolkit.setupFixture(() -> window.showSandboxTab());
    SandboxTab tab = call(() -> window.sandboxTab());
    FxToolkit.setupFixture(tab::showWhatIf);
    // Lookups walk the scene graph: on the FX thread, so they never race its changes.
    await("the experiment can run",
        () -> call(() -> !robot.lookup("#whatif-run").queryAs(Button.class).isDisabled()));
    assertThat(call(() -> robot.lookup("#whatif-network")
        .queryAs(javafx.scene.control.RadioButton.class).getText())).startsWith("network on");
    Set<String> before = ids();
    click("#whatif-run");
    await("both builds ended and were compared", () -> call(tab::whatIfResult).isPresent());
    BuildComparison c = call(tab::whatIfResult).orElseThrow();
    assertThat(c.a().id()).isEqualTo(base.id());
    assertThat(before).doesNotContain(c.b().id());
    assertThat(c.b().requestJson().orElseThrow()).contains("\"networkAccess\":true");
    assertThat(c.a().requestJson().orElseThrow()).doesNotContain("\"networkAccess\":true");
    // With the network on, the interface list differs (more than lo), so the logs differ.
    assertThat(c.log().same()).isFalse();
    assertThat(call(() -> robot.lookup("#whatif-comparison .label").queryAll().stream()
        .map(n -> ((Label) n).getText()).collect(Collectors.toList())))
        .anyMatch(t -> t.startsWith("first different line"))
        .anyMatch(t -> t.equals("log lines"));
    // The variant's own Sandbox tab shows the host's resolv.conf explained.
    await("the variant is in the list", () -> call(() -> window.buildList().find(c.b().id()))
        .isPresent());
    screenshot("what-if.png");
    click("#whatif-open-variant");
    await("the variant's anatomy is shown", () -> call(() -> tab.anatomy()
        .map(a -> a.items().stream().anyMatch(i -> i.title().equals("/etc/resolv.conf")
            && i.group() == AnatomyItem.Group.HOST)).orElse(false)));
  }

  /** Finds the node on the FX thread (the scene changes while builds run), then clicks it. */
  private void click(String query) throws Exception {
    Node n = call(() -> robot.lookup(query).query());
    robot.clickOn(n);
  }

  private Set<String> ids() throws Exception {
    return call(() -> window.buildList().rows().stream().map(BuildRow::id)
        .collect(Collectors.toSet()));
  }

  /** Loads an example, runs it and waits until it ends (with {@code expected}, if given). */
  private BuildRow run(String example, BuildStatus expected) throws Exception {
    // Wait for the load itself: Run may still be enabled by the request loaded before.
    FxToolkit.setupFixture(() -> window.editor().load(EXAMPLES.resolve(example).toAbsolutePath()))
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    await("Run is enabled",
        () -> call(() -> !robot.lookup("#run-button").queryAs(Button.class).isDisabled()));
    Set<String> known = ids();
    click("#run-button");
    await("the new build is selected", () -> call(() -> {
      BuildRow sel = window.buildList().table().getSelectionModel().getSelectedItem();
      return sel != null && !known.contains(sel.id());
    }));
    BuildRow row = call(() -> window.buildList().table().getSelectionModel().getSelectedItem());
    await("the build ends", () -> call(() -> row.statusProperty().get().isFinal()));
    if (expected != null) {
      assertThat(call(() -> row.statusProperty().get())).isEqualTo(expected);
    }
    return row;
  }

  private static <T> T call(Callable<T> c) throws Exception {
    return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  private static void await(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.call())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  /** Into target/screenshots, and into -Dglassbox.screenshots when set. */
  private static void screenshot(String name) throws Exception {
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    WritableImage shot = call(() -> stage.getScene().snapshot(null));
    dev.glassbox.ui.Screenshots.write(shot, name, true);
  }
}
