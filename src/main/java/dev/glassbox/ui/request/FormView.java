package dev.glassbox.ui.request;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import javafx.geometry.Bounds;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The form tab: every field of the request in sections (command, inputs, sandbox paths,
 * environment, constraints, additional files, reference scan), labels in one column, each field
 * with a hint and its own message line.
 */
final class FormView extends StackPane {
  private static final double LABEL_WIDTH = 150;

  private final FormContext ctx;
  private final String hostSystem;
  private final ScrollPane scroll;
  private final VBox content = new VBox(14);
  private final HBox brokenBanner;

  final StringListEditor commandArgs;
  final TextField workingDir;
  final TextField inputsDir;
  final InputsEditor inputs;
  final StringListEditor scratchPaths;
  final StringListEditor outputs;
  final EnvEditor env;
  final TextField system;
  final Hyperlink useHostSystem;
  final TextField minMemory;
  final Label minMemoryHint = new Label();
  final StringListEditor roPaths;
  final CheckBox network;
  final CheckBox binSh;
  final FilesEditor files;
  final StringListEditor needles;

  FormView(FormContext ctx, InputsEditor.Actions inputActions, String hostSystem, Runnable discardJson) {
    this.ctx = ctx;
    this.hostSystem = hostSystem;
    getStyleClass().add("form-view");

    commandArgs =
        new StringListEditor(
            ctx, "commandArgs", RequestForm::commandArgs, RequestForm::withCommandArgs,
            "argument", "Add argument", i -> i == 0 ? "program" : "arg " + i, true);
    workingDir = ctx.textField("build", true, v -> ctx.edit(f -> f.withWorkingDir(v)));
    workingDir.setId("workingDir");
    inputsDir = ctx.textField("nix/store", true, v -> ctx.edit(f -> f.withInputsDir(v)));
    inputsDir.setId("inputsDir");
    inputs = new InputsEditor(ctx, inputActions);
    scratchPaths =
        new StringListEditor(
            ctx, "scratchPaths", RequestForm::scratchPaths, RequestForm::withScratchPaths,
            "build", "Add scratch path", null, false);
    outputs =
        new StringListEditor(
            ctx, "outputs", RequestForm::outputs, RequestForm::withOutputs,
            "nix/store/…-name", "Add output", null, false);
    env = new EnvEditor(ctx);
    system = ctx.textField(hostSystem, true, v -> ctx.edit(f -> f.withConstraints(c -> c.withSystem(v))));
    system.setId("constraints-system");
    system.setPrefColumnCount(16);
    system.setMaxWidth(Region.USE_PREF_SIZE);
    useHostSystem = new Hyperlink("Use this machine's (" + hostSystem + ")");
    useHostSystem.setId("constraints-system-host");
    useHostSystem.getStyleClass().add("fix-link");
    useHostSystem.setOnAction(e -> ctx.edit(f -> f.withConstraints(c -> c.withSystem(hostSystem))));
    minMemory = ctx.textField("0", true, v -> ctx.edit(f -> f.withConstraints(c -> c.withMinMemory(v))));
    minMemory.setId("constraints-minMemory");
    minMemory.setPrefColumnCount(12);
    minMemory.setMaxWidth(Region.USE_PREF_SIZE);
    minMemoryHint.getStyleClass().add("hint");
    roPaths =
        new StringListEditor(
            ctx, "constraints.availableRoPaths",
            f -> f.constraints().availableRoPaths(),
            (f, v) -> f.withConstraints(c -> c.withAvailableRoPaths(v)),
            "/dev/kvm", "Add host path", null, false);
    network = new CheckBox("Network access — the host's network; otherwise only lo and no DNS");
    network.setId("constraints-networkAccess");
    network.disableProperty().bind(ctx.readOnly);
    network.selectedProperty().addListener((o, was, now) -> ctx.edit(f -> f.withConstraints(c -> c.withNetworkAccess(now))));
    binSh = new CheckBox("Provide /bin/sh — a static busybox shell at /bin/sh");
    binSh.setId("constraints-provideBinSh");
    binSh.disableProperty().bind(ctx.readOnly);
    binSh.selectedProperty().addListener((o, was, now) -> ctx.edit(f -> f.withConstraints(c -> c.withProvideBinSh(now))));
    files = new FilesEditor(ctx);
    needles =
        new StringListEditor(
            ctx, "refscanNeedles", RequestForm::refscanNeedles, RequestForm::withRefscanNeedles,
            "fhaj6gmwns62s6ypkcldbaj2ybvkhx3p", "Add needle", null, false);

    content.getStyleClass().add("form-content");
    content.setPadding(new Insets(16, 18, 20, 18));
    content.getChildren().addAll(
        section("Command", "What runs in the sandbox. There is no PATH: start with the program's full path.",
            row("Command line", "commandArgs", commandArgs, null, null),
            row("Working directory", "workingDir", workingDir, "Relative to / in the sandbox; created if it does not exist.", workingDir)),
        section("Inputs", "Read-only trees from the store, each at /<inputs directory>/<name>.",
            row("Inputs directory", "inputsDir", inputsDir, "Relative to /, e.g. nix/store.", inputsDir),
            row("Inputs", "inputs", inputs, null, null)),
        section("Scratch and outputs", "Writable folders, and what is collected from them after a successful run.",
            row("Scratch paths", "scratchPaths", scratchPaths, "Writable folders, relative to /, sorted.", null),
            row("Outputs", "outputs", outputs, "Each must lie inside a scratch path; sorted. A missing output fails the build.", null)),
        section("Environment", "Exactly these variables; Glassbox adds none (runc sets HOME=/ when it is not set).",
            row("Variables", "environmentVars", env, "Sorted by name, uppercase before lowercase.", null)),
        section("Constraints", "What the build needs from this machine and the sandbox.",
            row("System", "constraints.system", new HBox(8, system, useHostSystem), null, system),
            row("Minimum memory", "constraints.minMemory", new HBox(8, minMemory, minMemoryHint), null, minMemory),
            row("Read-only host paths", "constraints.availableRoPaths", roPaths, "Absolute host paths bound read-only at the same place; sorted.", null),
            row("Sandbox", "constraints.networkAccess", new VBox(6, network, binSh), null, network)),
        section("Additional files", "Written before the command starts, inside a scratch path.",
            row("Files", "additionalFiles", files, null, null)),
        section("Reference scan", "Strings searched for in the outputs; the result lists which were found.",
            row("Needles", "refscanNeedles", needles, "At least 2 bytes each, e.g. store path hashes.", null)));
    ((HBox) system.getParent()).setAlignment(Pos.CENTER_LEFT);
    ((HBox) minMemory.getParent()).setAlignment(Pos.CENTER_LEFT);

    scroll = new ScrollPane(content);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("form-scroll");

    Label bannerText =
        new Label("The JSON tab has an error, so the form shows the last valid request and cannot be edited.");
    bannerText.setWrapText(true);
    bannerText.setMinWidth(0);
    HBox.setHgrow(bannerText, Priority.ALWAYS);
    Hyperlink discard = new Hyperlink("Discard the JSON edits");
    discard.setId("discard-json");
    discard.getStyleClass().add("fix-link");
    discard.setOnAction(e -> discardJson.run());
    brokenBanner = new HBox(8, Icons.error(), bannerText, discard);
    brokenBanner.setAlignment(Pos.CENTER_LEFT);
    brokenBanner.getStyleClass().add("broken-banner");
    brokenBanner.setVisible(false);
    brokenBanner.setManaged(false);
    VBox stack = new VBox(brokenBanner, scroll);
    VBox.setVgrow(scroll, Priority.ALWAYS);
    getChildren().add(stack);
  }

