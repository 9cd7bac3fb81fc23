package dev.glassbox.ui.sandbox;

import dev.glassbox.history.BuildComparison;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.WhatIf;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.BuildService;
import dev.glassbox.ui.builds.StatusStyle;
import dev.glassbox.ui.fx.Fx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * "What if…": runs the selected build's request again with exactly one change (network, /bin/sh
 * or one more read-only host path) and, once both builds have ended, compares outcome, exit code,
 * duration, log and outputs.
 */
final class WhatIfPanel extends VBox {
  private final Optional<BuildService> service;
  private final Path storeDir;
  private final ToggleGroup choice = new ToggleGroup();
  private final RadioButton network = new RadioButton();
  private final RadioButton binSh = new RadioButton();
  private final RadioButton roPath = new RadioButton("add a read-only host path:");
  private final TextField path = new TextField();
  private final Button run = new Button("Run the experiment");
  private final Label status = new Label();
  private final ProgressIndicator spinner = new ProgressIndicator();
  private final GridPane grid = new GridPane();
  private final Button openVariant = new Button("Select the variant build");
  private final Button diffOutputs = new Button("Compare outputs…");
  private final HBox actions = new HBox(8, openVariant, diffOutputs);
  /** The last experiment per base build, so switching builds and back keeps it. */
  private final Map<String, Experiment> experiments = new HashMap<>();

  private BuildRecord base;
  private BuildRequest request;
  private Consumer<String> onOpenBuild = id -> {};
  private BiConsumer<String, String> openOutputDiff;

  /** One experiment: the variant's id and, once both ended, the comparison or an error. */
  private static final class Experiment {
    final String change;
    String variantId;
    BuildComparison result;
    String error;

    Experiment(String change) {
      this.change = change;
    }
  }

  WhatIfPanel(Optional<BuildService> service, Path storeDir) {
    this.service = service;
    this.storeDir = storeDir;
    getStyleClass().add("whatif");
    setId("what-if");
    network.setToggleGroup(choice);
    network.setId("whatif-network");
    binSh.setToggleGroup(choice);
    binSh.setId("whatif-binsh");
    roPath.setToggleGroup(choice);
    roPath.setId("whatif-ropath");
    path.setPromptText("/usr/share/zoneinfo");
    path.setId("whatif-path");
    path.setPrefColumnCount(22);
    path.textProperty().addListener((o, a, b) -> roPath.setSelected(true));
    network.setSelected(true);
    run.setId("whatif-run");
    run.setDefaultButton(false);
    run.setOnAction(e -> runExperiment());
    spinner.setPrefSize(16, 16);
    spinner.setVisible(false);
    status.setId("whatif-status");
    status.setWrapText(true);
    HBox.setHgrow(status, Priority.ALWAYS);
    Label intro =
        new Label(
            "Run this build's request again with exactly one change, then compare the two"
                + " builds.");
    intro.setWrapText(true);
    intro.getStyleClass().add("dim");
    HBox pathRow = new HBox(8, roPath, path);
    pathRow.setAlignment(Pos.CENTER_LEFT);
    VBox choices = new VBox(6, network, binSh, pathRow);
    HBox go = new HBox(10, run, spinner, status, actions);
    go.setAlignment(Pos.CENTER_LEFT);
    actions.setMinWidth(Region.USE_PREF_SIZE);
    grid.getStyleClass().add("whatif-grid");
    grid.setId("whatif-comparison");
    openVariant.setId("whatif-open-variant");
    diffOutputs.setId("whatif-diff-outputs");
    actions.setVisible(false);
    ColumnConstraints what = new ColumnConstraints();
    what.setMinWidth(110);
    what.setMaxWidth(220);
    ColumnConstraints side = new ColumnConstraints();
    side.setHgrow(Priority.SOMETIMES);
    side.setMinWidth(80);
    side.setPrefWidth(190);
    ColumnConstraints side2 = new ColumnConstraints();
    side2.setHgrow(Priority.SOMETIMES);
    side2.setMinWidth(80);
    side2.setPrefWidth(190);
    ColumnConstraints verdict = new ColumnConstraints();
    verdict.setMinWidth(Region.USE_PREF_SIZE);
    grid.getColumnConstraints().setAll(what, side, side2, verdict);
    getChildren().addAll(intro, choices, go, grid);
  }

  void setOnOpenBuild(Consumer<String> c) {
    onOpenBuild = c;
  }

  /** The integrator's hook to the output diff view; without it the button is not shown. */
  void setOpenOutputDiff(BiConsumer<String, String> hook) {
    openOutputDiff = hook;
    refresh();
  }

