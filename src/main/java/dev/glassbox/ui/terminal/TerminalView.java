package dev.glassbox.ui.terminal;

import dev.glassbox.terminal.Teardown;
import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalKeys;
import dev.glassbox.terminal.TerminalKeys.Key;
import dev.glassbox.terminal.TerminalLauncher;
import dev.glassbox.terminal.TerminalSession;
import dev.glassbox.terminal.TerminalSize;
import dev.glassbox.terminal.TerminalSpec;
import dev.glassbox.terminal.emulator.CellStyle;
import dev.glassbox.terminal.emulator.ScreenSnapshot;
import dev.glassbox.terminal.emulator.TerminalModel;
import dev.glassbox.ui.fx.FxThreads;
import dev.glassbox.ui.fx.PulseCoalescer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A terminal on a {@link Canvas}: draws a {@link TerminalModel} fed by a {@link TerminalSession},
 * sends keys and pastes to the program, resizes the pty to fit, keeps a scrollback for the mouse
 * wheel, and says so when the program ends ("shell exited with 0 — close or reopen").
 *
 * <p>Output is parsed on the session's reader thread; this view redraws at most once per pulse,
 * from a snapshot, so a program printing fast costs one frame's drawing, not one per chunk.
 */
public final class TerminalView extends Region {
  private static final double PAD = 4;
  private static final int WHEEL_LINES = 3;

