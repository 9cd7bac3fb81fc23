package dev.glassbox.ui.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.diff.DiffNode;
import dev.glassbox.castore.diff.DiffSummary;
import dev.glassbox.castore.diff.IgnoreGlobs;
import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.castore.diff.TreeDiffer;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.service.BuildComparison;
import dev.glassbox.service.BuildComparisons;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.ReproducibilityCheck;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Two builds side by side: the verdict, noise controls, the merged output tree with the selected
 * file's diff, and the request differences. Every comparison runs in the background and can be
 * cancelled; the FX thread only receives the finished models.
 */
public final class CompareView extends BorderPane {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Castore store;
  private final BuildComparisons comparisons;
  private final IgnoreMemory memory;
  private final DiffWork work = new DiffWork();
  private final DiffWork.Slot treeWork = work.slot();
  private final DiffWork.Slot detailWork = work.slot();
  private final DiffWork.Slot pageWork = work.slot();
  private final DiffWork.Slot expandWork = work.slot();

  private final Label title = new Label();
  private final Label verdict = new Label();
  private final Label stats = new Label();
  private final CheckBox onlyDifferences = new CheckBox("Only differences");
  private final TextField ignoreField = new TextField();
  private final Label ignoreError = new Label();
  private final ProgressIndicator spinner = new ProgressIndicator();
  private final Button cancel = new Button("Cancel");
  private final DiffTreeView tree;
  private final StackPane detail = new StackPane();
  private final TextDiffView textView = new TextDiffView();
  private final HexDiffView hexView;
  private final Label note = new Label();
  private final RequestDiffView requestView = new RequestDiffView();
  private final TabPane tabs = new TabPane();

  private BuildRecord left;
  private BuildRecord right;
  private Optional<ReproducibilityCheck> check = Optional.empty();
  private BuildComparison current;
  private TreeDiff currentDiff;
  /** Set when two stored nodes (not builds) are compared. */
  private Node[] nodes;
  private IgnoreGlobs globs = IgnoreGlobs.none();
  private Runnable cancelAction = () -> {};

  CompareView(Castore store, BuildComparisons comparisons, IgnoreMemory memory) {
    this.store = store;
    this.comparisons = comparisons;
    this.memory = memory;
    this.tree = new DiffTreeView(expandWork, this::failed);
    this.hexView = new HexDiffView(pageWork, this::failed);
    getStyleClass().add("compare-view");
    setId("compare-view");
    build();
  }

