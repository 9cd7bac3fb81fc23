package dev.glassbox.ui.browse;

import dev.glassbox.browse.BuildTrees;
import dev.glassbox.browse.PathMarks;
import dev.glassbox.browse.TreePath;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.service.BuildService;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The Inputs tab: the selected build's inputs as the build saw them at its inputs dir, read through
 * the live FUSE mount while one is up (what the build sees this very moment) or from the store; and
 * the sandbox's scratch directories while it runs or when it was kept.
 */
public final class InputsPane extends StackPane {
  private final Optional<BuildService> service;
  private final TreeBrowser browser;
  private final ToggleGroup what = new ToggleGroup();
  private final ToggleButton inputs = new ToggleButton("Inputs");
  private final ToggleButton scratch = new ToggleButton("Scratch");
  private final ToggleGroup via = new ToggleGroup();
  private final ToggleButton viaMount = new ToggleButton("via mount");
  private final ToggleButton viaStore = new ToggleButton("via store");
  private final Tooltip mountTip = new Tooltip();
  private final Tooltip scratchTip = new Tooltip();
  private Function<String, PathMarks> marksFor = id -> PathMarks.NONE;

  private BuildTrees trees;
  private PathMarks marks = PathMarks.NONE;
  private String shownKey = "";
  private boolean userPrefersStore;
  private long request;
  private boolean updating;

  public InputsPane(Optional<BuildService> service, FileManager fileManager) {
    this.service = Objects.requireNonNull(service, "service");
    this.browser = new TreeBrowser("inputs", fileManager);
    getChildren().add(browser);
    inputs.setToggleGroup(what);
    scratch.setToggleGroup(what);
    inputs.setId("inputs-show-inputs");
    scratch.setId("inputs-show-scratch");
    inputs.setSelected(true);
    viaMount.setToggleGroup(via);
    viaStore.setToggleGroup(via);
    viaMount.setId("inputs-via-mount");
    viaStore.setId("inputs-via-store");
    viaStore.setSelected(true);
    viaMount.setTooltip(mountTip);
    viaStore.setTooltip(new Tooltip("Read the inputs from the content-addressed store"));
    scratch.setTooltip(scratchTip);
    // Disabled toggles show no tooltip; wrappers keep the reason readable.
    StackPane mountWrap = new StackPane(viaMount);
    Tooltip.install(mountWrap, mountTip);
    StackPane scratchWrap = new StackPane(scratch);
    Tooltip.install(scratchWrap, scratchTip);
    HBox whatBox = new HBox(0, inputs, scratchWrap);
    HBox viaBox = new HBox(0, mountWrap, viaStore);
    whatBox.getStyleClass().add("browse-toggle");
    viaBox.getStyleClass().add("browse-toggle");
    browser.extras().getChildren().addAll(whatBox, viaBox);
    keepOneSelected(what);
    keepOneSelected(via);
    what.selectedToggleProperty().addListener((o, a, b) -> choiceChanged());
    via.selectedToggleProperty()
        .addListener(
            (o, a, b) -> {
              if (!updating && b != null) {
                userPrefersStore = b == viaStore;
              }
              choiceChanged();
            });
    clear();
  }

  /** A segmented toggle never ends up with nothing selected. */
  private static void keepOneSelected(ToggleGroup g) {
    g.selectedToggleProperty()
        .addListener(
            (o, was, now) -> {
              if (now == null && was != null) {
                g.selectToggle(was);
              }
            });
  }

  /**
   * Where marks come from: the build id to its per-path marks (for example what the access tracing
   * recorded). Called on a background thread each time a build is shown.
   */
  public void setMarks(Function<String, PathMarks> forBuild) {
    this.marksFor = Objects.requireNonNull(forBuild, "forBuild");
  }

  /** No build selected. */
  public void clear() {
    request++;
    trees = null;
    shownKey = "";
    browser.clear("Select a build on the left to browse its inputs.");
    viaMount.setDisable(true);
    scratch.setDisable(true);
  }