  private final Canvas canvas = new Canvas();
  private final HBox statusBar = new HBox(8);
  private final Label status = new Label();
  private final Button reopen = new Button("Reopen");
  private final PulseCoalescer repaint = new PulseCoalescer(this::draw);
  private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme", false);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
  private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "status", "");

  private Font regular;
  private Font bold;
  private Font italic;
  private Font boldItalic;
  private double charWidth;
  private double lineHeight;
  private double baseline;

  private TerminalModel model;
  private TerminalSession session;
  private TerminalLauncher launcher;
  private TerminalSpec spec;
  private Consumer<Exception> onCloseFailure = e -> {};
  private boolean closed;
  private Teardown orphanTeardown = Teardown.NONE;

  private int scrollOffset;
  private long seenScrolled;
  private long drawnVersion = -1;
  private boolean viewDirty = true;
  private ScreenSnapshot shown;
  // The selection, in absolute line numbers (ScreenSnapshot.firstLine + row) and columns.
  private long selAnchorLine = -1;
  private int selAnchorCol;
  private long selEndLine = -1;
  private int selEndCol;

  public TerminalView() {
    getStyleClass().add("terminal-view");
    setFocusTraversable(true);
    setAccessibleRole(AccessibleRole.TEXT_AREA);
    setFontSize(13);
    model = new TerminalModel(80, 24, TerminalModel.DEFAULT_SCROLLBACK, this::reply);
    canvas.setManaged(false);
    status.setId("terminal-status");
    status.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(status, Priority.ALWAYS);
    reopen.setId("terminal-reopen");
    reopen.setVisible(false);
    reopen.setManaged(false);
    reopen.setOnAction(e -> reopen());
    statusBar.getChildren().addAll(status, reopen);
    statusBar.setAlignment(Pos.CENTER_LEFT);
    statusBar.setPadding(new Insets(3, 8, 3, 8));
    statusBar.getStyleClass().add("terminal-status-bar");
    statusBar.setManaged(false);
    getChildren().addAll(canvas, statusBar);
    applyTheme();
    darkTheme.addListener((o, was, is) -> applyTheme());
    addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
    addEventHandler(KeyEvent.KEY_TYPED, this::keyTyped);
    canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::mousePressed);
    canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::mouseDragged);
    addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    focusedProperty().addListener((o, was, is) -> invalidateView());
    setContextMenu();
    setMinSize(120, 80);
  }

  // ------------------------------------------------------------------ session

  /**
   * Starts {@code spec} through {@code launcher} at this view's size. On failure the status line
   * says why and the view stays usable for {@link #reopen}.
   */
  public void start(TerminalLauncher launcher, TerminalSpec spec) {
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.spec = Objects.requireNonNull(spec, "spec");
    startSession(spec.teardown());
  }

  private void startSession(Teardown teardown) {
    closed = false;
    model =
        new TerminalModel(columnsFit(), rowsFit(), TerminalModel.DEFAULT_SCROLLBACK, this::reply);
    scrollOffset = 0;
    seenScrolled = 0;
    clearSelection();
    TerminalModel target = model;
    TerminalSpec toRun =
        spec.withSize(new TerminalSize(model.columns(), model.rows())).withTeardown(teardown);
    try {
      session =
          launcher.start(
              toRun,
              (data, off, len) -> {
                target.feed(data, off, len);
                repaint.signal();
              });
    } catch (TerminalException e) {
      session = null;
      showExit(e.getMessage(), true);
      target.feed("\r\n" + e.getMessage() + "\r\n");
      // Nobody else will run it now: kept for a reopen, or for close.
      orphanTeardown = teardown;
      invalidateView();
      return;
    }
    TerminalSession started = session;
    setStatus("running " + spec.commandLine() + " (pid " + started.pid() + ")");
    reopen.setVisible(false);
    reopen.setManaged(false);
    started.exitStatus().whenCompleteAsync((code, err) -> exited(started, code), FxThreads.FX);
    invalidateView();
  }

  private void exited(TerminalSession which, Integer code) {
    if (which != session || closed) {
      return;
    }
    String name = programName();
    String how =
        code == null
            ? "ended"
            : code > 128 && code < 160
                ? "was killed by signal " + (code - 128)
                : "exited with " + code;
    showExit(name + " " + how + " — close or reopen", false);
    repaint.signal();
  }

  /** "shell" when a shell runs (also inside {@code runc exec ... /bin/sh}), else the program. */
  private String programName() {
    for (String a : spec.argv()) {
      String base = a.substring(a.lastIndexOf('/') + 1);
      if (java.util.Set.of("sh", "bash", "ash", "dash", "zsh", "fish", "ksh", "mksh")
          .contains(base)) {
        return "shell";
      }
    }
    String first = spec.argv().get(0);
    return first.substring(first.lastIndexOf('/') + 1);
  }

  private void showExit(String message, boolean error) {
    setStatus(message);
    status.getStyleClass().removeAll("terminal-error");
    if (error) {
      status.getStyleClass().add("terminal-error");
    }
    reopen.setVisible(true);
    reopen.setManaged(true);
  }

  /** Starts the same program again, on a fresh screen; the sandbox teardown passes along. */
  public void reopen() {
    if (spec == null || launcher == null) {
      return;
    }
    TerminalSession old = session;
    Teardown teardown;
    if (old != null) {
      teardown = old.handOverTeardown();
      closing(
          () -> {
            old.close();
            return null;
          },
          v -> {},
          onCloseFailure);
    } else {
      teardown = orphanTeardown;
    }
    orphanTeardown = Teardown.NONE;
    startSession(teardown);
  }

  /**
   * Closes the session (hang-up, then teardown) off the FX thread; {@code done} gets the failure,
   * if any, on the FX thread. Safe to call more than once.
   */
  public CompletableFuture<Optional<Exception>> close() {
    closed = true;
    CompletableFuture<Optional<Exception>> result = new CompletableFuture<>();
    TerminalSession s = session;
    Teardown orphan = orphanTeardown;
    orphanTeardown = Teardown.NONE;
    closing(
        () -> {
          if (s != null) {
            s.close();
          }
          orphan.run();
          return null;
        },
        v -> result.complete(Optional.empty()),
        e -> {
          onCloseFailure.accept(e);
          result.complete(Optional.of(e));
        });
    return result;
  }

  /**
   * Runs a close off the FX thread, on a thread of its own: a hang-up takes up to a few seconds
   * and a teardown (deleting a container) longer, which must not hold up the UI's shared
   * background thread.
   */
  private static void closing(
      java.util.concurrent.Callable<Void> work,
      Consumer<Void> onDone,
      Consumer<Exception> onError) {
    CLOSER.execute(
        () -> {
          try {
            work.call();
            FxThreads.FX.execute(() -> onDone.accept(null));
          } catch (Exception e) { // reported to the user on the FX thread
            FxThreads.FX.execute(() -> onError.accept(e));
          }
        });
  }

  private static final java.util.concurrent.ExecutorService CLOSER =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "glassbox-terminal-close");
            t.setDaemon(true);
            return t;
          });

  /** Called on the FX thread when closing a session or its teardown fails. */
  public void setOnCloseFailure(Consumer<Exception> handler) {
    onCloseFailure = Objects.requireNonNull(handler, "handler");
  }

  public Optional<TerminalSession> session() {
    return Optional.ofNullable(session);
  }

  /** The model behind the screen (read it for tests and "copy all"). */
  public TerminalModel model() {
    return model;
  }

  public Optional<TerminalSpec> spec() {
    return Optional.ofNullable(spec);
  }

  private void reply(byte[] bytes) {
    TerminalSession s = session;
    if (s != null) {
      s.write(bytes);
    }
  }

  private void send(byte[] bytes) {
    TerminalSession s = session;
    if (s != null && bytes != null && bytes.length > 0) {
      s.write(bytes);
      if (scrollOffset != 0) {
        scrollOffset = 0; // typing brings the prompt back into view, as terminals do
        invalidateView();
      }
      clearSelection();
    }
  }

  // ------------------------------------------------------------------ properties

  /** The light or the dark colours. */
  public BooleanProperty darkThemeProperty() {
    return darkTheme;
  }

  /** The title the program set (OSC 0/2), for the window. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** What the status line says. */
  public ReadOnlyStringProperty statusProperty() {
    return statusText.getReadOnlyProperty();
  }

  private void setStatus(String s) {
    status.setText(s);
    statusText.set(s);
  }

  /** Sets the font size (points); the cell grid and the pty size follow. */
  public void setFontSize(double size) {
    String family = monospaceFamily();
    regular = Font.font(family, FontWeight.NORMAL, FontPosture.REGULAR, size);
    bold = Font.font(family, FontWeight.BOLD, FontPosture.REGULAR, size);
    italic = Font.font(family, FontWeight.NORMAL, FontPosture.ITALIC, size);
    boldItalic = Font.font(family, FontWeight.BOLD, FontPosture.ITALIC, size);
    Text probe = new Text("MMMMMMMMMM");
    probe.setFont(regular);
    charWidth = probe.getLayoutBounds().getWidth() / 10;
    lineHeight = Math.ceil(probe.getLayoutBounds().getHeight());
    baseline = Math.round(-probe.getLayoutBounds().getMinY());
    requestLayout();
    invalidateView();
  }

  private static String monospaceFamily() {
    for (String f : new String[] {"JetBrains Mono", "DejaVu Sans Mono", "Liberation Mono"}) {
      if (Font.getFamilies().contains(f)) {
        return f;
      }
    }
    return "Monospaced";
  }

  private void applyTheme() {
    TerminalPalette p = palette();
    statusBar.setStyle(
        "-fx-background-color: " + web(p.background.interpolate(p.foreground, 0.08)) + ";");
    status.setStyle("-fx-text-fill: " + web(p.foreground) + ";");
    invalidateView();
  }

  private static String web(Color c) {
    return String.format(
        "#%02x%02x%02x",
        (int) Math.round(c.getRed() * 255),
        (int) Math.round(c.getGreen() * 255),
        (int) Math.round(c.getBlue() * 255));
  }

  private TerminalPalette palette() {
    return darkTheme.get() ? TerminalPalette.DARK : TerminalPalette.LIGHT;
  }

  // ------------------------------------------------------------------ layout

  private double statusHeight() {
    return statusBar.prefHeight(-1);
  }

  private int columnsFit() {
    double w = getWidth() > 0 ? getWidth() : 80 * charWidth + 2 * PAD;
    return Math.max(2, Math.min(1000, (int) Math.floor((w - 2 * PAD) / charWidth)));
  }

  private int rowsFit() {
    double h = getHeight() > 0 ? getHeight() - statusHeight() : 24 * lineHeight + 2 * PAD;
    return Math.max(1, Math.min(1000, (int) Math.floor((h - 2 * PAD) / lineHeight)));
  }

  @Override
  protected void layoutChildren() {
    double w = getWidth();
    double h = getHeight();
    double sh = statusHeight();
    statusBar.resizeRelocate(0, h - sh, w, sh);
    canvas.setWidth(Math.max(1, w));
    canvas.setHeight(Math.max(1, h - sh));
    int cols = columnsFit();
    int rows = rowsFit();
    if (cols != model.columns() || rows != model.rows()) {
      model.resize(cols, rows);
      TerminalSession s = session;
      if (s != null) {
        s.resize(new TerminalSize(cols, rows));
      }
    }
    invalidateView();
  }

  @Override
  protected double computePrefWidth(double height) {
    return 100 * charWidth + 2 * PAD;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 30 * lineHeight + 2 * PAD + statusHeight();
  }

  // ------------------------------------------------------------------ drawing

  private void invalidateView() {
    viewDirty = true;
    repaint.signal();
  }

  private void draw() {
    long version = model.version();
    long scrolled = model.scrolledIntoHistory();
    if (scrollOffset > 0 && scrolled != seenScrolled) {
      // Keep showing the same lines while output continues below.
      scrollOffset += (int) (scrolled - seenScrolled);
    }
    seenScrolled = scrolled;
    if (!viewDirty && version == drawnVersion) {
      return;
    }
    drawnVersion = version;
    viewDirty = false;
    String t = model.title();
    if (!t.equals(title.get())) {
      title.set(t);
    }
    ScreenSnapshot snap = model.snapshot(scrollOffset);
    scrollOffset = snap.scrollOffset();
    shown = snap;
    paint(snap);
  }

  private void paint(ScreenSnapshot snap) {
    TerminalPalette p = palette();
    GraphicsContext g = canvas.getGraphicsContext2D();
    Color defaultBg = snap.reverseVideo() ? p.foreground : p.background;
    Color defaultFg = snap.reverseVideo() ? p.background : p.foreground;
    g.setFill(defaultBg);
    g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
    g.setTextBaseline(VPos.BASELINE);
    g.setTextAlign(TextAlignment.LEFT);
    int cols = snap.columns();
    StringBuilder run = new StringBuilder();
    for (int r = 0; r < snap.rows(); r++) {
      double y = PAD + r * lineHeight;
      long line = snap.firstLine() + r;
      int c = 0;
      while (c < cols) {
        long style = snap.style(r, c);
        boolean selected = isSelected(line, c);
        int start = c;
        run.setLength(0);
        boolean simple = true;
        while (c < cols && snap.style(r, c) == style && isSelected(line, c) == selected) {
          int cp = snap.codePoint(r, c);
          if (!snap.isWideTail(r, c)) {
            if (cp > 0x7E || snap.isWide(r, c)) {
              simple = false;
            }
            run.appendCodePoint(cp <= 0 ? ' ' : cp);
          }
          c++;
        }
        drawRun(g, p, snap, r, start, c, y, style, selected, run, simple, defaultFg, defaultBg);
      }
    }
    drawCursor(g, p, snap, defaultFg, defaultBg);
  }

  private void drawRun(
      GraphicsContext g,
      TerminalPalette p,
      ScreenSnapshot snap,
      int row,
      int from,
      int to,
      double y,
      long style,
      boolean selected,
      StringBuilder text,
      boolean simple,
      Color defaultFg,
      Color defaultBg) {
    boolean boldOn = CellStyle.has(style, CellStyle.BOLD);
    Color fg =
        boldOn
            ? p.boldColour(CellStyle.foreground(style), defaultFg)
            : p.colour(CellStyle.foreground(style), defaultFg);
    Color bg = p.colour(CellStyle.background(style), null);
    if (CellStyle.has(style, CellStyle.INVERSE)) {
      Color f = fg;
      fg = bg == null ? defaultBg : bg;
      bg = f;
    }
    if (selected) {
      bg = p.selection;
      fg = darkTheme.get() ? Color.WHITE : defaultFg;
    }
    double x = PAD + from * charWidth;
    double w = (to - from) * charWidth;
    if (bg != null) {
      g.setFill(bg);
      g.fillRect(x, y, w, lineHeight);
    }
    if (CellStyle.has(style, CellStyle.HIDDEN) || text.toString().isBlank()) {
      decorate(g, style, fg, x, y, w);
      return;
    }
    if (CellStyle.has(style, CellStyle.DIM)) {
      fg = fg.interpolate(bg == null ? defaultBg : bg, 0.4);
    }
    boolean italicOn = CellStyle.has(style, CellStyle.ITALIC);
    g.setFont(boldOn ? (italicOn ? boldItalic : bold) : (italicOn ? italic : regular));
    g.setFill(fg);
    if (simple) {
      g.fillText(text.toString(), x, y + baseline);
    } else {
      // One cell at a time: glyphs from fallback fonts have their own widths and would drift.
      for (int c = from; c < to; c++) {
        int cp = snap.codePoint(row, c);
        if (cp > 0x20 && !snap.isWideTail(row, c)) {
          g.fillText(new String(Character.toChars(cp)), PAD + c * charWidth, y + baseline);
        }
      }
    }
    decorate(g, style, fg, x, y, w);
  }

  private void decorate(GraphicsContext g, long style, Color fg, double x, double y, double w) {
    if (CellStyle.has(style, CellStyle.UNDERLINE)) {
      g.setFill(fg);
      g.fillRect(x, y + baseline + 1, w, 1);
    }
    if (CellStyle.has(style, CellStyle.STRIKETHROUGH)) {
      g.setFill(fg);
      g.fillRect(x, y + lineHeight / 2, w, 1);
    }
  }

  private void drawCursor(
      GraphicsContext g, TerminalPalette p, ScreenSnapshot snap, Color defaultFg, Color defaultBg) {
    if (!snap.cursorShown()) {
      return;
    }
    int r = snap.cursorRow();
    int c = snap.cursorColumn();
    double x = PAD + c * charWidth;
    double y = PAD + r * lineHeight;
    double w = snap.isWide(r, c) ? 2 * charWidth : charWidth;
    if (!isFocused()) {
      g.setStroke(p.cursor);
      g.setLineWidth(1);
      g.strokeRect(x + 0.5, y + 0.5, w - 1, lineHeight - 1);
      return;
    }
    g.setFill(p.cursor);
    g.fillRect(x, y, w, lineHeight);
    int cp = snap.codePoint(r, c);
    if (cp > 0x20) {
      long style = snap.style(r, c);
      boolean b = CellStyle.has(style, CellStyle.BOLD);
      g.setFont(b ? bold : regular);
      g.setFill(defaultBg);
      g.fillText(new String(Character.toChars(cp)), x, y + baseline);
    }
  }

  // ------------------------------------------------------------------ keys

  private void keyPressed(KeyEvent e) {
    if (!isFocused()) {
      return; // the Reopen button has the focus: its keys are its own
    }
    if (e.isShortcutDown() && e.isShiftDown() && e.getCode() == KeyCode.C) {
      copySelection();
      e.consume();
      return;
    }
    if (e.isShortcutDown() && e.isShiftDown() && e.getCode() == KeyCode.V) {
      paste();
      e.consume();
      return;
    }
    if (e.isShiftDown() && (e.getCode() == KeyCode.PAGE_UP || e.getCode() == KeyCode.PAGE_DOWN)) {
      scrollBy(e.getCode() == KeyCode.PAGE_UP ? model.rows() - 1 : -(model.rows() - 1));
      e.consume();
      return;
    }
    Key key = special(e.getCode());
    if (key != null) {
      send(
          TerminalKeys.encode(
              key,
              e.isShiftDown(),
              e.isControlDown(),
              e.isAltDown(),
              model.applicationCursorKeys()));
      e.consume();
      return;
    }
    if (e.isControlDown() && !e.isShiftDown()) {
      String t = e.getText();
      char c = t != null && t.length() == 1 ? t.charAt(0) : keyChar(e.getCode());
      byte[] code = c == 0 ? null : TerminalKeys.control(c, e.isAltDown());
      if (code != null) {
        send(code);
        e.consume();
      }
    }
  }

  private static char keyChar(KeyCode code) {
    if (code.isLetterKey()) {
      return code.getName().charAt(0);
    }
    return switch (code) {
      case SPACE -> ' ';
      case OPEN_BRACKET -> '[';
      case CLOSE_BRACKET -> ']';
      case BACK_SLASH -> '\\';
      default -> 0;
    };
  }

  private void keyTyped(KeyEvent e) {
    if (!isFocused()) {
      return;
    }
    String ch = e.getCharacter();
    if (ch == null
        || ch.isEmpty()
        || ch.equals(KeyEvent.CHAR_UNDEFINED)
        || e.isControlDown()
        || e.isMetaDown()) {
      return;
    }
    // Control characters arrive here too (Enter as \r, Backspace as \b): sent on KEY_PRESSED.
    if (ch.codePointAt(0) < 0x20 || ch.codePointAt(0) == 0x7F) {
      return;
    }
    send(TerminalKeys.text(ch, e.isAltDown()));
    e.consume();
  }

  private static Key special(KeyCode code) {
    return switch (code) {
      case ENTER -> Key.ENTER;
      case BACK_SPACE -> Key.BACKSPACE;
      case TAB -> Key.TAB;
      case ESCAPE -> Key.ESCAPE;
      case UP, KP_UP -> Key.UP;
      case DOWN, KP_DOWN -> Key.DOWN;
      case LEFT, KP_LEFT -> Key.LEFT;
      case RIGHT, KP_RIGHT -> Key.RIGHT;
      case HOME -> Key.HOME;
      case END -> Key.END;
      case PAGE_UP -> Key.PAGE_UP;
      case PAGE_DOWN -> Key.PAGE_DOWN;
      case INSERT -> Key.INSERT;
      case DELETE -> Key.DELETE;
      case F1 -> Key.F1;
      case F2 -> Key.F2;
      case F3 -> Key.F3;
      case F4 -> Key.F4;
      case F5 -> Key.F5;
      case F6 -> Key.F6;
      case F7 -> Key.F7;
      case F8 -> Key.F8;
      case F9 -> Key.F9;
      case F10 -> Key.F10;
      case F11 -> Key.F11;
      case F12 -> Key.F12;
      default -> null;
    };
  }

  /** Sends text as typed (for tests and "Re-run here" buttons that type a command). */
  public void type(String text) {
    send(TerminalKeys.text(text, false));
  }

  // ------------------------------------------------------------------ clipboard

  /** Copies the selection (or nothing when there is none). Returns what was copied. */
  public String copySelection() {
    if (selAnchorLine < 0 || selEndLine < 0) {
      return "";
    }
    String text = model.text(selAnchorLine, selAnchorCol, selEndLine, selEndCol);
    ClipboardContent content = new ClipboardContent();
    content.putString(text);
    Clipboard.getSystemClipboard().setContent(content);
    return text;
  }

  /** Pastes the clipboard's text, bracketed when the program asked for it. */
  public void paste() {
    String text = Clipboard.getSystemClipboard().getString();
    if (text != null && !text.isEmpty()) {
      send(TerminalKeys.paste(text, model.bracketedPaste()));
    }
  }

  /** Selects everything: the scrollback and the screen. */
  public void selectAll() {
    ScreenSnapshot s = model.snapshot(Integer.MAX_VALUE);
    selAnchorLine = s.firstLine();
    selAnchorCol = 0;
    selEndLine = s.firstLine() + s.historySize() + model.rows() - 1;
    selEndCol = model.columns() - 1;
    invalidateView();
  }

  private void clearSelection() {
    if (selAnchorLine >= 0) {
      selAnchorLine = -1;
      selEndLine = -1;
      invalidateView();
    }
  }

  private boolean isSelected(long line, int col) {
    if (selAnchorLine < 0 || selEndLine < 0) {
      return false;
    }
    long aL = selAnchorLine;
    int aC = selAnchorCol;
    long bL = selEndLine;
    int bC = selEndCol;
    if (aL > bL || (aL == bL && aC > bC)) {
      long tl = aL;
      aL = bL;
      bL = tl;
      int tc = aC;
      aC = bC;
      bC = tc;
    }
    if (line < aL || line > bL) {
      return false;
    }
    if (aL == bL) {
      return col >= aC && col <= bC;
    }
    return line == aL ? col >= aC : line != bL || col <= bC;
  }

  private void setContextMenu() {
    MenuItem copy = new MenuItem("Copy\tCtrl+Shift+C");
    copy.setOnAction(e -> copySelection());
    MenuItem paste = new MenuItem("Paste\tCtrl+Shift+V");
    paste.setOnAction(e -> paste());
    MenuItem all = new MenuItem("Select all");
    all.setOnAction(e -> selectAll());
    ContextMenu menu = new ContextMenu(copy, paste, new SeparatorMenuItem(), all);
    menu.setOnShowing(e -> copy.setDisable(selAnchorLine < 0 || selEndLine < 0));
    canvas.setOnContextMenuRequested(e -> menu.show(canvas, e.getScreenX(), e.getScreenY()));
  }

  // ------------------------------------------------------------------ mouse

  private void mousePressed(MouseEvent e) {
    requestFocus();
    if (e.getButton() != MouseButton.PRIMARY || shown == null) {
      return;
    }
    long line = lineAt(e.getY());
    int col = columnAt(e.getX());
    if (e.getClickCount() == 2) {
      selectWord(line, col);
      return;
    }
    selAnchorLine = line;
    selAnchorCol = col;
    selEndLine = -1;
    invalidateView();
  }

  private void mouseDragged(MouseEvent e) {
    if (e.getButton() != MouseButton.PRIMARY || shown == null || selAnchorLine < 0) {
      return;
    }
    if (e.getY() < 0) {
      scrollBy(1);
    } else if (e.getY() > canvas.getHeight()) {
      scrollBy(-1);
    }
    selEndLine = lineAt(e.getY());
    selEndCol = columnAt(e.getX());
    invalidateView();
  }

  private void selectWord(long line, int col) {
    String text = model.text(line, 0, line, model.columns() - 1);
    if (col >= text.length() || Character.isWhitespace(text.charAt(col))) {
      return;
    }
    int from = col;
    int to = col;
    while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
      from--;
    }
    while (to + 1 < text.length() && !Character.isWhitespace(text.charAt(to + 1))) {
      to++;
    }
    selAnchorLine = line;
    selAnchorCol = from;
    selEndLine = line;
    selEndCol = to;
    invalidateView();
  }

  private long lineAt(double y) {
    int row = (int) Math.floor((y - PAD) / lineHeight);
    row = Math.max(0, Math.min(shown.rows() - 1, row));
    return shown.firstLine() + row;
  }

  private int columnAt(double x) {
    int col = (int) Math.floor((x - PAD) / charWidth);
    return Math.max(0, Math.min(shown.columns() - 1, col));
  }

  private void scrolled(ScrollEvent e) {
    if (e.getDeltaY() == 0) {
      return;
    }
    int notches =
        (int) Math.signum(e.getDeltaY())
            * Math.max(1, (int) Math.round(Math.abs(e.getDeltaY()) / 40));
    if (model.alternateScreen()) {
      // Full-screen programs (less, vim) have no scrollback here: scroll them with arrow keys.
      Key k = notches > 0 ? Key.UP : Key.DOWN;
      for (int i = 0; i < Math.abs(notches) * WHEEL_LINES; i++) {
        TerminalSession s = session;
        if (s != null) {
          s.write(TerminalKeys.encode(k, false, false, false, model.applicationCursorKeys()));
        }
      }
    } else {
      scrollBy(notches * WHEEL_LINES);
    }
    e.consume();
  }

  /** Scrolls the view {@code lines} back into the scrollback (negative: towards the bottom). */
  public void scrollBy(int lines) {
    int max = model.historySize();
    int next = Math.max(0, Math.min(max, scrollOffset + lines));
    if (next != scrollOffset) {
      scrollOffset = next;
      invalidateView();
    }
  }

  /** The width of a character cell in pixels. */
  public double cellWidth() {
    return charWidth;
  }

  /** The height of a character cell (a row) in pixels. */
  public double cellHeight() {
    return lineHeight;
  }

  /** How many lines back into the scrollback the view shows (0: the live screen). */
  public int scrollOffset() {
    return scrollOffset;
  }
}