  private void build() {
    title.getStyleClass().add("compare-title");
    verdict.setId("diff-verdict");
    verdict.getStyleClass().add("verdict");
    verdict.setMaxWidth(Double.MAX_VALUE);
    verdict.setWrapText(true);
    stats.getStyleClass().add("dim");
    stats.setId("diff-stats");
    onlyDifferences.setId("only-differences");
    onlyDifferences.setSelected(true);
    onlyDifferences.setOnAction(e -> redraw());
    ignoreField.setId("ignore-globs");
    ignoreField.setPromptText("e.g. build-time.txt *.log share/doc/**");
    ignoreField.setPrefColumnCount(28);
    ignoreField.setTooltip(
        new Tooltip(
            "Paths to leave out, separated by spaces. Without '/' a glob matches names at any"
                + " depth; with '/' the path from the top. Remembered for this request."));
    ignoreField.setOnAction(e -> applyIgnore());
    Button apply = new Button("Apply");
    apply.setId("apply-ignore");
    apply.setOnAction(e -> applyIgnore());
    ignoreError.getStyleClass().add("field-error");
    spinner.setPrefSize(18, 18);
    spinner.setVisible(false);
    cancel.setId("cancel-compare");
    cancel.setVisible(false);
    cancel.setOnAction(e -> cancelAction.run());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    Label ignoreLabel = new Label("Ignore:");
    for (javafx.scene.control.Control c : List.of(onlyDifferences, ignoreLabel, apply, cancel)) {
      c.setMinWidth(Region.USE_PREF_SIZE);
    }
    ignoreError.setMinWidth(0);
    HBox controls =
        new HBox(8, onlyDifferences, ignoreLabel, ignoreField, apply, ignoreError, grow, spinner,
            cancel);
    controls.setAlignment(Pos.CENTER_LEFT);
    Region titleGrow = new Region();
    HBox.setHgrow(titleGrow, Priority.ALWAYS);
    title.setMinWidth(Region.USE_PREF_SIZE);
    stats.setMinWidth(0);
    HBox heading = new HBox(12, title, titleGrow, stats);
    heading.setAlignment(Pos.CENTER_LEFT);
    VBox top = new VBox(6, heading, verdict, controls);
    top.setPadding(new Insets(8));
    top.getStyleClass().add("compare-header");
    setTop(top);

    note.setId("diff-note");
    note.setWrapText(true);
    note.getStyleClass().add("diff-note");
    StackPane.setAlignment(note, Pos.TOP_LEFT);
    note.setPadding(new Insets(12));
    note.setText("Select a path to see how it differs.");
    detail.getChildren().setAll(note);
    tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> select(b));
    SplitPane split = new SplitPane(tree, detail);
    split.setOrientation(Orientation.HORIZONTAL);
    split.setDividerPositions(0.48);
    Tab outputs = new Tab("Outputs", split);
    outputs.setClosable(false);
    Tab requests = new Tab("Requests", requestView);
    requests.setClosable(false);
    requests.setId("requests-tab");
    tabs.getTabs().addAll(outputs, requests);
    setCenter(tabs);
  }

  /**
   * Compares two stored nodes (e.g. two digests or two outputs picked elsewhere); no request
   * differences, no remembered globs.
   */
  void compareNodes(String leftLabel, Node leftNode, String rightLabel, Node rightNode) {
    this.nodes = new Node[] {leftNode, rightNode};
    this.left = null;
    this.right = null;
    title.setText("Before: " + leftLabel + "    \u2192    After: " + rightLabel);
    tabs.getTabs().get(1).setDisable(true);
    run();
  }

  /** Compares two finished builds, with the globs remembered for the right one's request. */
  public void compare(BuildRecord left, BuildRecord right) {
    this.nodes = null;
    this.left = left;
    this.right = right;
    this.check = Optional.empty();
    List<String> remembered = memory.recall(right);
    ignoreField.setText(IgnoreMemory.format(remembered));
    globs = IgnoreGlobs.of(remembered);
    title.setText(describe("Before", left) + "    \u2192    " + describe("After", right));
    run();
  }

  /**
   * Waits (in the background) for a rebuild of {@code original} to end, then shows the comparison
   * with the verdict; Cancel cancels the rebuild.
   */
  void rebuilding(BuildRecord original, BuildHandle handle) {
    this.left = original;
    List<String> remembered = memory.recall(original);
    ignoreField.setText(IgnoreMemory.format(remembered));
    globs = IgnoreGlobs.of(remembered);
    IgnoreGlobs g = globs;
    title.setText(describe("Original", original) + "    \u2192    rebuild " + short12(handle.id()));
    banner("Rebuilding " + short12(original.id()) + " as " + short12(handle.id())
        + " to check whether it is reproducible\u2026", "verdict-pending");
    busy(true, () -> {
      handle.cancel();
      banner("Cancelling the rebuild\u2026", "verdict-pending");
    });
    treeWork.run(() -> comparisons.finish(original, handle, g), this::rebuilt, this::failed);
  }

  /** The rebuild ended: show its comparison (or why there is none) with the verdict. */
  void rebuilt(ReproducibilityCheck result) {
    busy(false, () -> {});
    this.check = Optional.of(result);
    this.left = result.original();
    this.right = result.rebuild();
    title.setText(describe("Original", left) + "    \u2192    " + describe("Rebuild", right));
    if (result.comparison().isEmpty()) {
      banner(capitalize(result.verdict()), "verdict-error");
      return;
    }
    show(result.comparison().get(), 0);
  }

  private void run() {
    BuildRecord l = left;
    BuildRecord r = right;
    IgnoreGlobs g = globs;
    Node[] n = nodes;
    banner("Comparing the outputs…", "verdict-pending");
    busy(true, () -> {
      treeWork.cancel();
      busy(false, () -> {});
      banner("Comparison cancelled. Apply the globs again to restart it.", "verdict-error");
    });
    treeWork.run(
        () -> {
          long t0 = System.nanoTime();
          Object c =
              n != null
                  ? new TreeDiffer(store, g).compare(n[0], n[1])
                  : comparisons.compare(l, r, g);
          return new Object[] {c, (System.nanoTime() - t0) / 1_000_000L};
        },
        res -> {
          busy(false, () -> {});
          if (res[0] instanceof TreeDiff d) {
            showDiff(d, List.of(), (Long) res[1]);
          } else {
            show((BuildComparison) res[0], (Long) res[1]);
          }
        },
        this::failed);
  }

  private void show(BuildComparison c, long millis) {
    current = c;
    showDiff(c.outputs(), c.request(), millis);
    requestView.show(c.left(), c.right(), c.request());
  }

  private void showDiff(TreeDiff d, List<dev.glassbox.request.RequestChange> request, long millis) {
    currentDiff = d;
    DiffSummary s = d.summary();
    if (check.isPresent() && check.get().comparison().isPresent()) {
      banner(capitalize(s.verdict()), s.identical() ? "verdict-ok" : "verdict-bad");
    } else {
      banner(
          s.identical()
              ? "Outputs identical"
              : s.differences() + (s.differences() == 1 ? " file differs: " : " files differ: ")
                  + s.describe(),
          s.identical() ? "verdict-ok" : "verdict-bad");
    }
    long t0 = System.nanoTime();
    redraw();
    long drawn = (System.nanoTime() - t0) / 1_000_000L;
    stats.setText(
        String.format(
            "%s%d folders read, tree built in %d ms%s",
            millis > 0 ? "compared in " + millis + " ms, " : "",
            s.directoriesRead(),
            drawn,
            nodes != null ? "" : request.isEmpty() ? ", same request"
                : ", " + request.size() + " request fields differ"));
  }

  private void redraw() {
    if (currentDiff == null) {
      return;
    }
    tree.show(currentDiff, new TreeDiffer(store, globs), onlyDifferences.isSelected());
    detail.getChildren().setAll(note);
    note.setText("Select a path to see how it differs.");
  }

  private void applyIgnore() {
    List<String> parsed = IgnoreMemory.parse(ignoreField.getText());
    IgnoreGlobs g;
    try {
      g = IgnoreGlobs.of(parsed);
    } catch (IllegalArgumentException e) {
      ignoreError.setText(e.getMessage());
      return;
    }
    ignoreError.setText("");
    globs = g;
    if (right != null) {
      memory.remember(right, parsed);
    }
    if ((left != null && right != null) || nodes != null) {
      run();
    }
  }

  private void select(TreeItem<DiffNode> item) {
    if (item == null || item.getValue() == null) {
      return;
    }
    DiffNode n = item.getValue();
    note.setText("Loading " + n.path() + "…");
    detail.getChildren().setAll(note);
    detailWork.run(
        () -> FileDetail.of(store, n),
        d -> {
          if (d instanceof FileDetail.Text t) {
            textView.show(t.rows(), t.caption());
            detail.getChildren().setAll(textView);
          } else if (d instanceof FileDetail.Hex h) {
            hexView.show(store, h.left(), h.right(), h.firstDifference(), h.page());
            detail.getChildren().setAll(hexView);
          } else if (d instanceof FileDetail.Note msg) {
            note.setText(msg.text());
            detail.getChildren().setAll(note);
          }
        },
        this::failed);
  }

  private void failed(Exception e) {
    busy(false, () -> {});
    banner("The comparison failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), "verdict-error");
  }

  private void busy(boolean on, Runnable onCancel) {
    spinner.setVisible(on);
    cancel.setVisible(on);
    cancelAction = onCancel;
  }

  private void banner(String text, String style) {
    verdict.setText(text);
    verdict.getStyleClass().removeAll("verdict-ok", "verdict-bad", "verdict-pending", "verdict-error");
    verdict.getStyleClass().add(style);
  }

  private static String describe(String role, BuildRecord r) {
    return role + ": " + short12(r.id()) + " (" + TIME.format(r.submittedAt()) + ")";
  }

  private static String short12(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Stops every background job; called when the window closes. */
  public void close() {
    work.close();
  }

  // ------------------------------------------------------------------ for tests and the launcher

  public DiffTreeViewAccess tree() {
    return new DiffTreeViewAccess();
  }

  public String verdictText() {
    return verdict.getText();
  }

  public Optional<BuildComparison> comparison() {
    return Optional.ofNullable(current);
  }

  /** The tree diff on display, for builds or nodes. */
  public Optional<TreeDiff> treeDiff() {
    return Optional.ofNullable(currentDiff);
  }

  TextDiffView textView() {
    return textView;
  }

  HexDiffView hexView() {
    return hexView;
  }

  RequestDiffView requestView() {
    return requestView;
  }

  TabPane tabs() {
    return tabs;
  }

  /** Read access to the merged tree for tests: rows by path, selection. */
  public final class DiffTreeViewAccess {
    public Optional<DiffNode> node(String path) {
      return tree.find(path).map(TreeItem::getValue);
    }

    /** Selects (and reveals) the row at {@code path}. */
    public boolean select(String path) {
      Optional<TreeItem<DiffNode>> it = tree.find(path);
      it.ifPresent(
          i -> {
            for (TreeItem<DiffNode> p = i.getParent(); p != null; p = p.getParent()) {
              p.setExpanded(true);
            }
            tree.getSelectionModel().select(i);
            tree.scrollTo(tree.getRow(i));
          });
      return it.isPresent();
    }

    /** Every visible row's path, in order. */
    public List<String> visiblePaths() {
      List<String> out = new java.util.ArrayList<>();
      for (int i = 0; i < tree.getExpandedItemCount(); i++) {
        TreeItem<DiffNode> it = tree.getTreeItem(i);
        if (it != null && it.getValue() != null) {
          out.add(it.getValue().path());
        }
      }
      return out;
    }

    public void onlyDifferences(boolean on) {
      onlyDifferences.setSelected(on);
      redraw();
    }
  }
}
