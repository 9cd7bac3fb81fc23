package dev.glassbox.ui.sandbox;

import dev.glassbox.castore.NamedNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.SandboxConfig;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.oci.AnatomyItem;
import dev.glassbox.sandbox.oci.AnatomyItem.Group;
import dev.glassbox.sandbox.oci.ConfigText;
import dev.glassbox.sandbox.oci.SandboxAnatomy;
import dev.glassbox.service.BuildService;
import dev.glassbox.ui.builds.StatusStyle;
import dev.glassbox.ui.fx.Fx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Sandbox tab of the selected build: an annotated map of its sandbox beside the raw {@code
 * config.json} it ran with (select one, the other follows), the timeline of its phases, "what
 * if…" experiments, and a guided tour. Works for finished builds whose bundle is gone: the
 * history keeps the config.json.
 */
public final class SandboxTab extends StackPane {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private final Optional<BuildService> service;
  private final Path storeDir;
  private final Label title = new Label();
  private final Label subtitle = new Label();
  private final Button tourButton = new Button("Guided tour");
  private final AnatomyMap map = new AnatomyMap();
  private final ConfigView config = new ConfigView();
  private final Label message = new Label();
  private final SplitPane mapAndJson = new SplitPane(map, config);
  private final StackPane upper = new StackPane();
  private final PhaseTimeline timeline = new PhaseTimeline();
  private final WhatIfPanel whatIf;
  private final TabPane lower = new TabPane();
  private final Tab timelineTab = new Tab("Timeline");
  private final Tab whatIfTab = new Tab("What if…");
  private final Tour tour = new Tour();
  private final SplitPane body = new SplitPane();

  private BuildRecord record;
  private SandboxAnatomy anatomy;
  /** What the loaded anatomy was made from: reload only when the build got further. */
  private String loadedFor;

  private int loadedPhases = -1;
  private long generation;

  public SandboxTab(Optional<BuildService> service, Path storeDir) {
    this.service = service;
    this.storeDir = storeDir;
    this.whatIf = new WhatIfPanel(service, storeDir);
    getStyleClass().add("sandbox-tab");
    setId("sandbox-tab");
    getStylesheets()
        .add(SandboxTab.class.getResource("/dev/glassbox/ui/sandbox/sandbox.css").toExternalForm());

    title.getStyleClass().add("sandbox-title");
    subtitle.getStyleClass().add("sandbox-sub");
    subtitle.setWrapText(true);
    VBox titles = new VBox(2, title, subtitle);
    HBox.setHgrow(titles, Priority.ALWAYS);
    tourButton.setId("tour-button");
    tourButton.setTooltip(new Tooltip("Step through this build's phases, one explanation each"));
    tourButton.setOnAction(e -> startTour());
    tourButton.setMinWidth(Region.USE_PREF_SIZE);
    HBox header = new HBox(10, titles, tourButton);
    header.getStyleClass().add("sandbox-header");

    mapAndJson.setDividerPositions(0.52);
    SplitPane.setResizableWithParent(map, true);
    config.setOnClick(this::selectAtOffset);
    map.setOnSelect(this::selectItem);
    message.getStyleClass().add("sandbox-message");
    message.setId("sandbox-message");
    message.setWrapText(true);
    upper.getChildren().add(mapAndJson);

    ScrollPane timelineScroll = new ScrollPane(timeline);
    timelineScroll.setFitToWidth(true);
    timelineTab.setContent(timelineScroll);
    timelineTab.setClosable(false);
    ScrollPane whatIfScroll = new ScrollPane(whatIf);
    whatIfScroll.setFitToWidth(true);
    whatIfTab.setContent(whatIfScroll);
    whatIfTab.setClosable(false);
    lower.getTabs().addAll(timelineTab, whatIfTab);
    lower.setId("sandbox-lower-tabs");
    // The comparison needs room; the timeline little.
    lower
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((o, was, now) -> body.setDividerPositions(now == whatIfTab ? 0.4 : 0.66));

    body.getItems().setAll(upper, lower);
    body.setOrientation(Orientation.VERTICAL);
    body.setDividerPositions(0.66);
    SplitPane.setResizableWithParent(lower, false);

    BorderPane content = new BorderPane(body);
    content.setTop(header);
    getChildren().addAll(content, tour);
    show(null);
  }

  /** Shows build {@code r} (null: nothing selected); cheap to call again for the same build. */
  public void show(BuildRecord r) {
    boolean sameBuild = record != null && r != null && record.id().equals(r.id());
    record = r;
    timeline.show(r);
    whatIf.show(r);
    if (r == null) {
      tour.stop();
      anatomy = null;
      loadedFor = null;
      title.setText("Sandbox");
      subtitle.setText("");
      tourButton.setDisable(true);
      showMessage("Select a build on the left to see the sandbox it ran in.");
      return;
    }
    title.setText(
        "Sandbox of " + r.id().substring(0, Math.min(12, r.id().length())) + "  "
            + StatusStyle.glyph(r.status()) + " " + StatusStyle.word(r.status()));
    tourButton.setDisable(false);
    if (sameBuild && anatomy != null) {
      return;
    }
    if (sameBuild && loadedPhases == r.phases().size() && r.id().equals(loadedFor)) {
      return;
    }
    if (!sameBuild) {
      tour.stop();
      anatomy = null;
      config.clear();
      map.clear();
      subtitle.setText("");
    }
    load(r);
  }