  /** Shows {@code f} in every field; fields that already show their value are left alone. */
  void render(RequestForm f, Function<String, ImportState> importStatus) {
    commandArgs.render(f);
    FormContext.show(workingDir, f.workingDir());
    FormContext.show(inputsDir, f.inputsDir());
    inputs.render(f, importStatus);
    scratchPaths.render(f);
    outputs.render(f);
    env.render(f);
    FormContext.show(system, f.constraints().system());
    boolean foreign = !f.constraints().system().equals(hostSystem);
    useHostSystem.setVisible(foreign && !ctx.readOnly.get());
    useHostSystem.setManaged(useHostSystem.isVisible());
    FormContext.show(minMemory, f.constraints().minMemory());
    minMemoryHint.setText(memoryHint(f.constraints().minMemory()));
    roPaths.render(f);
    network.setSelected(f.constraints().networkAccess());
    binSh.setSelected(f.constraints().provideBinSh());
    files.render(f);
    needles.render(f);
  }

  void renderInputs(RequestForm f, Function<String, ImportState> importStatus) {
    inputs.render(f, importStatus);
  }

  static String memoryHint(String text) {
    if (text.isBlank()) {
      return "bytes, or a size such as 4 GiB; empty means no minimum";
    }
    OptionalLong bytes = MemorySize.parse(text);
    if (bytes.isEmpty()) {
      return "";
    }
    String exact = Long.toUnsignedString(bytes.getAsLong()) + " bytes";
    String readable = MemorySize.format(bytes.getAsLong());
    return readable.equals(exact) || readable.endsWith(" bytes") || readable.endsWith(" byte") ? "" : "= " + readable;
  }

