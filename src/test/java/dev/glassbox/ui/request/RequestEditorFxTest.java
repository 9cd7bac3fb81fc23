package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestTestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The editor as a user drives it, headless: typing, the JSON tab, imports, files, copying. */
@ExtendWith({HeadlessFx.class, ApplicationExtension.class})
class RequestEditorFxTest {
  static {
    HeadlessFx.configure();
  }

  @TempDir Path tmp;
  private final TestServices services = new TestServices();
  private RequestEditor editor;

  @Start
  void start(Stage stage) {
    editor = new RequestEditor(services);
    stage.setScene(new Scene(editor, 1000, 800));
    stage.show();
  }

  @AfterEach
  void close() {
    services.close();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  private static void waitUntil(String what, Supplier<Boolean> condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      if (fx(condition::get)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  private void waitForValid() throws Exception {
    waitForValid(editor);
  }

  private static void waitForValid(RequestEditor e) throws Exception {
    try {
      waitUntil("the request is checked and valid", () -> e.settled() && e.validRequestProperty().get().isPresent());
    } catch (AssertionError err) {
      throw new AssertionError(err.getMessage() + "; settled " + fx(e::settled) + ", reason: "
          + fx(() -> e.invalidReasonProperty().get()) + ", form: " + fx(e::form), err);
    }
  }

  private void waitForInvalid() throws Exception {
    waitUntil("the request is checked and invalid", () -> editor.settled() && editor.validRequestProperty().get().isEmpty());
  }

  /** Clicks a quick fix in the summary under the form, which is always in view. */
  private void clickFix(FxRobot robot, String label) {
    Hyperlink link = robot.from(editor.lookup("#issues-list")).lookup((Hyperlink h) -> label.equals(h.getText())).query();
    robot.clickOn(link);
  }

  /** Scrolls the form to the node a query finds, as a user would before clicking it. */
  private void scrollTo(FxRobot robot, String query) {
    robot.interact(() -> editor.formView().reveal(editor.lookup(query)));
  }

  /** The message lines under a field (the slot right after it in its row). */
  private static List<String> messagesUnder(javafx.scene.Node field) {
    javafx.scene.Node n = field;
    while (n != null) {
      if (n.getParent() instanceof VBox box) {
        for (javafx.scene.Node child : box.getChildren()) {
          if (child instanceof MessageSlot slot && slot.isVisible()) {
            return slot.getChildren().stream()
                .map(line -> ((javafx.scene.layout.HBox) line).getChildren().stream()
                    .filter(c -> c instanceof Label && !(c instanceof Hyperlink))
                    .map(c -> ((Label) c).getText()).findFirst().orElse(""))
                .toList();
          }
        }
      }
      n = n.getParent();
      if (n instanceof RequestEditor) {
        break;
      }
    }
    return List.of();
  }

  private Path copyOfHello() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("requests"));
    Files.copy(FormJsonTest.EXAMPLES.resolve("hello.json"), dir.resolve("hello.json"));
    Path src = Files.createDirectories(dir.resolve("hello-src"));
    Files.copy(FormJsonTest.EXAMPLES.resolve("hello-src/build.sh"), src.resolve("build.sh"));
    return dir.resolve("hello.json");
  }

  // --- tests --------------------------------------------------------------------------------------

  @Test
  void typingAViolationShowsItAtTheFieldAndInTheSummaryAndBlocksRunUntilFixed(FxRobot robot) throws Exception {
    waitForValid();
    TextField workingDir = fx(() -> editor.formView().workingDir);
    robot.clickOn(workingDir);
    robot.push(KeyCode.END);
    robot.push(KeyCode.HOME);
    robot.write("/");
    assertThat(fx(() -> workingDir.getText())).isEqualTo("/build");

    waitForInvalid();
    assertThat(fx(() -> messagesUnder(workingDir)))
        .containsExactly("The working directory '/build' is not a clean relative path: no leading or trailing '/', no '//', '.' or '..'; drop the leading '/'");
    assertThat(fx(() -> workingDir.getPseudoClassStates().contains(IssueRouter.ERROR))).isTrue();
    assertThat(fx(() -> editor.issuesPanel().shown())).extracting(Issue::field).containsExactly("workingDir");
    assertThat(fx(() -> editor.issuesPanel().headline())).startsWith("1 problem");
    assertThat(fx(() -> editor.invalidReasonProperty().get())).startsWith("Cannot run: workingDir: the working directory '/build'");

    clickFix(robot, "Drop the leading '/'");
    waitForValid();
    assertThat(fx(() -> workingDir.getText())).isEqualTo("build");
    assertThat(fx(() -> messagesUnder(workingDir))).isEmpty();
    assertThat(fx(() -> workingDir.getPseudoClassStates().contains(IssueRouter.ERROR))).isFalse();
    assertThat(fx(() -> editor.invalidReasonProperty().get())).isEmpty();
    assertThat(fx(() -> editor.issuesPanel().headline())).isEqualTo("Ready to run");
  }

  @Test
  void editingTheJsonUpdatesTheFormAndEditingTheFormUpdatesTheJson(FxRobot robot) throws Exception {
    waitForValid();
    robot.clickOn("JSON");
    String json = fx(() -> editor.jsonView().text());
    assertThat(json).contains("\"workingDir\": \"build\"");
    robot.interact(() -> {
      int at = editor.jsonView().text().indexOf("\"build\",");
      editor.jsonView().area().replaceText(at + 1, at + 6, "work");
    });
    waitUntil("the form follows the JSON", () -> editor.formView().workingDir.getText().equals("work"));
    assertThat(fx(() -> editor.form().workingDir())).isEqualTo("work");
    // The user's text is kept as typed, not rewritten from the form.
    assertThat(fx(() -> editor.jsonView().text())).isEqualTo(json.replaceFirst("\"build\",", "\"work\","));

    robot.clickOn("Form");
    robot.interact(() -> editor.formView().inputsDir.setText("store"));
    robot.clickOn("JSON");
    assertThat(fx(() -> editor.jsonView().text())).contains("\"inputsDir\": \"store\"");
    assertThat(fx(() -> editor.json())).isEqualTo(FormJson.toJson(fx(() -> editor.form())));
  }

  @Test
  void invalidJsonIsUnderlinedWithItsMessageAndTheFormIsLeftAlone(FxRobot robot) throws Exception {
    waitForValid();
    RequestForm before = fx(() -> editor.form());
    robot.clickOn("JSON");
    robot.interact(() -> {
      int at = editor.jsonView().text().indexOf("\"workingDir\"");
      editor.jsonView().area().requestFocus();
      editor.jsonView().area().moveTo(at);
    });
    robot.write("oops ");
    int caret = fx(() -> editor.jsonView().area().getCaretPosition());
    waitUntil("the problem is found", () -> !editor.jsonView().problems().isEmpty());

    FormJson.JsonProblem p = fx(() -> editor.jsonView().problems().get(0));
    assertThat(p.message()).startsWith("Line ");
    String text = fx(() -> editor.jsonView().text());
    assertThat(text.substring(p.start())).startsWith("oops");
    Collection<String> style = fx(() -> editor.jsonView().area().getStyleAtPosition(p.start() + 1));
    assertThat(style).contains("underline-syntax");
    assertThat(fx(() -> ((Label) editor.lookup("#json-status")).getText())).startsWith(p.message());
    // Kept as typed, caret included, and the form shows the last valid request.
    assertThat(text).contains("oops \"workingDir\"");
    assertThat(fx(() -> editor.jsonView().area().getCaretPosition())).isEqualTo(caret);
    assertThat(fx(() -> editor.form())).isEqualTo(before);
    assertThat(fx(() -> editor.formView().jsonBrokenShown())).isTrue();
    assertThat(fx(() -> editor.validRequestProperty().get())).isEmpty();
    assertThat(fx(() -> editor.invalidReasonProperty().get())).startsWith("Cannot run: the JSON tab has an error (Line ");
    assertThat(fx(() -> editor.dirtyProperty().get())).isTrue();

    robot.interact(() -> editor.jsonView().area().replaceText(editor.jsonView().text().replace("oops ", "")));
    waitForValid();
    assertThat(fx(() -> editor.formView().jsonBrokenShown())).isFalse();
    assertThat(fx(() -> editor.form())).isEqualTo(before);
  }

  @Test
  void discardingBrokenJsonEditsBringsBackTheFormsJson(FxRobot robot) throws Exception {
    waitForValid();
    RequestForm before = fx(() -> editor.form());
    robot.clickOn("JSON");
    robot.interact(() -> editor.jsonView().area().replaceText("{\"workingDir\": "));
    waitUntil("the problem is found", () -> !editor.jsonView().problems().isEmpty());
    robot.clickOn("Form");
    assertThat(fx(() -> editor.formView().jsonBrokenShown())).isTrue();
    robot.clickOn("#discard-json");
    waitForValid();
    assertThat(fx(() -> editor.formView().jsonBrokenShown())).isFalse();
    assertThat(fx(() -> editor.json())).isEqualTo(FormJson.toJson(before));
    assertThat(fx(() -> editor.form())).isEqualTo(before);
    assertThat(fx(() -> editor.dirtyProperty().get())).isFalse();
  }

  @Test
  void wrongTypesInTheJsonAreUnderlinedAtTheValue(FxRobot robot) throws Exception {
    waitForValid();
    robot.clickOn("JSON");
    robot.interact(() -> editor.jsonView().area().replaceText(editor.jsonView().text().replace("\"workingDir\": \"build\"", "\"workingDir\": 42")));
    waitUntil("the problem is found", () -> !editor.jsonView().problems().isEmpty());
    FormJson.JsonProblem p = fx(() -> editor.jsonView().problems().get(0));
    assertThat(p.field()).isEqualTo("workingDir");
    assertThat(fx(() -> editor.jsonView().text().substring(p.start(), p.end()))).isEqualTo("42");
    assertThat(fx(() -> editor.jsonView().area().getStyleAtPosition(p.start() + 1))).contains("underline-syntax");
    assertThat(fx(() -> editor.formView().workingDir.getText())).isEqualTo("build");
  }

  @Test
  void violationsAreUnderlinedInTheJsonTooAndASortFixReordersTheList(FxRobot robot) throws Exception {
    waitForValid();
    robot.clickOn("JSON");
    robot.interact(() -> editor.jsonView().area().replaceText(
        editor.jsonView().text().replace("[\"build\", \"nix/store\"]", "[\"nix/store\", \"build\"]")));
    waitForInvalid();
    String text = fx(() -> editor.jsonView().text());
    int at = text.indexOf("\"build\"]");
    waitUntil("the violation is underlined", () -> editor.jsonView().area().getStyleAtPosition(at + 1).contains("underline-error"));
    assertThat(fx(() -> editor.issuesPanel().shown())).extracting(Issue::field).containsExactly("scratchPaths[1]");

    robot.clickOn("Form");
    clickFix(robot, "Sort");
    waitForValid();
    assertThat(fx(() -> editor.form().scratchPaths())).containsExactly("build", "nix/store");
    assertThat(fx(() -> editor.formView().scratchPaths.field(0).getText())).isEqualTo("build");
  }

  @Test
  void aHostFolderIsImportedWithProgressAndAppearsAsAnInput(FxRobot robot) throws Exception {
    waitForValid();
    Path folder = Files.createDirectories(tmp.resolve("my tools"));
    Files.writeString(folder.resolve("a.txt"), "alpha");
    Files.writeString(Files.createDirectories(folder.resolve("bin")).resolve("run"), "#!/bin/sh\necho run\n");
    CountDownLatch gate = new CountDownLatch(1);
    services.gate = gate;

    robot.interact(() -> editor.addHostPaths(List.of(folder)));
    assertThat(fx(() -> editor.form().inputs()))
        .containsExactly(new RequestForm.InputEntry("my tools", new RequestForm.HostInput(folder.toString())));
    waitUntil("progress is shown", () -> editor.formView().inputs.detailLabel(0).getText().startsWith("importing from the host… 2 files"));
    waitForInvalid();
    assertThat(fx(() -> editor.invalidReasonProperty().get())).isEqualTo("Waiting for 'my tools' to finish importing.");

    gate.countDown();
    waitForValid();
    Node expected;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      expected = new Ingester(new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore()), pool).ingest(folder);
    } finally {
      pool.shutdownNow();
    }
    BuildRequest r = fx(() -> editor.validRequestProperty().get().orElseThrow());
    assertThat(r.inputs()).containsExactly(new NamedNode(PathComponent.of("my tools"), expected));
    assertThat(services.store.isComplete(expected)).isTrue();
    assertThat(fx(() -> editor.formView().inputs.detailLabel(0).getText()))
        .startsWith("host folder, imported at ").endsWith(((DirectoryNode) expected).digest().toString());