  /** Where the integrator plugs in the output diff view: (build A, build B). */
  public void setOpenOutputDiff(BiConsumer<String, String> hook) {
    whatIf.setOpenOutputDiff(hook);
  }

  /** Called with a build id when the user asks to see another build (the what-if variant). */
  public void setOnSelectBuild(Consumer<String> c) {
    whatIf.setOnOpenBuild(c);
  }

  private void load(BuildRecord r) {
    if (service.isEmpty()) {
      showMessage("Builds are unavailable, so there is no history to read the sandbox from.");
      return;
    }
    History history = service.get().history();
    long gen = ++generation;
    loadedFor = r.id();
    loadedPhases = r.phases().size();
    Fx.background(
        () -> {
          Optional<SandboxConfig> c = history.sandboxConfig(r.id());
          if (c.isEmpty()) {
            return Optional.<Loaded>empty();
          }
          List<NamedNode> inputs = List.of();
          if (r.requestJson().isPresent()) {
            inputs =
                new RequestReader(RequestValidator.hostIndependent())
                    .parse(r.requestJson().get(), storeDir, null)
                    .inputs();
          }
          SandboxAnatomy a =
              SandboxAnatomy.explain(c.get().configJson(), inputs, Optional.of(c.get().bundle()));
          return Optional.of(new Loaded(c.get(), a, Files.isDirectory(c.get().bundle())));
        },
        loaded -> {
          if (gen != generation) {
            return;
          }
          if (loaded.isEmpty()) {
            showMessage(noConfigReason(r));
            if (!r.status().isFinal()) {
              // A running build writes its bundle any moment; look again shortly.
              PauseTransition again = new PauseTransition(javafx.util.Duration.seconds(1));
              again.setOnFinished(
                  e -> {
                    if (gen == generation && record != null && record.id().equals(r.id())
                        && anatomy == null) {
                      load(record);
                    }
                  });
              again.play();
            }
            return;
          }
          anatomy = loaded.get().anatomy();
          SandboxConfig c = loaded.get().config();
          subtitle.setText(
              "From the config.json written "
                  + WHEN.format(c.writtenAt())
                  + (loaded.get().bundleExists() ? " · bundle still on disk" : " · bundle gone")
                  + r.runtimeMode().map(m -> " · " + m.label() + " mode").orElse(""));
          subtitle.setTooltip(new Tooltip("Bundle: " + c.bundle()));
          upper.getChildren().setAll(mapAndJson);
          map.show(anatomy);
          config.show(
              anatomy.text(),
              "config.json · " + anatomy.items().size() + " parts explained · click a value");
        },
        e -> {
          if (gen == generation) {
            showMessage("Cannot show this build's sandbox: " + e.getMessage());
          }
        });
  }

  private record Loaded(SandboxConfig config, SandboxAnatomy anatomy, boolean bundleExists) {}

  private static String noConfigReason(BuildRecord r) {
    if (!r.status().isFinal()) {
      return "This build has not written its sandbox yet; the map appears once its bundle is"
          + " written.";
    }
    if (r.phases().stream().noneMatch(p -> p.phase() == dev.glassbox.sandbox.Phase.WRITE_BUNDLE)) {
      return "This build ended before it had a sandbox ("
          + (r.message().isEmpty() ? StatusStyle.word(r.status()) : r.message())
          + "), so there is no config.json to explain.";
    }
    return "No config.json was recorded for this build (it ran with an older Glassbox). Rebuild"
        + " it to see its sandbox.";
  }

  private void showMessage(String text) {
    message.setText(text);
    upper.getChildren().setAll(message);
  }

  private void selectItem(AnatomyItem item) {
    config.highlight(item.pointer());
  }

  private void selectAtOffset(int offset) {
    if (anatomy == null) {
      return;
    }
    anatomy
        .itemAt(offset)
        .ifPresent(
            i -> {
              map.select(i);
              config.highlight(i.pointer());
            });
  }

  /** Selects the item with {@code pointer} in the map and highlights its JSON. */
  private void focus(String pointer) {
    if (anatomy == null) {
      return;
    }
    anatomy
        .item(pointer)
        .ifPresent(
            i -> {
              map.select(i);
              config.highlight(pointer);
            });
  }

  private void focusFirst(Group g) {
    if (anatomy == null) {
      return;
    }
    List<AnatomyItem> items = anatomy.group(g);
    if (!items.isEmpty()) {
      focus(items.get(0).pointer());
    } else {
      map.reveal(g);
    }
  }

  // ------------------------------------------------------------------ the tour