  void show(BuildRecord r) {
    boolean sameBuild = base != null && r != null && base.id().equals(r.id());
    base = r;
    if (!sameBuild) {
      request = null;
      if (r != null && r.requestJson().isPresent()) {
        String json = r.requestJson().get();
        Fx.background(
            () ->
                new RequestReader(RequestValidator.hostIndependent()).parse(json, storeDir, null),
            req -> {
              if (base != null && base.id().equals(r.id())) {
                request = req;
                refresh();
              }
            },
            e -> {});
      }
    }
    refresh();
  }

  private void refresh() {
    boolean can = service.isPresent() && request != null;
    network.setText(
        request == null || !request.networkAccess()
            ? "network on (the host's network and DNS)"
            : "network off (loopback only)");
    binSh.setText(
        request == null || request.provideBinSh()
            ? "without /bin/sh"
            : "with /bin/sh (a static busybox shell)");
    Experiment x = base == null ? null : experiments.get(base.id());
    boolean running = x != null && x.result == null && x.error == null;
    run.setDisable(!can || running);
    spinner.setVisible(running);
    grid.getChildren().clear();
    actions.setVisible(false);
    if (base == null) {
      status.setText("");
    } else if (service.isEmpty()) {
      status.setText("Builds are unavailable, so no experiment can run.");
    } else if (base.requestJson().isEmpty()) {
      status.setText("This build has no resolved request to vary (it failed before reading it).");
    } else if (x == null) {
      status.setText("");
    } else if (x.error != null) {
      status.setText(x.error);
      status.getStyleClass().setAll("label", "whatif-error");
    } else if (running) {
      status.getStyleClass().setAll("label");
      status.setText(
          "Running "
              + (x.variantId == null ? "the variant" : short8(x.variantId))
              + " ("
              + x.change
              + ") and waiting for both builds to end…");
    } else {
      status.getStyleClass().setAll("label");
      status.setText("What if " + x.change + "? Both builds have ended:");
      table(x);
    }
  }

  private void runExperiment() {
    if (service.isEmpty() || request == null || base == null) {
      return;
    }
    WhatIf change;
    Toggle chosen = Toggle.of(choice, network, binSh);
    switch (chosen) {
      case NETWORK -> change = new WhatIf.Network(!request.networkAccess());
      case BIN_SH -> change = new WhatIf.BinSh(!request.provideBinSh());
      default -> {
        String p = path.getText().strip();
        if (p.isEmpty()) {
          fail("Type the host path to add, e.g. /usr/share/zoneinfo.");
          return;
        }
        if (!Files.exists(Path.of(p))) {
          fail("'" + p + "' does not exist on this machine; pick a path that does.");
          return;
        }
        change = new WhatIf.ExtraReadOnlyPath(p);
        if (!change.changes(request)) {
          fail("The build already sees " + p + " read-only; pick another path.");
          return;
        }
      }
    }
    BuildRequest variant;
    try {
      variant = change.apply(request, HostFacts.thisSystem());
    } catch (InvalidBuildRequestException e) {
      fail(
          "That change makes the request invalid: "
              + e.violations().stream()
                  .map(v -> v.field() + ": " + v.message())
                  .collect(Collectors.joining("; ")));
      return;
    }
    String baseId = base.id();
    Experiment x = new Experiment(change.describe());
    experiments.put(baseId, x);
    refresh();
    BuildService s = service.get();
    CompletableFuture<BuildRecord> baseDone =
        s.handle(baseId)
            .map(BuildHandle::record)
            .orElseGet(() -> CompletableFuture.completedFuture(base));
    Fx.background(
        () -> s.submit(variant, new BuildOptions(KeepSandbox.NEVER, BuildOptions.DEFAULT_TIMEOUT)),
        handle -> {
          x.variantId = handle.id();
          refresh();
          baseDone
              .thenCombine(handle.record(), (a, b) -> b)
              .thenApplyAsync(
                  b -> {
                    try {
                      return BuildComparison.of(s.history(), baseId, b.id());
                    } catch (Exception e) {
                      throw new java.util.concurrent.CompletionException(e);
                    }
                  },
                  Fx.background())
              .whenComplete(
                  (cmp, err) ->
                      Fx.later(
                          () -> {
                            if (err != null) {
                              Throwable c = err.getCause() != null ? err.getCause() : err;
                              x.error = "The comparison failed: " + c.getMessage();
                            } else {
                              x.result = cmp;
                            }
                            refresh();
                          }));
        },
        e -> {
          x.error = "The variant could not be queued: " + e.getMessage();
          refresh();
        });
  }

