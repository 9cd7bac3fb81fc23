package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import dev.glassbox.ui.fx.FxThreads;
import dev.glassbox.ui.fx.PulseCoalescer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * Shows one build's log, live or from history: stdout and stderr in arrival order with stream
 * badges, ANSI colours, collapsed progress lines, long lines truncated with "show all", a follow
 * mode that pauses when the user scrolls up, a per-stream filter, timestamps, regex search that
 * highlights matches, jump to the first error, copy and save.
 *
 * <p>Give it a {@link LogDocument} with {@link #setDocument}; feed the document from any thread.
 * The view reads only the rows on screen and catches up with the document once per frame, so a
 * build printing as fast as it can does not stall the FX thread. Use it on the FX thread only, and
 * call {@link #dispose} when it is thrown away. Add the style class {@code dark} for the dark theme
 * ({@link #darkThemeProperty}).
 */
public final class LogView extends BorderPane {
  /** Characters of a line shown before "show all". */
  public static final int DEFAULT_TRUNCATE_AT = 2_000;

  private static final int CACHE_ROWS = 1024;
  private static final long HIGHLIGHT_BUDGET_NANOS = 20_000_000;
  private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
  private static final PseudoClass PAUSED = PseudoClass.getPseudoClass("paused");
  private static final KeyCombination COPY =
      new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination FIND =
      new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

  final DoubleProperty gutterWidth = new SimpleDoubleProperty(this, "gutterWidth", 40);

  private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
  private final BooleanProperty showTimestamps =
      new SimpleBooleanProperty(this, "showTimestamps", false);
  private final BooleanProperty showStdout = new SimpleBooleanProperty(this, "showStdout", true);
  private final BooleanProperty showStderr = new SimpleBooleanProperty(this, "showStderr", true);
  private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme", false);
  private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
  private final BooleanProperty regex = new SimpleBooleanProperty(this, "regex", false);
  private final BooleanProperty matchCase = new SimpleBooleanProperty(this, "matchCase", false);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper matchSummary =
      new ReadOnlyStringWrapper(this, "matchSummary", "");

  final RowsView rowsView;
  private LogDocument doc;
  private RowModel rows = new RowModel(null, true, true);
  private LogDocument.State state;
  private final PulseCoalescer pulse = new PulseCoalescer(this::sync);
  private final Runnable documentListener = pulse::signal;
  private final Map<Row, LineSlice> cache =
      new LinkedHashMap<>(CACHE_ROWS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Row, LineSlice> eldest) {
          return size() > CACHE_ROWS;
        }
      };
  private final LogFonts fonts = new LogFonts(LogFonts.defaultFamily(), 12);
  private AnsiPalette palette = AnsiPalette.LIGHT;
  private int truncateAt = DEFAULT_TRUNCATE_AT;
  private boolean userScrolled;
  private int changedLines;
  private long newWhilePaused;

  private final LogSearch search = new LogSearch();
  private long searchGeneration;
  private LogSearch.Result result;
  private Pattern highlight;
  private int current = -1;
  private boolean revealFirstMatch;
  private final PauseTransition searchDelay = new PauseTransition(Duration.millis(150));

  private ExecutorService io;
  private Function<Window, Path> saveTargetChooser = LogView::chooseSaveTarget;

  // Toolbar and status bar, package-private for tests.
  final ToggleButton followButton = new ToggleButton("Follow");
  final ToggleButton stdoutButton = new ToggleButton("stdout");
  final ToggleButton stderrButton = new ToggleButton("stderr");
  final ToggleButton timeButton = new ToggleButton("Time");
  final Button firstErrorButton = new Button("First error");
  final TextField searchField = new TextField();
  final ToggleButton regexButton = new ToggleButton(".*");
  final ToggleButton caseButton = new ToggleButton("Aa");
  final Label matchLabel = new Label();
  final Button previousButton = new Button("▲");
  final Button nextButton = new Button("▼");
  final Button copyButton = new Button("Copy");
  final Button saveButton = new Button("Save…");
  final Label countLabel = new Label();
  final Label statusLabel = new Label();

  public LogView() {
    getStyleClass().add("log-view");
    getStylesheets().add(LogView.class.getResource("log-view.css").toExternalForm());
    rowsView = new RowsView(Math.ceil(fonts.lineHeight) + 6, v -> new LogCell(this));
    rowsView.setItems(rows);
    Label placeholder = new Label("No output yet");
    placeholder.getStyleClass().add("placeholder");
    rowsView.setPlaceholder(placeholder);
    setTop(toolbar());
    setCenter(rowsView);
    setBottom(statusBar());
    wireScrolling();
    wireKeys();
    // Truncated rows keep their "show all" link at the visible right edge while scrolling sideways.
    rowsView
        .horizontalOffsetProperty()
        .addListener((o, a, b) -> rowsView.visibleCells().forEach(LogCell::relayoutLink));
    searchDelay.setOnFinished(e -> restartSearch());
    searchText.addListener((o, a, b) -> searchDelay.playFromStart());
    regex.addListener((o, a, b) -> restartSearch());
    matchCase.addListener((o, a, b) -> restartSearch());
    showStdout.addListener((o, a, b) -> filterChanged());
    showStderr.addListener((o, a, b) -> filterChanged());
    showTimestamps.addListener((o, a, b) -> rowsView.refresh());
    follow.addListener(
        (o, a, b) -> {
          if (b) {
            newWhilePaused = 0;
            scrollToEnd();
          }
          pseudoClassStateChanged(PAUSED, !b);
          updateCounts();
        });
    darkTheme.addListener(
        (o, a, b) -> {
          if (b) {
            getStyleClass().add("dark");
          } else {
            getStyleClass().remove("dark");
          }
          palette = b ? AnsiPalette.DARK : AnsiPalette.LIGHT;
          rowsView.refresh();
        });
    updateCounts();
  }

  private HBox toolbar() {
    followButton.selectedProperty().bindBidirectional(follow);
    followButton.getStyleClass().add("follow");
    followButton.setTooltip(new Tooltip("Keep the newest line in view (scroll up to pause)"));
    stdoutButton.selectedProperty().bindBidirectional(showStdout);
    stderrButton.selectedProperty().bindBidirectional(showStderr);
    stdoutButton.getStyleClass().addAll("stream-toggle", "out");
    stderrButton.getStyleClass().addAll("stream-toggle", "err");
    stdoutButton.setTooltip(new Tooltip("Show stdout lines"));
    stderrButton.setTooltip(new Tooltip("Show stderr lines"));
    timeButton.selectedProperty().bindBidirectional(showTimestamps);
    timeButton.setTooltip(new Tooltip("Show when each line arrived"));
    firstErrorButton.getStyleClass().add("first-error");
    firstErrorButton.setTooltip(
        new Tooltip(
            "Go to the first line that reports an error (error:, FAILED, fatal:, ...),"
                + " or else the first stderr line"));
    firstErrorButton.setOnAction(e -> jumpToFirstError());
    searchField.setPromptText("Search  (Ctrl+F)");
    searchField.getStyleClass().add("search-field");
    searchField.textProperty().bindBidirectional(searchText);
    searchField.setPrefColumnCount(22);
    regexButton.selectedProperty().bindBidirectional(regex);
    regexButton.setTooltip(new Tooltip("Regular expression"));
    caseButton.selectedProperty().bindBidirectional(matchCase);
    caseButton.setTooltip(new Tooltip("Match case"));
    regexButton.getStyleClass().add("search-option");
    caseButton.getStyleClass().add("search-option");
    matchLabel.textProperty().bind(matchSummary.getReadOnlyProperty());
    matchLabel.getStyleClass().add("match-count");
    previousButton.setOnAction(e -> findPrevious());
    nextButton.setOnAction(e -> findNext());
    previousButton.setTooltip(new Tooltip("Previous match (Shift+Enter)"));
    nextButton.setTooltip(new Tooltip("Next match (Enter)"));
    previousButton.getStyleClass().add("nav");
    nextButton.getStyleClass().add("nav");
    copyButton.setOnAction(e -> copySelection());
    copyButton.setTooltip(new Tooltip("Copy the selected lines (Ctrl+C)"));
    saveButton.setOnAction(e -> saveAs());
    saveButton.setTooltip(new Tooltip("Save the whole log as plain text; stderr lines are marked"));
    for (Node n :
        List.of(
            followButton,
            stdoutButton,
            stderrButton,
            timeButton,
            firstErrorButton,
            regexButton,
            caseButton,
            previousButton,
            nextButton,
            copyButton,
            saveButton)) {
      n.setFocusTraversable(false);
    }
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox searchBox = new HBox(searchField, regexButton, caseButton);
    searchBox.getStyleClass().add("search-box");
    searchBox.setAlignment(Pos.CENTER_LEFT);
    HBox bar =
        new HBox(
            followButton,
            separator(),
            stdoutButton,
            stderrButton,
            separator(),
            timeButton,
            firstErrorButton,
            spacer,
            searchBox,
            matchLabel,
            previousButton,
            nextButton,
            separator(),
            copyButton,
            saveButton);
    bar.getStyleClass().add("log-toolbar");
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  private static Separator separator() {
    Separator s = new Separator(javafx.geometry.Orientation.VERTICAL);
    s.getStyleClass().add("bar-separator");
    return s;
  }

  private HBox statusBar() {
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    countLabel.getStyleClass().add("counts");
    statusLabel.getStyleClass().add("status");
    statusLabel.textProperty().bind(status.getReadOnlyProperty());
    HBox bar = new HBox(countLabel, spacer, statusLabel);
    bar.getStyleClass().add("log-status-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  /** Scrolling by wheel, scroll bar or keys decides follow: on at the bottom, off elsewhere. */
  private void wireScrolling() {
    rowsView.addEventFilter(ScrollEvent.SCROLL, e -> noteUserScroll());
    rowsView.addEventFilter(
        MouseEvent.ANY,
        e -> {
          if (e.getEventType() != MouseEvent.MOUSE_MOVED && insideScrollBar(e.getTarget())) {
            noteUserScroll();
          }
        });
    rowsView.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          KeyCode k = e.getCode();
          if (k == KeyCode.UP
              || k == KeyCode.DOWN
              || k == KeyCode.PAGE_UP
              || k == KeyCode.PAGE_DOWN
              || k == KeyCode.HOME
              || k == KeyCode.END) {
            noteUserScroll();
          }
        });
  }

  private static boolean insideScrollBar(Object target) {
    for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
      if (n instanceof ScrollBar) {
        return true;
      }
    }
    return false;
  }

  private void noteUserScroll() {
    userScrolled = true;
    pulse.signal();
  }

  private void wireKeys() {
    rowsView.addEventHandler(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (COPY.match(e)) {
            copySelection();
            e.consume();
          }
        });
    addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (FIND.match(e)) {
            searchField.requestFocus();
            searchField.selectAll();
            e.consume();
          } else if (e.getCode() == KeyCode.F3) {
            if (e.isShiftDown()) {
              findPrevious();
            } else {
              findNext();
            }
            e.consume();
          }
        });
    searchField.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            if (searchDelay.getStatus() == javafx.animation.Animation.Status.RUNNING) {
              searchDelay.stop();
              restartSearch(); // Enter right after typing: search now, it reveals the first match
            } else if (e.isShiftDown()) {
              findPrevious();
            } else {
              findNext();
            }
            e.consume();
          } else if (e.getCode() == KeyCode.ESCAPE) {
            searchText.set("");
            rowsView.requestFocus();
            e.consume();
          }
        });
  }

  // ---- document -------------------------------------------------------------------------------

  /** Shows {@code document} (or nothing, if null); the view follows its end until scrolled up. */
  public void setDocument(LogDocument document) {
    if (doc != null) {
      doc.removeListener(documentListener);
    }
    doc = document;
    cache.clear();
    state = null;
    newWhilePaused = 0;
    follow.set(true);
    rebuildRows();
    if (doc != null) {
      doc.addListener(documentListener);
    }
    restartSearch();
    sync();
  }

  public LogDocument getDocument() {
    return doc;
  }

  boolean hasDocument() {
    return doc != null;
  }

  LogDocument document() {
    return doc;
  }

  private void rebuildRows() {
    rows = new RowModel(doc, showStdout.get(), showStderr.get());
    cache.clear();
    rowsView.setItems(rows);
  }

  private void filterChanged() {
    int selectedRow = rowsView.selectedRow();
    Row selected = selectedRow >= 0 && selectedRow < rows.size() ? rows.get(selectedRow) : null;
    rebuildRows();
    sync();
    restartSearch();
    if (selected != null && !follow.get()) {
      int r = rows.rowOf(selected.line(), 0);
      if (r >= 0) {
        rowsView.clearAndSelect(r);
        rowsView.scrollToCenter(r);
      }
    }
    if (follow.get()) {
      scrollToEnd();
    }
  }

  /** Catches up with the document; runs at most once a pulse. */
  private void sync() {
    if (doc == null) {
      updateCounts();
      return;
    }
    LogDocument.State s = doc.state();
    // A scroll by the user decides follow before new rows move anything.
    if (userScrolled) {
      userScrolled = false;
      follow.set(rowsView.atBottom());
    }
    int before = rows.size();
    changedLines = 0;
    rows.sync(
        s,
        line -> {
          changedLines++;
          evict(line);
        });
    int added = rows.size() - before;
    state = s;
    if (follow.get()) {
      if (added > 0) {
        rowsView.scrollToEnd();
      }
    } else {
      newWhilePaused += added;
    }
    if (added > 0 || changedLines > 0) {
      rowsView.refresh();
    }
    int digits = Math.max(3, Integer.toString(s.lineCount()).length());
    double gutter = Math.ceil(digits * fonts.smallCharWidth) + 12;
    if (gutter != gutterWidth.get()) {
      gutterWidth.set(gutter);
    }
    if (result != null && result.done() && result.scanned() < s.lineCount()) {
      search.extend();
    }
    updateCounts();
  }

  private void evict(int line) {
    cache.keySet().removeIf(r -> r.line() == line);
  }

  private void updateCounts() {
    LogDocument.State s = state;
    if (s == null) {
      countLabel.setText(doc == null ? "No build selected" : "0 lines");
      stdoutButton.setText("stdout");
      stderrButton.setText("stderr");
      firstErrorButton.setDisable(true);
      return;
    }
    String text = String.format("%,d lines", s.lineCount());
    if (!follow.get()) {
      text +=
          newWhilePaused > 0
              ? String.format("  ·  paused, %,d new", newWhilePaused)
              : "  ·  paused";
    }
    if (s.finished()) {
      text += "  ·  complete";
    }
    countLabel.setText(text);
    stdoutButton.setText(String.format("stdout %,d", s.stdoutLines()));
    stderrButton.setText(String.format("stderr %,d", s.stderrLines()));
    firstErrorButton.setDisable(s.firstError() < 0 && s.firstStderr() < 0);
    doc.failure().ifPresent(e -> status.set("The log could not be stored: " + e.getMessage()));
  }

  /** The part of a line a row shows, read from the document once and cached. */
  LineSlice slice(Row row) {
    LineSlice s = cache.get(row);
    if (s == null) {
      s =
          row.expanded()
              ? doc.read(row.line(), row.slice() * row.wrap(), row.wrap())
              : doc.read(row.line(), 0, truncateAt);
      cache.put(row, s);
    }
    return s;
  }

  AnsiPalette palette() {
    return palette;
  }

  LogFonts fonts() {
    return fonts;
  }

  // ---- scrolling ------------------------------------------------------------------------------

  private void scrollToEnd() {
    rowsView.scrollToEnd();
  }

  /**
   * Selects the row showing character {@code charPos} of {@code line} and scrolls it to the middle,
   * turning on its stream and expanding the line if needed.
   */
  void reveal(int line, int charPos) {
    if (doc == null || line < 0 || line >= doc.lineCount()) {
      return;
    }
    LogStream stream = doc.stream(line);
    if (!rows.shows(stream)) {
      (stream == LogStream.STDOUT ? showStdout : showStderr).set(true);
    }
    if (rows.visibleOf(line) < 0) {
      sync(); // found by a search before this pulse caught up with the document
    }
    if (charPos >= truncateAt && !rows.isExpanded(line)) {
      expand(line);
    }
    int r = rows.rowOf(line, charPos);
    if (r < 0) {
      return;
    }
    follow.set(false);
    rowsView.clearAndSelect(r);
    rowsView.scrollToCenter(r);
  }

  /** Shows a truncated line whole, wrapped to the width of the view. */
  void expand(int line) {
    double width = rowsView.getWidth() <= 0 ? 800 : rowsView.viewportWidth();
    double textWidth = width - gutterWidth.get() - 80 - (showTimestamps.get() ? 100 : 0);
    int wrap = Math.max(40, (int) (textWidth / fonts.charWidth));
    evict(line);
    rows.expand(line, wrap);
    rowsView.refresh();
  }

  /** Shows an expanded line truncated again and keeps it in view. */
  void collapse(int line) {
    evict(line);
    int r = rows.collapse(line);
    if (r >= 0) {
      rowsView.clearAndSelect(r);
      rowsView.scrollToCenter(r);
    }
  }

  /** Selects the first line reporting an error, or if none does, the first stderr line. */
  public void jumpToFirstError() {
    if (doc == null) {
      return;
    }
    LogDocument.State s = doc.state();
    int target = s.firstError() >= 0 ? s.firstError() : s.firstStderr();
    if (target < 0) {
      status.set("No errors so far");
      return;
    }
    reveal(target, 0);
    status.set(
        s.firstError() >= 0
            ? "First error: line " + (target + 1)
            : "No error messages; first stderr line: " + (target + 1));
  }

  // ---- search ---------------------------------------------------------------------------------

  private void restartSearch() {
    searchDelay.stop();
    search.cancel();
    result = null;
    current = -1;
    highlight = null;
    searchField.pseudoClassStateChanged(INVALID, false);
    String q = searchText.get();
    if (q == null || q.isEmpty() || doc == null) {
      matchSummary.set("");
      rowsView.refresh();
      return;
    }
    Pattern p;
    try {
      int flags = matchCase.get() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      p = Pattern.compile(regex.get() ? q : Pattern.quote(q), flags);
    } catch (PatternSyntaxException e) {
      searchField.pseudoClassStateChanged(INVALID, true);
      matchSummary.set("invalid pattern");
      rowsView.refresh();
      return;
    }
    highlight = p;
    revealFirstMatch = true;
    matchSummary.set("searching…");
    searchGeneration =
        search.start(
            doc,
            new LogSearch.Query(p, showStdout.get(), showStderr.get()),
            r -> FxThreads.FX.execute(() -> onSearchResult(r)));
    rowsView.refresh();
  }

  private void onSearchResult(LogSearch.Result r) {
    if (r.generation() != searchGeneration) {
      return; // a stale search
    }
    result = r;
    if (revealFirstMatch && r.stored() > 0) {
      int top = topLine();
      int index = r.indexAtOrAfter(top, 0);
      if (index == r.stored()) {
        index = r.done() ? 0 : -1; // none below the top yet: wait, or wrap to the first
      }
      if (index >= 0) {
        revealFirstMatch = false;
        current = index;
        revealCurrent();
      }
    }
    updateMatchSummary();
  }

  private int topLine() {
    if (rows.size() == 0) {
      return 0;
    }
    return rows.get(Math.max(0, rowsView.firstVisibleRow())).line();
  }

  private void updateMatchSummary() {
    LogSearch.Result r = result;
    if (r == null) {
      return;
    }
    if (r.count() == 0) {
      matchSummary.set(r.done() ? "no matches" : "searching…");
      return;
    }
    String count = String.format("%,d", r.count()) + (r.done() ? "" : "+");
    matchSummary.set(current >= 0 ? String.format("%,d of %s", current + 1, count) : count);
  }

  /** Selects the next match, wrapping around at the end. */
  public void findNext() {
    step(1);
  }

  /** Selects the previous match, wrapping around at the start. */
  public void findPrevious() {
    step(-1);
  }

  private void step(int direction) {
    LogSearch.Result r = result;
    if (r == null || r.stored() == 0) {
      return;
    }
    revealFirstMatch = false;
    if (current < 0) {
      int index = r.indexAtOrAfter(topLine(), 0);
      current = direction > 0 ? index % r.stored() : (index - 1 + r.stored()) % r.stored();
    } else {
      current = (current + direction + r.stored()) % r.stored();
    }
    revealCurrent();
    updateMatchSummary();
  }

  private void revealCurrent() {
    LogSearch.Result r = result;
    reveal(r.lines()[current], r.starts()[current]);
    rowsView.refresh();
  }

  /** Matches of the search pattern in a row's text: (start, end, isCurrent) triples. */
  int[] matchesIn(LineSlice slice) {
    Pattern p = highlight;
    if (p == null) {
      return new int[0];
    }
    int currentStart = -1;
    LogSearch.Result r = result;
    if (r != null && current >= 0 && current < r.stored() && r.lines()[current] == slice.line()) {
      currentStart = r.starts()[current] - slice.from();
    }
    String text = slice.text().text();
    // A pathological pattern must not freeze the FX thread: give up highlighting after 20 ms.
    long deadline = System.nanoTime() + HIGHLIGHT_BUDGET_NANOS;
    List<Integer> out = new ArrayList<>();
    try {
      Matcher m = p.matcher(new GuardedChars(text, () -> System.nanoTime() > deadline));
      while (m.find()) {
        if (m.end() > m.start()) {
          out.add(m.start());
          out.add(m.end());
          out.add(m.start() == currentStart ? 1 : 0);
        }
      }
    } catch (IllegalStateException tooSlow) {
      // Highlight what was found in time.
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  // ---- copy and save --------------------------------------------------------------------------

  /**
   * Copies the selected lines to the clipboard, whole (not truncated), one per line; returns the
   * text. Large selections are read off the FX thread.
   */
  public CompletableFuture<String> copySelection() {
    LogDocument d = doc;
    int[] indices = rowsView.selectedRows();
    if (d == null || indices.length == 0) {
      return CompletableFuture.completedFuture("");
    }
    List<Row> selected = new ArrayList<>(indices.length);
    for (int i : indices) {
      if (i >= 0 && i < rows.size()) {
        selected.add(rows.get(i));
      }
    }
    return CompletableFuture.supplyAsync(() -> textOf(d, selected), io())
        .thenApplyAsync(
            text -> {
              ClipboardContent content = new ClipboardContent();
              content.putString(text);
              Clipboard.getSystemClipboard().setContent(content);
              status.set(String.format("Copied %,d lines", countLines(selected)));
              return text;
            },
            FxThreads.FX);
  }

  private static long countLines(List<Row> selected) {
    return selected.stream().filter(r -> !r.expanded() || r.lastSlice()).count();
  }

  private static String textOf(LogDocument d, List<Row> selected) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < selected.size(); i++) {
      Row row = selected.get(i);
      if (row.expanded()) {
        b.append(d.read(row.line(), row.slice() * row.wrap(), row.wrap()).text().text());
        boolean sameLineNext = i + 1 < selected.size() && selected.get(i + 1).line() == row.line();
        if (!sameLineNext) {
          b.append('\n');
        }
      } else {
        b.append(d.read(row.line(), 0, Integer.MAX_VALUE).text().text()).append('\n');
      }
    }
    return b.toString();
  }

  /** Asks where to save the log, then saves it; see {@link #save}. */
  public void saveAs() {
    if (doc == null) {
      return;
    }
    Window window = getScene() == null ? null : getScene().getWindow();
    Path target = saveTargetChooser.apply(window);
    if (target != null) {
      save(target);
    }
  }

  /**
   * Saves the whole log as plain text (stderr lines marked {@value LogExport#STDERR_MARK},
   * timestamps if shown) off the FX thread; completes with the number of lines written.
   */
  public CompletableFuture<Long> save(Path target) {
    LogDocument d = doc;
    if (d == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no log to save"));
    }
    boolean timestamps = showTimestamps.get();
    status.set("Saving…");
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return LogExport.save(d, target, timestamps);
              } catch (IOException e) {
                throw new CompletionException(e);
              }
            },
            io())
        .whenCompleteAsync(
            (lines, failure) -> {
              if (failure == null) {
                status.set(String.format("Saved %,d lines to %s", lines, target.getFileName()));
              } else {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                status.set("Could not save the log: " + cause.getMessage());
              }
            },
            FxThreads.FX);
  }

  /** Replaces the file dialog of {@link #saveAs}, e.g. in tests; null from it means cancelled. */
  public void setSaveTargetChooser(Function<Window, Path> chooser) {
    this.saveTargetChooser = chooser == null ? LogView::chooseSaveTarget : chooser;
  }

  private static Path chooseSaveTarget(Window owner) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save log");
    chooser.setInitialFileName("build.log");
    chooser
        .getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter("Log files", "*.log", "*.txt"),
            new FileChooser.ExtensionFilter("All files", "*"));
    File file = chooser.showSaveDialog(owner);
    return file == null ? null : file.toPath();
  }

  private ExecutorService io() {
    if (io == null) {
      io =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "glassbox-log-io");
                t.setDaemon(true);
                return t;
              });
    }
    return io;
  }

  /** Stops following the document and ends the view's background threads. */
  public void dispose() {
    setDocument(null);
    search.close();
    if (io != null) {
      io.shutdown();
    }
  }

  // ---- properties -----------------------------------------------------------------------------

  /** Whether the view keeps the newest line in view; scrolling up turns it off, the end on. */
  public BooleanProperty followProperty() {
    return follow;
  }

  public boolean isFollow() {
    return follow.get();
  }

  public BooleanProperty showTimestampsProperty() {
    return showTimestamps;
  }

  public boolean isShowTimestamps() {
    return showTimestamps.get();
  }

  public BooleanProperty showStdoutProperty() {
    return showStdout;
  }

  public BooleanProperty showStderrProperty() {
    return showStderr;
  }

  /** Switches between the light and the dark theme (the {@code dark} style class). */
  public BooleanProperty darkThemeProperty() {
    return darkTheme;
  }

  /** What to search for; matches are highlighted, not filtered. */
  public StringProperty searchTextProperty() {
    return searchText;
  }

  /** Whether the search text is a regular expression (else it is matched literally). */
  public BooleanProperty regexProperty() {
    return regex;
  }

  public BooleanProperty matchCaseProperty() {
    return matchCase;
  }

  /** "3 of 127", "no matches", "searching…" or "invalid pattern". */
  public ReadOnlyStringProperty matchSummaryProperty() {
    return matchSummary.getReadOnlyProperty();
  }

  /** The last message for the user: saved, copied, or what went wrong. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Characters of a line shown before the "show all" link. */
  public void setTruncateAt(int chars) {
    if (chars < 1) {
      throw new IllegalArgumentException("truncateAt must be positive, got " + chars);
    }
    truncateAt = chars;
    cache.clear();
    rowsView.refresh();
  }

  /** Logical lines the view shows right now (it catches up with the document once a pulse). */
  public int displayedLineCount() {
    return rows.lineCount();
  }

  double horizontalOffset() {
    return rowsView.horizontalOffset();
  }

  double viewportWidth() {
    return rowsView.viewportWidth();
  }

  /** The document line of the selected row, or -1 (for tests and the app's status). */
  int selectedLine() {
    int r = rowsView.selectedRow();
    return r >= 0 && r < rows.size() ? rows.get(r).line() : -1;
  }

  /** Whether the last row is entirely in view. */
  public boolean isScrolledToEnd() {
    return rowsView.atBottom();
  }
}
