package dev.glassbox.ui.browse;

import dev.glassbox.browse.PathMarks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.app.DesktopLauncher;
import dev.glassbox.app.Engine;
import dev.glassbox.browse.TreeEntry;
import dev.glassbox.browse.TreePath;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.request.HostFacts;
import dev.glassbox.ui.AppContext;
import dev.glassbox.ui.builds.BuildRow;
import dev.glassbox.ui.main.MainWindow;
import dev.glassbox.ui.request.HeadlessFx;
import dev.glassbox.ui.settings.UiSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.Button;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The Inputs and Outputs tabs in the real window on a real engine: a build that waits at a gate (a
 * host folder bound read-only into its sandbox) so its live FUSE mount can be browsed, toggled to
 * the store and back, previewed as text and as hex, and searched; then, once it is let go and has
 * succeeded, its outputs.
 */
@EnabledIf("dev.glassbox.sandbox.SandboxAvailability#canRunSandboxes")
class BrowserIT {
  private static final String OUT = "/nix/store/5mfh7cqkxd1hzd5a7rmlhycl0kx2zhsq-browsed";
  private static Path tmp;
  private static Engine engine;
  private static Stage stage;
  private static MainWindow window;
  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void openApp() throws Exception {
    HeadlessFx.configure();
    tmp = Files.createTempDirectory("glassbox-browse-ui");
    FxToolkit.registerPrimaryStage();
    engine = Engine.open(tmp.resolve("store"));
    UiSettings settings = UiSettings.load(tmp.resolve("ui.json"));
    AppContext ctx =
        DesktopLauncher.context(engine, tmp.resolve("store"), "", settings, Optional.empty());
    // A stage of its own: the window binds its stage's title, and the primary stage is shared
    // with the other UI tests of this JVM.
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

  /** A request whose input has a script, C source, a binary file and a nested folder. */
  private static Path request(Path gate) throws Exception {
    Path src = tmp.resolve("req/src");
    Files.createDirectories(src.resolve("lib/include"));
    Files.writeString(
        src.resolve("build.sh"),
        """
        #!/bin/sh
        # Waits for the test to look at the live mount, then copies the input out.
        set -e
        i=0
        while [ ! -e "$GATE/go" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
        mkdir -p "$out"
        # Everything but data.bin, which the test reads through the mount while this waits.
        cp -r /nix/store/src/build.sh /nix/store/src/hello.c /nix/store/src/lib "$out/"
        printf 'not the input' > "$out/data.bin"
        echo "copied $(ls "$out" | wc -l) entries"
        """);
    Files.setPosixFilePermissions(
        src.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(src.resolve("hello.c"), "#include <stdio.h>\nint main(void) { return 0; }\n");
    Files.writeString(src.resolve("lib/include/hello.h"), "int hello(void);\n");
    byte[] bin = new byte[3000];
    for (int i = 0; i < bin.length; i++) {
      bin[i] = (byte) (i % 7 == 0 ? 0 : i);
    }
    Files.write(src.resolve("data.bin"), bin);
    Path req = tmp.resolve("req/browse.json");
    Files.writeString(
        req,
        """
        {"inputs": [{"name": "src", "path": "src"}],
         "commandArgs": ["/bin/sh", "/nix/store/src/build.sh"],
         "workingDir": "build",
         "scratchPaths": ["build", "nix/store"],
         "inputsDir": "nix/store",
         "outputs": ["%s"],
         "environmentVars": [{"key": "GATE", "value": "%s"}, {"key": "out", "value": "/%s"}],
         "constraints": {"system": "%s", "provideBinSh": true, "availableRoPaths": ["%s"]}}
        """
            .formatted(
                OUT.substring(1), gate, OUT.substring(1), HostFacts.detect().system(), gate));
    return req;
  }

  @Test
  void browseTheLiveMountThenTheOutputs() throws Exception {
    Path gate = tmp.resolve("gate");
    Files.createDirectories(gate);
    // The build may run as a mapped user: the gate and the folders above it must be searchable.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path req = request(gate);
    // Wait for the load itself: Run may still be enabled by the request loaded before.
    FxToolkit.setupFixture(() -> window.editor().load(req))
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    await(
        "the request is valid",
        () -> !robot.lookup("#run-button").queryAs(Button.class).isDisabled());
    BuildRow row = runAndSelectNewBuild();
    InputsPane inputs = call(() -> window.inputsPane());
    TreeBrowser in = inputs.browser();
    FxToolkit.setupFixture(() -> window.tabs().getSelectionModel().select(tabNamed("Inputs")));

    await(
        "the inputs are read through the live mount",
        () ->
            call(
                () ->
                    !inputs.viaMountToggle().isDisable()
                        && inputs.viaMountToggle().isSelected()
                        && in.sourceText().contains("live mount")));
    assertThat(call(() -> row.statusProperty().get())).isEqualTo(BuildStatus.RUNNING);
    List<String> top = names(in, TreePath.of("src"));
    assertThat(top).containsExactly("build.sh", "data.bin", "hello.c", "lib");

    PreviewPane preview = call(in::preview);
    reveal(in, "src", "data.bin");
    await("the binary shows as hex", () -> call(() -> preview.mode() == PreviewPane.Mode.HEX));
    assertThat(call(preview::text)).startsWith("00000000  00 01 02 03 04 05 06 00");
    TreeEntry bin = call(() -> in.table().getSelectionModel().getSelectedItem().getValue().entry);
    assertThat(bin.digest()).as("the mount shows the store's digest").isPresent();
    assertThat(call(() -> in.sandboxPath(bin.path()))).isEqualTo("/nix/store/src/data.bin");

    // Via the store: the same place stays selected.
    robot.clickOn("#inputs-via-store");
    await(
        "the inputs come from the store",
        () ->
            call(
                () ->
                    in.sourceText().contains("from the store")
                        && in.selectedPath().equals(Optional.of(TreePath.of("src", "data.bin")))));
    // And back to the mount.
    robot.clickOn("#inputs-via-mount");
    await(
        "the inputs come from the mount again",
        () ->
            call(
                () ->
                    in.sourceText().contains("live mount")
                        && in.selectedPath().equals(Optional.of(TreePath.of("src", "data.bin")))));

    // A search across the tree, then a match revealed.
    call(
        () -> {
          in.search("*.h");
          return null;
        });
    await("the search ends", () -> call(() -> in.searchStatus().startsWith("1 match")));
    assertThat(call(() -> in.results().stream().map(e -> e.path().toString()).toList()))
        .containsExactly("src/lib/include/hello.h");
    call(() -> in.reveal(TreePath.of("src", "lib", "include", "hello.h")))
        .get(20, TimeUnit.SECONDS);
    await(
        "the header shows as text",
        () ->
            call(
                () ->
                    preview.mode() == PreviewPane.Mode.TEXT
                        && preview.text().startsWith("int hello")));

    reveal(in, "src", "build.sh");
    await(
        "the script shows as highlighted text",
        () ->
            call(() -> preview.mode() == PreviewPane.Mode.TEXT && preview.text().contains("GATE")));
    assertThat(call(preview::statusText)).contains("shell");
    assertThat(call(() -> inputs.scratchToggle().isDisable())).isFalse();
    screenshot("inputs-browser.png", true);

    // The scratch directories of the running sandbox, on disk.
    robot.clickOn("#inputs-show-scratch");
    await(
        "the scratch roots are listed",
        () -> call(() -> in.sourceText().startsWith("Scratch directories")));
    assertThat(names(in, TreePath.root())).containsExactly("build", "nix/store");
    robot.clickOn("#inputs-show-inputs");

    Files.createFile(gate.resolve("go"));
    await(
        "the build succeeds",
        () -> call(() -> row.statusProperty().get()) == BuildStatus.SUCCEEDED);
    await(
        "the ended build's inputs come from the store, the mount toggle says why",
        () ->
            call(
                () ->
                    inputs.viaMountToggle().isDisable()
                        && in.sourceText().contains("from the store")));

    // Once ended, the tree carries the build's access trace: it ran build.sh and copied hello.c;
    // data.bin, which only this test read through the live mount, counts as not read.
    await(
        "the access marks arrive",
        () -> call(() -> in.markAt(TreePath.of("src", "build.sh"))) == PathMarks.Mark.READ);
    assertThat(call(() -> in.markAt(TreePath.of("src", "hello.c")))).isEqualTo(PathMarks.Mark.READ);
    assertThat(call(() -> in.markAt(TreePath.of("src", "data.bin"))))
        .isEqualTo(PathMarks.Mark.NOT_READ);

    OutputsPane outs = call(() -> window.outputsPane());
    FxToolkit.setupFixture(() -> window.tabs().getSelectionModel().select(tabNamed("Outputs")));
    await("the output is listed", () -> call(() -> outs.outputLines() == 1));
    TreeBrowser ob = outs.browser();
    assertThat(names(ob, TreePath.of(OUT.substring(1))))
        .containsExactly("build.sh", "data.bin", "hello.c", "lib");
    reveal(ob, OUT.substring(1), "lib", "include", "hello.h");
    reveal(ob, OUT.substring(1), "hello.c");
    PreviewPane op = call(ob::preview);
    await(
        "the output file shows as text",
        () -> call(() -> op.mode() == PreviewPane.Mode.TEXT && op.text().startsWith("#include")));
    assertThat(call(() -> ob.sandboxPath(TreePath.of(OUT.substring(1), "hello.c"))))
        .isEqualTo(OUT + "/hello.c");
    screenshot("outputs-browser.png", true);
    // The dark theme, for a look (kept under target/ only).
    call(
        () -> {
          stage.getScene().getRoot().getStyleClass().removeAll("theme-light");
          stage.getScene().getRoot().getStyleClass().add("theme-dark");
          return null;
        });
    screenshot("outputs-browser-dark.png", false);
    FxToolkit.setupFixture(() -> window.tabs().getSelectionModel().select(tabNamed("Inputs")));
    reveal(in, "src", "hello.c");
    await(
        "the C file shows as text",
        () ->
            call(
                () ->
                    preview.mode() == PreviewPane.Mode.TEXT
                        && preview.text().startsWith("#include")));
    screenshot("inputs-browser-dark.png", false);
    call(
        () -> {
          stage.getScene().getRoot().getStyleClass().removeAll("theme-dark");
          stage.getScene().getRoot().getStyleClass().add("theme-light");
          return null;
        });
  }

  private static javafx.scene.control.Tab tabNamed(String name) {
    return window.tabs().getTabs().stream()
        .filter(t -> t.getText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void reveal(TreeBrowser b, String... path) throws Exception {
    call(() -> b.reveal(TreePath.of(path))).get(30, TimeUnit.SECONDS);
  }

  /** The names under {@code dir}, after revealing and expanding it. */
  private static List<String> names(TreeBrowser b, TreePath dir) throws Exception {
    if (!dir.isRoot()) {
      call(() -> b.reveal(dir)).get(30, TimeUnit.SECONDS);
    }
    await(
        "the folder is listed",
        () ->
            call(
                () -> {
                  var item =
                      dir.isRoot()
                          ? b.table().getRoot()
                          : b.table().getSelectionModel().getSelectedItem();
                  item.setExpanded(true);
                  return !item.getChildren().isEmpty()
                      && item.getChildren().get(0).getValue().entry != null;
                }));
    return call(
        () -> {
          var item =
              dir.isRoot() ? b.table().getRoot() : b.table().getSelectionModel().getSelectedItem();
          return item.getChildren().stream().map(c -> c.getValue().entry.name()).toList();
        });
  }

  private BuildRow runAndSelectNewBuild() throws Exception {
    Set<String> known =
        call(
            () -> window.buildList().rows().stream().map(BuildRow::id).collect(Collectors.toSet()));
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

  private static <T> T call(Callable<T> c) throws Exception {
    return org.testfx.util.WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
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

  /**
   * Into target/screenshots always, and into assets/screenshots when -Dglassbox.screenshots is set.
   */
  private static void screenshot(String name, boolean asset) throws Exception {
    Thread.sleep(300); // let the last layout pass and highlighting land
    WritableImage shot = call(() -> stage.getScene().snapshot(null));
    dev.glassbox.ui.Screenshots.write(shot, name, asset);
  }
}