  private void fail(String message) {
    status.setText(message);
    status.getStyleClass().setAll("label", "whatif-error");
  }

  private void table(Experiment x) {
    BuildComparison c = x.result;
    int row = 0;
    grid.addRow(
        row++,
        head(""),
        head("this build\n" + short8(c.a().id())),
        head(x.change + "\n" + short8(c.b().id())),
        head(""));
    row = compare(row, "outcome", outcome(c.a()), outcome(c.b()));
    row =
        compare(
            row,
            "exit code",
            c.a().exitCode().map(String::valueOf).orElse(c.a().signal().map(s -> "signal " + s)
                .orElse("—")),
            c.b().exitCode().map(String::valueOf).orElse(c.b().signal().map(s -> "signal " + s)
                .orElse("—")));
    String da = PhaseTimeline.human(BuildComparison.duration(c.a()).toMillis());
    String db = PhaseTimeline.human(BuildComparison.duration(c.b()).toMillis());
    grid.addRow(row++, name("duration"), value(da), value(db), verdict(true, "varies"));
    row =
        compare(
            row,
            "log lines",
            String.valueOf(c.log().linesA()),
            String.valueOf(c.log().linesB()));
    if (c.log().same()) {
      grid.addRow(row++, name("log"), value("identical"), value("identical"), verdict(true, null));
    } else {
      long at = c.log().firstDifference().getAsLong();
      grid.addRow(
          row++,
          name("first different line " + (at + 1)),
          value(c.log().lineA().orElse("(log ended)")),
          value(c.log().lineB().orElse("(log ended)")),
          verdict(false, null));
    }
    if (c.outputs().isEmpty()) {
      grid.addRow(row++, name("outputs"), value("none"), value("none"), verdict(true, null));
    }
    for (BuildComparison.OutputDiff o : c.outputs()) {
      grid.addRow(
          row++,
          name("output " + o.name()),
          value(o.a().map(WhatIfPanel::shortId).orElse("not produced")),
          value(o.b().map(WhatIfPanel::shortId).orElse("not produced")),
          verdict(o.same(), null));
    }
    actions.setVisible(true);
    openVariant.setOnAction(e -> onOpenBuild.accept(c.b().id()));
    diffOutputs.setVisible(openOutputDiff != null);
    diffOutputs.setManaged(openOutputDiff != null);
    diffOutputs.setOnAction(
        e -> {
          if (openOutputDiff != null) {
            openOutputDiff.accept(c.a().id(), c.b().id());
          }
        });
  }

  private int compare(int row, String what, String a, String b) {
    grid.addRow(row, name(what), value(a), value(b), verdict(a.equals(b), null));
    return row + 1;
  }

  private static String outcome(BuildRecord r) {
    return StatusStyle.glyph(r.status()) + " " + StatusStyle.word(r.status());
  }

  private static Label head(String s) {
    Label l = new Label(s);
    l.getStyleClass().add("whatif-head");
    return l;
  }

  private static Label name(String s) {
    Label l = new Label(s);
    l.getStyleClass().add("fact-name");
    // Output names carry a 32-character hash; the tooltip has it all.
    l.setMaxWidth(220);
    l.setTooltip(new javafx.scene.control.Tooltip(s));
    l.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
    return l;
  }

  private static Label value(String s) {
    Label l = new Label(s);
    l.getStyleClass().add("mono");
    l.setMaxWidth(Double.MAX_VALUE);
    l.setTooltip(new javafx.scene.control.Tooltip(s));
    return l;
  }

  private static Label verdict(boolean same, String note) {
    Label l = new Label(note != null ? note : same ? "same" : "different");
    l.getStyleClass().add(note != null ? "dim" : same ? "whatif-same" : "whatif-diff");
    return l;
  }

  private static String short8(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  private static String shortId(String identity) {
    return identity.length() > 22 ? identity.substring(0, 20) + "…" : identity;
  }

  /** Which change is chosen. */
  private enum Toggle {
    NETWORK,
    BIN_SH,
    RO_PATH;

    static Toggle of(ToggleGroup g, RadioButton network, RadioButton binSh) {
      if (g.getSelectedToggle() == network) {
        return NETWORK;
      }
      return g.getSelectedToggle() == binSh ? BIN_SH : RO_PATH;
    }
  }

  // For tests.
  Optional<BuildComparison> result() {
    return base == null
        ? Optional.empty()
        : Optional.ofNullable(experiments.get(base.id())).map(x -> x.result);
  }

  Optional<String> variantId() {
    return base == null
        ? Optional.empty()
        : Optional.ofNullable(experiments.get(base.id())).map(x -> x.variantId);
  }
}
