package dev.glassbox.ui.browse;

import dev.glassbox.browse.BuildTrees;
import dev.glassbox.browse.PathMarks;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.service.BuildService;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Outputs tab: each output of the selected build with its digest and size, and all of them
 * browsable in one tree, read from the store.
 */
public final class OutputsPane extends BorderPane {
  private final Optional<BuildService> service;
  private final TreeBrowser browser;
  private final VBox list = new VBox(2);
  private final ScrollPane listScroll = new ScrollPane(list);
  private String shownId = "";
  private volatile long request;

  public OutputsPane(Optional<BuildService> service, FileManager fileManager) {
    this.service = Objects.requireNonNull(service, "service");
    this.browser = new TreeBrowser("outputs", fileManager);
    list.getStyleClass().add("outputs-list");
    list.setId("outputs-list");
    listScroll.setFitToWidth(true);
    listScroll.setMaxHeight(130);
    listScroll.getStyleClass().add("outputs-list");
    setTop(listScroll);
    setCenter(browser);
    getStylesheets().add(OutputsPane.class.getResource("browse.css").toExternalForm());
    clear();
  }

  public void clear() {
    request++;
    shownId = "";
    list.getChildren().clear();
    listScroll.setVisible(false);
    listScroll.setManaged(false);
    browser.clear("Select a build on the left to browse its outputs.");
  }

  /** Shows {@code r}'s outputs; the tree is kept while the same finished build stays selected. */
  public void show(BuildRecord r) {
    if (r == null) {
      clear();
      return;
    }
    if (service.isEmpty()) {
      browser.clear("Builds are unavailable, so there are no outputs to show.");
      return;
    }
    String key = r.id() + ":" + r.status().label();
    if (key.equals(shownId)) {
      return;
    }
    long req = ++request;
    BuildService s = service.get();
    CompletableFuture.supplyAsync(
            () -> BuildTrees.of(r, s.store(), Optional.empty()), BrowseTasks.LISTINGS)
        .whenComplete(
            (t, ex) ->
                Platform.runLater(
                    () -> {
                      if (req != request) {
                        return;
                      }
                      if (ex != null) {
                        browser.clear("Cannot show the outputs: " + ex.getMessage());
                        return;
                      }
                      shownId = key;
                      apply(t);
                    }));
  }

  private void apply(BuildTrees t) {
    list.getChildren().clear();
    BuildRecord r = t.record();
    if (t.outputs().isEmpty()) {
      listScroll.setVisible(false);
      listScroll.setManaged(false);
      browser.clear(emptyReason(r, t));
      return;
    }
    for (BuildTrees.Output o : t.outputs()) {
      list.getChildren().add(line(t, o));
    }
    listScroll.setVisible(true);
    listScroll.setManaged(true);
    browser.setSource(
        t.outputsSource(),
        "",
        t.outputs().size()
            + (t.outputs().size() == 1 ? " output" : " outputs")
            + " of build "
            + (r.id().length() > 12 ? r.id().substring(0, 12) : r.id())
            + ", read from the store",
        PathMarks.NONE,
        Optional.empty());
  }

  private static String emptyReason(BuildRecord r, BuildTrees t) {
    if (r.status() == BuildStatus.QUEUED || r.status() == BuildStatus.RUNNING) {
      return "Outputs appear here when the build succeeds and they are ingested into the store.";
    }
    if (r.status() == BuildStatus.SUCCEEDED) {
      return "This build declared no outputs.";
    }
    return "This build did not succeed ("
        + r.status().label()
        + "), so no outputs were ingested."
        + (t.scratch().isPresent()
            ? " Its sandbox was kept: see its scratch directories in the Inputs tab."
            : "");
  }

  private HBox line(BuildTrees t, BuildTrees.Output o) {
    Label path = new Label(o.sandboxPath());
    path.getStyleClass().add("mono");
    path.setMinWidth(0);
    Label what =
        new Label(
            describe(o.node().node())
                + (o.needles().isEmpty() ? "" : " · references needles " + o.needles()));
    what.getStyleClass().addAll("mono", "dim");
    what.setMinWidth(0);
    if (o.node().node() instanceof DirectoryNode) {
      // The tvix size counts entries; people want bytes: add them up in the background.
      long req = request;
      String root = o.sandboxPath().substring(1);
      CompletableFuture.supplyAsync(
              () -> {
                try {
                  return t.outputsSource()
                      .totalBytes(dev.glassbox.browse.TreePath.of(root), () -> req != request);
                } catch (dev.glassbox.browse.BrowseException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              BrowseTasks.SIZES)
          .whenComplete(
              (bytes, ex) ->
                  Platform.runLater(
                      () -> {
                        if (ex == null && req == request) {
                          what.setText(Sizes.human(bytes) + " in files · " + what.getText());
                        }
                      }));
    }
    VBox text = new VBox(1, path, what);
    HBox.setHgrow(text, Priority.ALWAYS);
    Button reveal = new Button("Show");
    reveal.setTooltip(new Tooltip("Show this output in the tree"));
    reveal.setOnAction(
        e -> browser.reveal(dev.glassbox.browse.TreePath.of(o.sandboxPath().substring(1))));
    Button copy = new Button("Copy digest");
    digest(o.node().node())
        .ifPresentOrElse(
            d -> copy.setOnAction(e -> TreeBrowser.copy(d)), () -> copy.setDisable(true));
    reveal.setMinWidth(Region.USE_PREF_SIZE);
    copy.setMinWidth(Region.USE_PREF_SIZE);
    HBox line = new HBox(8, text, reveal, copy);
    line.setAlignment(Pos.CENTER_LEFT);
    line.getStyleClass().add("output-line");
    return line;
  }

  private static Optional<String> digest(Node n) {
    if (n instanceof FileNode f) {
      return Optional.of(f.digest().toString());
    }
    if (n instanceof DirectoryNode d) {
      return Optional.of(d.digest().toString());
    }
    return Optional.empty();
  }

  private static String describe(Node n) {
    if (n instanceof FileNode f) {
      return "file, "
          + Sizes.human(f.size())
          + (f.executable() ? ", executable" : "")
          + " · "
          + f.digest();
    }
    if (n instanceof DirectoryNode d) {
      return "directory, tvix size " + Long.toUnsignedString(d.size()) + " · " + d.digest();
    }
    return "symlink → " + ((SymlinkNode) n).target();
  }

  // For tests.
  public TreeBrowser browser() {
    return browser;
  }

  int outputLines() {
    return list.getChildren().size();
  }
}