  /** Starts the guided tour of the selected build. */
  public void startTour() {
    if (record == null) {
      return;
    }
    tour.start(steps());
  }

  private List<Tour.Step> steps() {
    List<Tour.Step> s = new ArrayList<>();
    boolean hasMap = anatomy != null;
    Runnable showTimeline = () -> lower.getSelectionModel().select(timelineTab);
    s.add(
        new Tour.Step(
            "Queued",
            "A build first waits in the queue until a slot is free (Settings ▸ concurrency)."
                + " The timeline below shows every phase of this build as a bar: where it"
                + " started and how long it took.",
            showTimeline,
            () -> timeline.row("queued").or(() -> Optional.of(timeline))));
    s.add(
        new Tour.Step(
            "Validate and import",
            "Glassbox checks the request and imports host folders into the content-addressed"
                + " store. From then on every input is known only by its digest, so the same"
                + " digest always means the same bytes.",
            () -> {
              showTimeline.run();
              if (hasMap) {
                map.reveal(Group.INPUTS);
              }
            },
            () -> Optional.of(hasMap ? map : timeline)));
    if (hasMap) {
      s.add(
          new Tour.Step(
              "Write the bundle",
              "Next it writes a bundle for runc: this config.json, a nearly empty read-only root"
                  + " folder and one empty folder per scratch path. The config.json is the whole"
                  + " recipe of the sandbox; every line of it is explained on the left.",
              () -> focus("/root"),
              () -> Optional.of(config)));
      s.add(
          new Tour.Step(
              "Mount the inputs",
              "The inputs are mounted read-only over FUSE, served straight from the store: the"
                  + " build can read them but never change them.",
              () -> focusFirst(anatomy.group(Group.INPUTS).isEmpty() ? Group.SYSTEM : Group.INPUTS),
              () -> Optional.of(map)));
      s.add(
          new Tour.Step(
              "Start the container",
              "runc creates fresh namespaces (its own processes, mounts, network…), maps the user"
                  + " ids, drops capabilities and applies every mount listed here.",
              () -> focusFirst(Group.ISOLATION),
              () -> Optional.of(map)));
      s.add(
          new Tour.Step(
              "Run",
              "The command runs exactly as written, as the user shown, in its working directory,"
                  + " with exactly the request's environment. Its output streams into the Log"
                  + " tab.",
              () -> focus("/process/args"),
              () -> Optional.of(map)));
      s.add(
          new Tour.Step(
              "Ingest the outputs",
              "After a successful run every output is read from its scratch folder, hashed into"
                  + " the store and recorded by digest. Everything else the build wrote is"
                  + " thrown away.",
              () -> focusFirst(Group.SCRATCH),
              () -> Optional.of(map)));
    }
    s.add(
        new Tour.Step(
            "Clean up",
            "Finally the container is deleted, the inputs unmounted and the bundle removed."
                + " Only the history stays, with this config.json, which is why this tab still"
                + " works after the build is gone.",
            showTimeline,
            () -> timeline.row("clean up").or(() -> Optional.of(timeline))));
    s.add(
        new Tour.Step(
            "Now experiment",
            "What would change with the network on, or without /bin/sh? Pick one change here and"
                + " Glassbox runs the build again with just that difference, then compares the"
                + " two.",
            () -> lower.getSelectionModel().select(whatIfTab),
            () -> Optional.of((Node) whatIf)));
    return s;
  }

  // ------------------------------------------------------------------ for tests

  /** Every item in the map. */
  public List<AnatomyItem> mapItems() {
    return map.items();
  }

  /** The explained sandbox on show, if loaded. */
  public Optional<SandboxAnatomy> anatomy() {
    return Optional.ofNullable(anatomy);
  }

  /** The highlighted range of the config.json view. */
  public Optional<ConfigText.Range> highlightedJson() {
    return config.highlighted();
  }

  /** The style classes of the config.json view at {@code offset}. */
  public java.util.Collection<String> jsonStylesAt(int offset) {
    return config.stylesAt(offset);
  }

  /** The selected map item, if any. */
  public Optional<AnatomyItem> selectedItem() {
    var t = map.getSelectionModel().getSelectedItem();
    return t != null && t.getValue() instanceof AnatomyItem i ? Optional.of(i) : Optional.empty();
  }

  /** The comparison of the last what-if experiment of the shown build, once both ended. */
  public Optional<dev.glassbox.history.BuildComparison> whatIfResult() {
    return whatIf.result();
  }

  /** The shown tour step's title, empty when no tour runs. */
  public Optional<String> tourStep() {
    return tour.running() ? Optional.of(tour.currentTitle()) : Optional.empty();
  }

  /** Opens the What if… tab (for the tour and tests). */
  public void showWhatIf() {
    lower.getSelectionModel().select(whatIfTab);
  }

  /** The map's tree (for tests that click items). */
  public javafx.scene.control.TreeView<Object> mapView() {
    return map;
  }

  /** The config.json's text shown (for tests). */
  public String jsonText() {
    return config.textShown();
  }
}