    // The same folder again gets its own name and a fresh import.
    robot.interact(() -> editor.addHostPaths(List.of(folder)));
    assertThat(fx(() -> editor.form().inputNames())).containsExactly("my tools", "my tools-2");
    waitForValid();
    assertThat(services.imports.get()).isEqualTo(2);
  }

  @Test
  void aFailedImportIsReportedAtTheInput(FxRobot robot) throws Exception {
    waitForValid();
    Path missing = tmp.resolve("does-not-exist");
    robot.interact(() -> editor.addHostPaths(List.of(missing)));
    waitForInvalid();
    Issue issue = fx(() -> editor.issuesPanel().shown().get(0));
    assertThat(issue.field()).isEqualTo("inputs[0].path");
    assertThat(issue.message()).startsWith("could not import '" + missing + "'");
    assertThat(fx(() -> editor.formView().inputs.detailLabel(0).getText())).startsWith("import failed: ");
  }

  @Test
  void inputsComeFromTheStoreBySearch(FxRobot robot) throws Exception {
    waitForValid();
    Path f = Files.writeString(tmp.resolve("gcc"), "compiler");
    Node node;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      node = new Ingester(services.store, pool).ingest(f);
    } finally {
      pool.shutdownNow();
    }
    services.remember(new NamedNode(PathComponent.of("gcc-13"), node));
    services.remember(new NamedNode(PathComponent.of("bash-5.2"), node));

    robot.clickOn("#inputs-add-store");
    waitUntil("the recent nodes are listed", () -> editor.formView().inputs.pickerOpen()
        && ((javafx.scene.control.ListView<?>) editor.lookup("#inputs-store-list")).getItems().size() == 2);
    robot.write("gcc");
    waitUntil("the search narrows the list", () -> ((javafx.scene.control.ListView<?>) editor.lookup("#inputs-store-list")).getItems().size() == 1);
    robot.push(KeyCode.ENTER);
    assertThat(fx(() -> editor.form().inputs()))
        .containsExactly(new RequestForm.InputEntry("gcc-13", RequestForm.StoreInput.of(node)));
    waitForValid();
    assertThat(fx(() -> editor.validRequestProperty().get().orElseThrow().inputs().get(0).node())).isEqualTo(node);
    assertThat(fx(() -> editor.formView().inputs.pickerOpen())).isFalse();
  }

  @Test
  void bashWithoutTheSandboxShellIsAWarningThatDoesNotBlockRun(FxRobot robot) throws Exception {
    waitForValid();
    robot.interact(() -> {
      editor.formView().commandArgs.field(0).setText("/bin/bash");
      editor.formView().binSh.setSelected(false);
    });
    TextField program = fx(() -> editor.formView().commandArgs.field(0));
    waitUntil("the warning shows", () -> !messagesUnder(program).isEmpty());
    assertThat(fx(() -> messagesUnder(program)).get(0)).startsWith("'/bin/bash' is not in the sandbox");
    assertThat(fx(() -> program.getPseudoClassStates().contains(IssueRouter.WARNING))).isTrue();
    assertThat(fx(() -> editor.issuesPanel().shown())).extracting(Issue::severity).containsExactly(Issue.Severity.WARNING);
    assertThat(fx(() -> editor.validRequestProperty().get())).isPresent();
    assertThat(fx(() -> editor.invalidReasonProperty().get())).isEmpty();

    clickFix(robot, "Use /bin/sh");
    waitUntil("the warning goes", () -> messagesUnder(program).isEmpty());
    assertThat(fx(() -> program.getText())).isEqualTo("/bin/sh");
    assertThat(fx(() -> editor.formView().binSh.isSelected())).isTrue();
  }

  @Test
  void savingAndOpeningGiveBackTheSameRequest(FxRobot robot) throws Exception {
    Path file = copyOfHello();
    fx(() -> editor.load(file)).get(10, TimeUnit.SECONDS);
    waitForValid();
    assertThat(fx(() -> editor.titleProperty().get())).isEqualTo("hello.json");
    assertThat(fx(() -> editor.dirtyProperty().get())).isFalse();
    assertThat(fx(() -> editor.jsonView().text())).isEqualTo(Files.readString(file));

    robot.interact(() -> editor.formView().workingDir.setText("work"));
    assertThat(fx(() -> editor.dirtyProperty().get())).isTrue();
    fx(() -> editor.save()).get(10, TimeUnit.SECONDS);
    assertThat(fx(() -> editor.dirtyProperty().get())).isFalse();
    assertThat(Files.readString(file)).isEqualTo(fx(() -> editor.json())).contains("\"workingDir\": \"work\"");

    RequestEditor other = fx(() -> new RequestEditor(services));
    fx(() -> other.load(file)).get(10, TimeUnit.SECONDS);
    waitForValid(other);
    assertThat(fx(() -> other.form())).isEqualTo(fx(() -> editor.form()));
    assertThat(fx(() -> other.validRequestProperty().get())).isEqualTo(fx(() -> editor.validRequestProperty().get()));

    // Save as elsewhere: the relative host path is rewritten to still name the same folder.
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).resolve("copy.json");
    int importsBefore = services.imports.get();
    fx(() -> editor.saveAs(elsewhere)).get(10, TimeUnit.SECONDS);
    assertThat(fx(() -> editor.fileProperty().get())).isEqualTo(elsewhere);
    assertThat(fx(() -> editor.form().inputs().get(0).source()))
        .isEqualTo(new RequestForm.HostInput(file.getParent().resolve("hello-src").toString()));
    assertThat(Files.readString(elsewhere)).contains(file.getParent().resolve("hello-src").toString());
    waitForValid();
    assertThat(services.imports.get()).isEqualTo(importsBefore);
  }

  @Test
  void aFileThatIsNotValidJsonOpensInTheJsonTab(FxRobot robot) throws Exception {
    Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"workingDir\": \"build\",\n}\n");
    fx(() -> editor.load(broken)).get(10, TimeUnit.SECONDS);
    assertThat(fx(() -> editor.tabs().getSelectionModel().getSelectedIndex())).isEqualTo(1);
    assertThat(fx(() -> editor.jsonView().problems())).isNotEmpty();
    assertThat(fx(() -> editor.jsonView().text())).isEqualTo(Files.readString(broken));
    assertThat(fx(() -> editor.validRequestProperty().get())).isEmpty();
    assertThat(fx(() -> editor.dirtyProperty().get())).isFalse();

    fx(() -> editor.load(tmp.resolve("missing.json"))).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    assertThat(fx(() -> editor.noticeText())).startsWith("Could not open " + tmp.resolve("missing.json"));
  }

  @Test
  void copyAsCliCommandRunsTheSavedFileOrCarriesTheRequest(FxRobot robot) throws Exception {
    Path file = copyOfHello();
    services.storeDirectory = tmp.resolve("store");
    fx(() -> editor.load(file)).get(10, TimeUnit.SECONDS);
    waitForValid();
    assertThat(fx(() -> editor.cliCommand())).isEqualTo("glassbox build --store " + tmp.resolve("store") + " " + file);

    robot.clickOn("#editor-copy");
    robot.clickOn("Copy as CLI command");
    assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(fx(() -> editor.cliCommand()));
    assertThat(fx(() -> editor.noticeText())).isEqualTo("Copied the CLI command to the clipboard.");

    robot.interact(() -> editor.formView().workingDir.setText("elsewhere"));
    String cmd = fx(() -> editor.cliCommand());
    assertThat(cmd).startsWith("f=$(mktemp --suffix=.json) && cat > \"$f\" <<'GLASSBOX_REQUEST'\n")
        .contains("\"workingDir\": \"elsewhere\"")
        .contains("\"path\": \"" + file.getParent().resolve("hello-src") + "\"")
        .endsWith("glassbox build --store " + tmp.resolve("store") + " \"$f\"\n");

    robot.clickOn("#editor-copy");
    robot.clickOn("Copy as JSON");
    assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(fx(() -> editor.json()));
  }

  @Test
  void aFinishedBuildsRequestIsShownReadOnlyAndCanBeEditedAsACopy(FxRobot robot) throws Exception {
    waitForValid();
    BuildRequest r = fx(() -> editor.validRequestProperty().get().orElseThrow());
    RequestEditor[] copies = new RequestEditor[1];
    robot.interact(() -> {
      editor.setRequest(r, "Build 3f2a9c");
      editor.setReadOnly(true);
      editor.setOnEditCopy(copy -> copies[0] = copy);
    });
    waitForValid();
    assertThat(fx(() -> editor.titleProperty().get())).isEqualTo("Build 3f2a9c");
    assertThat(fx(() -> editor.formView().workingDir.isEditable())).isFalse();
    assertThat(fx(() -> editor.jsonView().area().isEditable())).isFalse();
    assertThat(fx(() -> editor.lookup("#commandArgs-add").isVisible())).isFalse();
    assertThat(fx(() -> editor.lookup("#editor-save").isVisible())).isFalse();
    assertThat(fx(() -> editor.formView().binSh.isDisabled())).isTrue();

    robot.clickOn("#editor-edit-copy");
    RequestEditor copy = copies[0];
    assertThat(copy).isNotNull();
    assertThat(fx(() -> copy.isReadOnly())).isFalse();
    assertThat(fx(() -> copy.titleProperty().get())).isEqualTo("Copy of Build 3f2a9c");
    waitForValid(copy);
    assertThat(fx(() -> copy.validRequestProperty().get())).isEqualTo(Optional.of(r));
  }

  @Test
  void theFormTabListsEveryFieldAndEditsReachTheRequest(FxRobot robot) throws Exception {
    waitForValid();
    robot.interact(() -> {
      editor.formView().minMemory.setText("1 MiB");
      editor.formView().network.setSelected(true);
    });
    scrollTo(robot, "#constraints-availableRoPaths-add");
    robot.clickOn("#constraints-availableRoPaths-add");
    robot.write("/dev/kvm");
    scrollTo(robot, "#environmentVars-add");
    robot.clickOn("#environmentVars-add");
    robot.write("TZ");
    robot.push(KeyCode.TAB);
    robot.write("UTC");
    scrollTo(robot, "#additionalFiles-add");
    robot.clickOn("#additionalFiles-add");
    robot.write("build/config.txt");
    robot.interact(() -> ((javafx.scene.control.TextArea) editor.lookup("#additionalFiles-0-contents")).setText("answer=42\n"));
    scrollTo(robot, "#refscanNeedles-add");
    robot.clickOn("#refscanNeedles-add");
    robot.write("fhaj6gmwns62s6ypkcldbaj2ybvkhx3p");
    waitForInvalid();
    // TZ sorts before "out": the validator says so at the row, and Sort fixes it.
    assertThat(fx(() -> editor.issuesPanel().shown())).extracting(Issue::field).containsExactly("environmentVars[1].key");
    clickFix(robot, "Sort");
    waitForValid();
    BuildRequest r = fx(() -> editor.validRequestProperty().get().orElseThrow());
    assertThat(r.constraints().orElseThrow().minMemory()).isEqualTo(1L << 20);
    assertThat(r.constraints().orElseThrow().availableRoPaths()).containsExactly("/dev/kvm");
    assertThat(r.networkAccess()).isTrue();
    assertThat(r.environmentVars()).extracting(e -> e.key()).containsExactly("TZ", "out");
    assertThat(r.additionalFiles().get(0).path()).isEqualTo("build/config.txt");
    assertThat(new String(r.additionalFiles().get(0).contents(), StandardCharsets.UTF_8)).isEqualTo("answer=42\n");
    assertThat(r.refscanNeedles()).containsExactly("fhaj6gmwns62s6ypkcldbaj2ybvkhx3p");
    assertThat(fx(() -> editor.formView().minMemoryHint.getText())).isEqualTo("= 1 MiB");
  }

  @Test
  void everyViolationOfTheEngineVectorsHasAPlaceInTheForm(FxRobot robot) throws Exception {
    waitForValid();
    robot.clickOn("JSON");
    int placed = 0;
    for (JsonNode v : Vectors.section("buildrequest_validation")) {
      String json = RequestTestData.toGlassboxJson(v.get("request")).toPrettyString();
      robot.interact(() -> editor.jsonView().area().replaceText(json));
      waitUntil("the vector is read and checked", () -> editor.settled() && editor.form().equals(FormJson.parse(json).form()));
      for (Issue issue : fx(() -> editor.issuesPanel().shown())) {
        if (issue.field().isEmpty()) {
          continue;
        }
        String field = issue.field();
        // At the field itself or at its element's row, never just at the section.
        String place = fx(() -> editor.router().resolve(field)).orElse("(nowhere)");
        assertThat(place.equals(field) || (place.endsWith("]") && field.startsWith(place + ".")))
            .as(v.get("description").asText() + ": " + issue + " is shown at " + place)
            .isTrue();
        placed++;
      }
    }
    assertThat(placed).isGreaterThan(24);
  }
}
