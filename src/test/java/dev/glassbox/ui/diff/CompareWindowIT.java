package dev.glassbox.ui.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.app.DesktopLauncher;
import dev.glassbox.app.Engine;
import dev.glassbox.castore.diff.ChangeKind;
import dev.glassbox.castore.diff.DiffNode;
import dev.glassbox.castore.diff.DiffRow;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.main.MainWindow;
import dev.glassbox.ui.request.HeadlessFx;
import dev.glassbox.ui.settings.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testfx.api.FxToolkit;

/**
 * The Compare view on a real engine, headless: two runs of the not-reproducible example differ in
 * exactly build-time.txt and random.txt; rebuild &amp; compare says so in its verdict.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompareWindowIT {
  private static final Path EXAMPLE = Path.of("assets/examples/not-reproducible.json");
  private static final String OUT = "nix/store/zq1q7n3m5mn0h1fd0r7y8xbd8w5nq3ld-not-reproducible";
  private static Path tmp;
  private static Engine engine;
  private static Stage stage;
  private static MainWindow window;
  private static BuildRecord first;
  private static BuildRecord second;

  @BeforeAll
  static void openApp() throws Exception {
    HeadlessFx.configure();
    tmp = Files.createTempDirectory("glassbox-compare");
    FxToolkit.registerPrimaryStage();
    engine = Engine.open(tmp.resolve("store"));
    UiSettings settings = UiSettings.load(tmp.resolve("ui.json"));
    AppContext ctx = DesktopLauncher.context(engine, tmp.resolve("store"), "", settings, Optional.empty());
    FxToolkit.setupFixture(() -> {
      // A stage of our own: the primary stage may still carry another test's window bindings.
      stage = new Stage();
      window = new MainWindow(ctx, stage);
      stage.setWidth(1260);
      stage.setHeight(780);
      window.show();
    });
    first = engine.service().submit(EXAMPLE.toAbsolutePath(), BuildOptions.defaults()).record().get(120, TimeUnit.SECONDS);
    // busybox's date has no %N: build-time.txt only differs between builds in different seconds.
    Thread.sleep(1100);
    second = engine.service().submit(EXAMPLE.toAbsolutePath(), BuildOptions.defaults()).record().get(120, TimeUnit.SECONDS);
    assertThat(first.status()).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(second.status()).isEqualTo(BuildStatus.SUCCEEDED);
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

  private static BuildRow row(String id) throws Exception {
    await("build " + id + " is listed as succeeded", () -> call(() -> window.buildList().find(id)
        .map(r -> r.statusProperty().get() == BuildStatus.SUCCEEDED).orElse(false)));
    return call(() -> window.buildList().find(id).orElseThrow());
  }

  @Test
  @Order(1)
  void comparingWithThePreviousBuildMarksExactlyTheTwoUnstableFiles() throws Exception {
    BuildRow r = row(second.id());
    call(() -> {
      window.compareWithPrevious(r);
      return null;
    });
    await("the Compare window opens", () -> call(() -> window.compareWindows().flatMap(CompareWindows::last).isPresent()));
    CompareView v = call(() -> window.compareWindows().orElseThrow().last().orElseThrow());
    await("the comparison is shown", () -> call(() -> v.comparison().isPresent()));
    assertThat(call(v::verdictText)).isEqualTo("2 files differ: 2 changed, 1 unchanged");
    // Only differences (the default): exactly the two files below the output.
    assertThat(call(() -> v.tree().visiblePaths()))
        .containsExactly(OUT, OUT + "/build-time.txt", OUT + "/random.txt");
    assertThat(call(() -> v.tree().node(OUT + "/random.txt").map(DiffNode::kind))).contains(ChangeKind.CHANGED);
    assertThat(call(() -> v.tree().node(OUT + "/build-time.txt").map(DiffNode::kind))).contains(ChangeKind.CHANGED);
    // Everything: stable.txt is there, unchanged.
    call(() -> {
      v.tree().onlyDifferences(false);
      return null;
    });
    assertThat(call(() -> v.tree().node(OUT + "/stable.txt").map(DiffNode::kind))).contains(ChangeKind.UNCHANGED);
    assertThat(call(() -> v.tree().visiblePaths())).hasSize(4);
    assertThat(call(() -> v.comparison().orElseThrow().left().id())).isEqualTo(first.id());
    assertThat(call(() -> v.requestView().changes())).isEmpty();
    screenshot(v.getScene(), "diff-tree.png");

    // The text diff of random.txt: one changed line, paired, with its changed part marked.
    assertThat(call(() -> v.tree().select(OUT + "/random.txt"))).isTrue();
    await("the text diff is shown", () -> call(() -> v.textView().getScene() != null && !v.textView().rows().isEmpty()));
    List<DiffRow> rows = call(() -> List.copyOf(v.textView().rows()));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).kind()).isEqualTo(DiffRow.Kind.CHANGED);
    assertThat(rows.get(0).leftSpans()).isNotEmpty();
    screenshot(v.getScene(), "diff-text.png");

    // A stable file shows as identical.
    call(() -> v.tree().select(OUT + "/stable.txt"));
    await("stable.txt is shown identical", () -> call(() -> v.textView().rows().size() == 1
        && v.textView().rows().get(0).kind() == DiffRow.Kind.EQUAL));
  }

  @Test
  @Order(2)
  void ignoreGlobsAreAppliedAndRememberedForTheRequest() throws Exception {
    CompareView v = call(() -> window.compareWindows().orElseThrow().last().orElseThrow());
    call(() -> {
      javafx.scene.control.TextField f = (javafx.scene.control.TextField) v.lookup("#ignore-globs");
      f.setText("build-time.txt random.txt");
      ((javafx.scene.control.Button) v.lookup("#apply-ignore")).fire();
      return null;
    });
    await("the globs make the outputs identical", () -> call(() -> v.verdictText().equals("Outputs identical")));
    // A new comparison of the same request starts with the remembered globs.
    BuildRow r = row(second.id());
    call(() -> {
      window.compareWithPrevious(r);
      return null;
    });
    await("a second window opens", () -> call(() -> window.compareWindows().orElseThrow().last().orElseThrow() != v));
    CompareView again = call(() -> window.compareWindows().orElseThrow().last().orElseThrow());
    await("it is identical under the remembered globs", () -> call(() -> "Outputs identical".equals(again.verdictText())));
    assertThat(call(() -> ((javafx.scene.control.TextField) again.lookup("#ignore-globs")).getText()))
        .isEqualTo("build-time.txt random.txt");
    call(() -> {
      javafx.scene.control.TextField f = (javafx.scene.control.TextField) again.lookup("#ignore-globs");
      f.setText("a[b");
      ((javafx.scene.control.Button) again.lookup("#apply-ignore")).fire();
      return null;
    });
    assertThat(call(() -> ((javafx.scene.control.Label) again.lookup(".field-error")).getText())).contains("no closing ']'");
    // Forget them again for the next test.
    call(() -> {
      javafx.scene.control.TextField f = (javafx.scene.control.TextField) again.lookup("#ignore-globs");
      f.setText("");
      ((javafx.scene.control.Button) again.lookup("#apply-ignore")).fire();
      return null;
    });
    await("back to two differences", () -> call(() -> again.verdictText().startsWith("2 files differ")));
  }

  @Test
  @Order(3)
  void rebuildAndCompareGivesTheVerdict() throws Exception {
    BuildRow r = row(first.id());
    call(() -> {
      window.rebuildAndCompare(r);
      return null;
    });
    await("the Compare window of the rebuild opens", () -> call(() -> window.compareWindows().orElseThrow().last()
        .map(x -> x.verdictText().contains("Rebuilding") || x.verdictText().startsWith("Not reproducible")).orElse(false)));
    CompareView check = call(() -> window.compareWindows().orElseThrow().last().orElseThrow());
    await("the verdict is shown", () -> call(() -> check.verdictText().startsWith("Not reproducible")));
    assertThat(call(check::verdictText)).isEqualTo("Not reproducible: 2 files differ");
    assertThat(call(() -> check.comparison().orElseThrow().right().rebuildOf())).contains(first.id());
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

  /** Into target/screenshots always, and into assets/screenshots when -Dglassbox.screenshots is set. */
  private static void screenshot(Scene scene, String name) throws Exception {
    WritableImage shot = call(() -> scene.snapshot(null));
    dev.glassbox.ui.Screenshots.write(shot, name, true);
  }
}