  /** While the JSON tab cannot be read, the form shows the last valid request and takes no edits. */
  void setJsonBroken(boolean broken) {
    brokenBanner.setVisible(broken);
    brokenBanner.setManaged(broken);
    content.setDisable(broken);
  }

  boolean jsonBrokenShown() {
    return brokenBanner.isVisible();
  }

  /** Scrolls so that {@code node} is in view. */
  void reveal(Node node) {
    Bounds inContent = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
    double viewport = scroll.getViewportBounds().getHeight();
    double height = content.getBoundsInLocal().getHeight();
    if (height > viewport) {
      double target = Math.max(0, inContent.getMinY() - 40);
      scroll.setVvalue(Math.min(1, target / (height - viewport)));
    }
  }

  private VBox section(String title, String description, GridPane... rows) {
    Label t = new Label(title);
    t.getStyleClass().add("section-title");
    Label d = new Label(description);
    d.getStyleClass().add("section-description");
    d.setWrapText(true);
    VBox box = new VBox(4, t, d);
    VBox body = new VBox(10);
    body.getChildren().addAll(rows);
    body.setPadding(new Insets(8, 0, 0, 0));
    box.getChildren().add(body);
    box.getStyleClass().add("section");
    return box;
  }

  /**
   * A labelled row: the label in the first column, then the field, its hint and the message line
   * for issues at {@code path}; {@code marked} turns red or amber with them.
   */
  private GridPane row(String label, String path, Node field, String hint, Node marked) {
    GridPane g = new GridPane();
    g.setHgap(14);
    ColumnConstraints c0 = new ColumnConstraints(LABEL_WIDTH);
    c0.setHalignment(HPos.LEFT);
    ColumnConstraints c1 = new ColumnConstraints();
    c1.setHgrow(Priority.ALWAYS);
    c1.setFillWidth(true);
    g.getColumnConstraints().addAll(c0, c1);
    Label l = new Label(label);
    l.getStyleClass().add("field-label");
    l.setWrapText(true);
    GridPane.setValignment(l, VPos.TOP);
    VBox right = new VBox(4, field);
    if (hint != null) {
      Label h = new Label(hint);
      h.getStyleClass().add("hint");
      h.setWrapText(true);
      right.getChildren().add(h);
    }
    if (marked != null) {
      MessageSlot slot = new MessageSlot();
      right.getChildren().add(slot);
      ctx.router.register(path, slot, marked, marked);
      if (path.equals("constraints.networkAccess")) {
        ctx.router.register("constraints.provideBinSh", slot, binSh, binSh);
        ctx.router.register("constraints", slot, system);
      }
    }
    g.add(l, 0, 0);
    g.add(right, 1, 0);
    return g;
  }
}