  /**
   * Shows {@code r}'s inputs; call again whenever its record changes (a build starting, mounting or
   * ending): the tree stays where it is unless what can be shown changed.
   */
  public void show(BuildRecord r) {
    if (r == null) {
      clear();
      return;
    }
    if (service.isEmpty()) {
      browser.clear("Builds are unavailable, so there are no inputs to show.");
      return;
    }
    long req = ++request;
    BuildService s = service.get();
    CompletableFuture.supplyAsync(
            () -> {
              BuildTrees t = BuildTrees.of(r, s.store(), s.mountedInputs(r.id()));
              PathMarks m;
              try {
                m = marksFor.apply(r.id());
              } catch (RuntimeException e) {
                m = PathMarks.NONE; // marks are a decoration: never keep the tree from showing
              }
              return new Object[] {t, m};
            },
            BrowseTasks.LISTINGS)
        .whenComplete(
            (v, ex) ->
                Platform.runLater(
                    () -> {
                      if (req != request) {
                        return;
                      }
                      if (ex != null) {
                        browser.clear("Cannot show the inputs: " + ex.getMessage());
                        return;
                      }
                      apply((BuildTrees) v[0], (PathMarks) v[1]);
                    }));
  }

  private void apply(BuildTrees t, PathMarks m) {
    boolean newBuild = trees == null || !trees.record().id().equals(t.record().id());
    trees = t;
    marks = m;
    if (newBuild) {
      userPrefersStore = false;
    }
    updating = true;
    try {
      viaMount.setDisable(t.inputsFromMount().isEmpty());
      mountTip.setText(
          t.inputsFromMount().isPresent()
              ? "Read the inputs through "
                  + t.inputsFromMount().get().describe()
                  + ", exactly as the build sees them"
              : "Not available: " + t.noMountReason());
      scratch.setDisable(t.scratch().isEmpty());
      scratchTip.setText(
          t.scratch().isPresent()
              ? "The sandbox's writable scratch directories, on disk"
              : "Not available: " + t.noScratchReason());
      if (t.inputsFromMount().isPresent() && !userPrefersStore) {
        via.selectToggle(viaMount);
      } else {
        via.selectToggle(viaStore);
      }
      if (scratch.isSelected() && t.scratch().isEmpty()) {
        what.selectToggle(inputs);
      }
    } finally {
      updating = false;
    }
    choiceChanged();
  }

  /** Re-shows the tree if the source to show is another one than the one shown. */
  private void choiceChanged() {
    if (updating || trees == null) {
      return;
    }
    BuildTrees t = trees;
    viaMount.setVisible(inputs.isSelected());
    viaStore.setVisible(inputs.isSelected());
    String id = t.record().id();
    if (!t.problem().isEmpty()) {
      shownKey = id + ":problem";
      browser.clear(t.problem());
      return;
    }
    Optional<TreePath> keep = browser.selectedPath();
    if (scratch.isSelected() && t.scratch().isPresent()) {
      String key = id + ":scratch";
      if (!key.equals(shownKey)) {
        shownKey = key;
        browser.setSource(
            t.scratch().get(),
            "/",
            "Scratch directories of build "
                + shortId(id)
                + ", read from "
                + t.scratch().get().describe(),
            PathMarks.NONE,
            Optional.empty());
      }
      return;
    }
    boolean mount = viaMount.isSelected() && t.inputsFromMount().isPresent();
    String key = id + (mount ? ":mount:" + t.inputsFromMount().get().describe() : ":store");
    if (key.equals(shownKey)) {
      return;
    }
    boolean sameBuild = shownKey.startsWith(id + ":") && !shownKey.endsWith(":scratch");
    shownKey = key;
    if (t.inputsFromStore().roots().isEmpty()) {
      browser.clear("This build has no inputs.");
      return;
    }
    String where = t.inputsPrefix();
    browser.setSource(
        mount ? t.inputsFromMount().get() : t.inputsFromStore(),
        where,
        "Inputs of build "
            + shortId(id)
            + " at "
            + where
            + ", read "
            + (mount
                ? "through " + t.inputsFromMount().get().describe() + " (as the build sees them)"
                : "from the store"
                    + (t.noMountReason().isEmpty() ? "" : " — " + t.noMountReason())),
        marks,
        sameBuild ? keep : Optional.empty());
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  // For tests.
  public TreeBrowser browser() {
    return browser;
  }

  ToggleButton viaMountToggle() {
    return viaMount;
  }

  ToggleButton viaStoreToggle() {
    return viaStore;
  }

  ToggleButton scratchToggle() {
    return scratch;
  }

  Toggle selectedVia() {
    return via.getSelectedToggle();
  }
}
