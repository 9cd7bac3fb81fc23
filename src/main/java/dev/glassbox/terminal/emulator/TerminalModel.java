package dev.glassbox.terminal.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A terminal's screen, fed with the bytes a program writes to its pseudo-terminal: the xterm/VT100
 * subset that shells, editors, pagers and progress bars use. Output arrives on a reader thread
 * while the view draws on another, so every public method is synchronized; the view copies what it
 * needs ({@link #snapshot}) and draws without the lock.
 *
 * <p>Understood: C0 controls (BEL BS HT LF VT FF CR SO SI), ESC 7/8/D/E/M/H/c/=/&gt;, charset
 * designation with DEC line drawing, CSI cursor movement (CUU CUD CUF CUB CNL CPL CHA HPA HPR CUP
 * HVP VPA VPR CHT CBT), erasing and editing (ED EL ECH ICH DCH IL DL SU SD REP), SGR with 16, 256
 * and 24-bit colours, DECSTBM scroll regions, save/restore cursor, modes (IRM, LNM, DECCKM, DECOM,
 * DECAWM, DECTCEM, DECSCNM, 47/1047/1048/1049 alternate screen, 2004 bracketed paste), status and
 * attribute reports (DSR, DA1, DA2), and OSC 0/2 titles. Anything else is swallowed whole, never
 * printed as stray characters.
 */
public final class TerminalModel {
  /** How many lines of scrollback the main screen keeps unless told otherwise. */
  public static final int DEFAULT_SCROLLBACK = 10_000;

  private static final int MAX_PARAMS = 32;
  private static final int MAX_OSC = 4096;

  private enum State {
    GROUND,
    ESCAPE,
    ESCAPE_INTERMEDIATE,
    CHARSET,
    CSI,
    CSI_IGNORE,
    OSC,
    OSC_ESCAPE,
    STRING,
    STRING_ESCAPE
  }

  /** The main screen (with scrollback) or the alternate one (without). */
  private final class Buffer {
    Line[] lines;
    int cursorX;
    int cursorY;
    boolean pendingWrap;
    Saved saved;

    Buffer(int cols, int rows) {
      lines = new Line[rows];
      for (int i = 0; i < rows; i++) {
        lines[i] = new Line(cols, CellStyle.PLAIN);
      }
    }
  }

  /** What DECSC saves. */
  private record Saved(
      int x,
      int y,
      long style,
      boolean pendingWrap,
      boolean originMode,
      boolean autoWrap,
      boolean g0Graphics,
      boolean g1Graphics,
      boolean shiftOut) {}

  private final int scrollbackLimit;
  private final Consumer<byte[]> responder;
  private final Utf8Decoder utf8 = new Utf8Decoder();
  private final java.util.function.IntConsumer sink = this::accept;

  private int cols;
  private int rows;
  private Buffer main;
  private Buffer alt;
  private Buffer buf;
  // The main screen's scrollback, a ring: the oldest line is dropped once it is full.
  private Line[] history;
  private int historyStart;
  private int historySize;
  private long droppedLines;
  private long scrolledIntoHistory;

  private long style = CellStyle.PLAIN;
  private int scrollTop;
  private int scrollBottom;
  private boolean[] tabStops;
  private boolean originMode;
  private boolean autoWrap = true;
  private boolean insertMode;
  private boolean newLineMode;
  private boolean cursorVisible = true;
  private boolean applicationCursorKeys;
  private boolean applicationKeypad;
  private boolean bracketedPaste;
  private boolean reverseVideo;
  private boolean g0Graphics;
  private boolean g1Graphics;
  private boolean shiftOut;
  private int lastPrinted = -1;
  private String title = "";
  private long bells;
  private long version;

  private State state = State.GROUND;
  private final int[] params = new int[MAX_PARAMS];
  private final boolean[] subParam = new boolean[MAX_PARAMS];
  private int paramCount;
  private boolean paramStarted;
  private int privateMarker;
  private int intermediate;
  private int charsetSlot;
  private final StringBuilder osc = new StringBuilder();

  /**
   * A screen of {@code cols} x {@code rows}; {@code responder} receives the bytes the terminal
   * answers with (cursor position and device attribute reports), to be written back to the pty.
   */
  public TerminalModel(int cols, int rows, int scrollbackLimit, Consumer<byte[]> responder) {
    if (cols < 1 || rows < 1) {
      throw new IllegalArgumentException(
          "a terminal needs at least 1x1 cells, not " + cols + "x" + rows);
    }
    if (scrollbackLimit < 0) {
      throw new IllegalArgumentException("scrollbackLimit must be >= 0: " + scrollbackLimit);
    }
    this.scrollbackLimit = scrollbackLimit;
    this.responder = Objects.requireNonNull(responder, "responder");
    this.cols = cols;
    this.rows = rows;
    this.history = new Line[Math.max(1, scrollbackLimit)];
    main = new Buffer(cols, rows);
    alt = new Buffer(cols, rows);
    buf = main;
    scrollBottom = rows - 1;
    resetTabStops();
  }

  /** A screen with the default scrollback whose reports go nowhere (for tests and replays). */
  public TerminalModel(int cols, int rows) {
    this(cols, rows, DEFAULT_SCROLLBACK, bytes -> {});
  }

  // ------------------------------------------------------------------ input

  /** Interprets output from the program. */
  public synchronized void feed(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      int b = data[i];
      // Most output is printable ASCII on the ground state: straight to the screen.
      if (b >= 0x20 && b < 0x7F && state == State.GROUND && !utf8.inSequence()) {
        printAscii(b);
      } else {
        utf8.feed(b, sink);
      }
    }
    version++;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  /** Interprets {@code text} as UTF-8 output (for tests and messages shown in the terminal). */
  public void feed(String text) {
    feed(text.getBytes(StandardCharsets.UTF_8));
  }

  private void accept(int cp) {
    // CAN and SUB abort any sequence; ESC starts a new one from anywhere (ends strings too).
    if (cp == 0x18 || cp == 0x1A) {
      state = State.GROUND;
      return;
    }
    switch (state) {
      case GROUND -> ground(cp);
      case ESCAPE -> escape(cp);
      case ESCAPE_INTERMEDIATE -> {
        if (cp == 0x1B) {
          state = State.ESCAPE;
        } else if (cp >= 0x30 && cp < 0x7F) {
          state = State.GROUND; // the final byte of an escape we do not support
        } else if (cp < 0x20) {
          control(cp);
        }
      }
      case CHARSET -> charset(cp);
      case CSI -> csi(cp);
      case CSI_IGNORE -> {
        if (cp >= 0x40 && cp <= 0x7E) {
          state = State.GROUND;
        } else if (cp == 0x1B) {
          state = State.ESCAPE;
        } else if (cp < 0x20) {
          control(cp);
        }
      }
      case OSC -> {
        if (cp == 0x07) {
          oscDone();
        } else if (cp == 0x1B) {
          state = State.OSC_ESCAPE;
        } else if (cp >= 0x20 && osc.length() < MAX_OSC) {
          osc.appendCodePoint(cp);
        }
      }
      case OSC_ESCAPE -> {
        if (cp == '\\') {
          oscDone();
        } else {
          osc.setLength(0);
          state = State.ESCAPE;
          escape(cp);
        }
      }
      case STRING -> {
        if (cp == 0x1B) {
          state = State.STRING_ESCAPE;
        } else if (cp == 0x07) {
          state = State.GROUND;
        }
      }
      case STRING_ESCAPE -> {
        if (cp == '\\') {
          state = State.GROUND;
        } else if (cp != 0x1B) {
          state = State.STRING;
        }
      }
    }
  }

  private void ground(int cp) {
    if (cp < 0x20 || cp == 0x7F) {
      control(cp);
    } else if (cp >= 0x80 && cp < 0xA0) {
      // C1 controls as code points: nothing sends them on a UTF-8 terminal, so drop them.
    } else {
      print(cp);
    }
  }

  private void control(int cp) {
    switch (cp) {
      case 0x07 -> bells++;
      case 0x08 -> {
        if (buf.pendingWrap) {
          buf.pendingWrap = false;
        } else if (buf.cursorX > 0) {
          buf.cursorX--;
        }
      }
      case 0x09 -> tab(1);
      case 0x0A, 0x0B, 0x0C -> {
        lineFeed();
        if (newLineMode) {
          buf.cursorX = 0;
        }
      }
      case 0x0D -> {
        buf.cursorX = 0;
        buf.pendingWrap = false;
      }
      case 0x0E -> shiftOut = true;
      case 0x0F -> shiftOut = false;
      case 0x1B -> startEscape();
      default -> {
        // NUL, ENQ, DEL and the other C0 codes do nothing on the screen.
      }
    }
  }

  private void startEscape() {
    state = State.ESCAPE;
    intermediate = 0;
  }

  private void escape(int cp) {
    state = State.GROUND;
    switch (cp) {
      case '[' -> startCsi();
      case ']' -> {
        osc.setLength(0);
        state = State.OSC;
      }
      case 'P', 'X', '^', '_' -> state = State.STRING; // DCS, SOS, PM, APC: skipped to ST
      case '(', ')', '*', '+' -> {
        charsetSlot = cp - '(';
        state = State.CHARSET;
      }
      case '#', ' ', '%' -> {
        intermediate = cp;
        state = State.CHARSET;
      }
      case '7' -> saveCursor();
      case '8' -> restoreCursor();
      case 'D' -> lineFeed();
      case 'E' -> {
        lineFeed();
        buf.cursorX = 0;
      }
      case 'M' -> reverseIndex();
      case 'H' -> tabStops[Math.min(buf.cursorX, cols - 1)] = true;
      case 'c' -> reset();
      case '=' -> applicationKeypad = true;
      case '>' -> applicationKeypad = false;
      case 0x1B -> startEscape();
      default -> {
        if (cp < 0x20) {
          control(cp);
        } else if (cp < 0x30) {
          state = State.ESCAPE_INTERMEDIATE;
        }
        // Other finals (ESC N, ESC O, ESC \ alone, ...) are consumed without effect.
      }
    }
  }

  private void charset(int cp) {
    state = State.GROUND;
    if (cp == 0x1B) {
      startEscape();
      return;
    }
    if (intermediate == '#') {
      intermediate = 0;
      if (cp == '8') {
        alignmentPattern();
      }
      return;
    }
    if (intermediate != 0) {
      intermediate = 0; // ESC SP F, ESC % G: conformance level and UTF-8 switches; UTF-8 always
      return;
    }
    boolean graphics = cp == '0';
    if (charsetSlot == 0) {
      g0Graphics = graphics;
    } else if (charsetSlot == 1) {
      g1Graphics = graphics;
    }
  }

  // ------------------------------------------------------------------ CSI

  private void startCsi() {
    state = State.CSI;
    paramCount = 0;
    paramStarted = false;
    privateMarker = 0;
    intermediate = 0;
    Arrays.fill(params, -1);
    Arrays.fill(subParam, false);
  }

  private void csi(int cp) {
    if (cp >= '0' && cp <= '9') {
      if (intermediate != 0) {
        state = State.CSI_IGNORE;
        return;
      }
      if (paramCount == 0) {
        paramCount = 1;
      }
      int i = paramCount - 1;
      if (i < MAX_PARAMS) {
        int v = Math.max(params[i], 0);
        params[i] = Math.min(v * 10 + (cp - '0'), 65_535);
      }
      paramStarted = true;
    } else if (cp == ';' || cp == ':') {
      if (paramCount == 0) {
        paramCount = 1;
      }
      if (paramCount < MAX_PARAMS) {
        subParam[paramCount] = cp == ':';
      }
      paramCount++;
      paramStarted = true;
    } else if (cp >= '<' && cp <= '?') {
      if (paramStarted || privateMarker != 0) {
        state = State.CSI_IGNORE;
      } else {
        privateMarker = cp;
      }
    } else if (cp >= 0x20 && cp <= 0x2F) {
      intermediate = cp;
    } else if (cp >= 0x40 && cp <= 0x7E) {
      state = State.GROUND;
      paramCount = Math.min(paramCount, MAX_PARAMS);
      dispatchCsi(cp);
    } else if (cp == 0x1B) {
      startEscape();
    } else if (cp < 0x20) {
      control(cp);
    } else {
      state = State.CSI_IGNORE;
    }
  }

  /** Parameter {@code i}, or {@code def} when absent or zero (as VT100 treats 0 for counts). */
  private int count(int i, int def) {
    int v = i < paramCount ? params[i] : -1;
    return v <= 0 ? def : v;
  }

  /** Parameter {@code i}, or {@code def} when absent (0 stays 0: for selectors). */
  private int param(int i, int def) {
    int v = i < paramCount ? params[i] : -1;
    return v < 0 ? def : v;
  }

  private void dispatchCsi(int finalChar) {
    if (privateMarker == '?') {
      switch (finalChar) {
        case 'h' -> modes(true, true);
        case 'l' -> modes(false, true);
        case 'n' -> {
          if (param(0, 0) == 6) {
            respond("\033[?" + reportRow() + ";" + (buf.cursorX + 1) + "R");
          }
        }
        default -> {}
      }
      return;
    }
    if (privateMarker == '>') {
      if (finalChar == 'c') {
        respond("\033[>0;10;0c"); // DA2: a VT100-class terminal, firmware 10
      }
      return; // modifyOtherKeys (CSI > 4 ; 1 m) and friends: not SGR, ignored
    }
    if (privateMarker != 0) {
      return;
    }
    if (intermediate != 0) {
      if (intermediate == '!' && finalChar == 'p') {
        softReset();
      }
      return; // DECSCUSR (CSI Ps SP q) and other intermediates: nothing to show
    }
    switch (finalChar) {
      case '@' -> insertChars(count(0, 1));
      case 'A' -> cursorUp(count(0, 1));
      case 'B', 'e' -> cursorDown(count(0, 1));
      case 'C', 'a' -> cursorForward(count(0, 1));
      case 'D' -> cursorBack(count(0, 1));
      case 'E' -> {
        cursorDown(count(0, 1));
        buf.cursorX = 0;
      }
      case 'F' -> {
        cursorUp(count(0, 1));
        buf.cursorX = 0;
      }
      case 'G', '`' -> setColumn(count(0, 1) - 1);
      case 'H', 'f' -> moveTo(count(0, 1) - 1, count(1, 1) - 1);
      case 'I' -> tab(count(0, 1));
      case 'Z' -> backTab(count(0, 1));
      case 'J' -> eraseDisplay(param(0, 0));
      case 'K' -> eraseLine(param(0, 0));
      case 'L' -> insertLines(count(0, 1));
      case 'M' -> deleteLines(count(0, 1));
      case 'P' -> deleteChars(count(0, 1));
      case 'S' -> scrollUp(scrollTop, scrollBottom, count(0, 1));
      case 'T' -> {
        if (paramCount <= 1) {
          scrollDown(scrollTop, scrollBottom, count(0, 1));
        }
      }
      case 'X' -> eraseChars(count(0, 1));
      case 'b' -> repeat(count(0, 1));
      case 'c' -> {
        if (param(0, 0) == 0) {
          respond("\033[?62;22c"); // DA1: VT220-class with ANSI colour
        }
      }
      case 'd' -> setRow(count(0, 1) - 1);
      case 'g' -> clearTabs(param(0, 0));
      case 'h' -> modes(true, false);
      case 'l' -> modes(false, false);
      case 'm' -> sgr();
      case 'n' -> {
        int p = param(0, 0);
        if (p == 5) {
          respond("\033[0n");
        } else if (p == 6) {
          respond("\033[" + reportRow() + ";" + (buf.cursorX + 1) + "R");
        }
      }
      case 'r' -> setScrollRegion(count(0, 1) - 1, count(1, rows) - 1);
      case 's' -> saveCursor();
      case 'u' -> restoreCursor();
      default -> {
        // CSI t (window operations), CSI q (LEDs) and the rest: nothing to do.
      }
    }
  }

  private int reportRow() {
    return buf.cursorY - (originMode ? scrollTop : 0) + 1;
  }

  private void modes(boolean on, boolean dec) {
    for (int i = 0; i < Math.max(1, paramCount); i++) {
      int mode = param(i, -1);
      if (!dec) {
        if (mode == 4) {
          insertMode = on;
        } else if (mode == 20) {
          newLineMode = on;
        }
        continue;
      }
      switch (mode) {
        case 1 -> applicationCursorKeys = on;
        case 5 -> reverseVideo = on;
        case 6 -> {
          originMode = on;
          moveTo(0, 0);
        }
        case 7 -> autoWrap = on;
        case 25 -> cursorVisible = on;
        case 47 -> switchScreen(on, false);
        case 1047 -> {
          if (!on && buf == alt) {
            clearBuffer(alt);
          }
          switchScreen(on, false);
        }
        case 1048 -> {
          if (on) {
            saveCursor();
          } else {
            restoreCursor();
          }
        }
        case 1049 -> {
          if (on) {
            saveCursor();
            switchScreen(true, true);
          } else {
            switchScreen(false, false);
            restoreCursor();
          }
        }
        case 2004 -> bracketedPaste = on;
        default -> {
          // Mouse reporting, focus events, blinking cursor: not offered, so not acknowledged.
        }
      }
    }
  }

  private void switchScreen(boolean toAlternate, boolean clear) {
    Buffer target = toAlternate ? alt : main;
    if (target == buf) {
      return;
    }
    buf = target;
    if (clear) {
      clearBuffer(alt);
      alt.cursorX = main.cursorX;
      alt.cursorY = main.cursorY;
    }
    alt.pendingWrap = false;
    scrollTop = 0;
    scrollBottom = rows - 1;
  }

  private void clearBuffer(Buffer b) {
    for (Line l : b.lines) {
      l.clear(0, l.width(), CellStyle.erased(style));
      l.wrapped = false;
    }
  }

  // ------------------------------------------------------------------ SGR

  private void sgr() {
    if (paramCount == 0) {
      style = CellStyle.PLAIN;
      return;
    }
    for (int i = 0; i < paramCount; i++) {
      int p = param(i, 0);
      switch (p) {
        case 0 -> style = CellStyle.PLAIN;
        case 1 -> style = CellStyle.withAttribute(style, CellStyle.BOLD, true);
        case 2 -> style = CellStyle.withAttribute(style, CellStyle.DIM, true);
        case 3 -> style = CellStyle.withAttribute(style, CellStyle.ITALIC, true);
        case 4 -> {
          // 4:0 turns underline off; 4:1..4:5 are styles of underline, drawn as one.
          boolean off = i + 1 < paramCount && subParam[i + 1] && param(i + 1, 1) == 0;
          style = CellStyle.withAttribute(style, CellStyle.UNDERLINE, !off);
          while (i + 1 < paramCount && subParam[i + 1]) {
            i++;
          }
        }
        case 5, 6 -> style = CellStyle.withAttribute(style, CellStyle.BLINK, true);
        case 7 -> style = CellStyle.withAttribute(style, CellStyle.INVERSE, true);
        case 8 -> style = CellStyle.withAttribute(style, CellStyle.HIDDEN, true);
        case 9 -> style = CellStyle.withAttribute(style, CellStyle.STRIKETHROUGH, true);
        case 21 -> style = CellStyle.withAttribute(style, CellStyle.UNDERLINE, true);
        case 22 -> {
          style = CellStyle.withAttribute(style, CellStyle.BOLD, false);
          style = CellStyle.withAttribute(style, CellStyle.DIM, false);
        }
        case 23 -> style = CellStyle.withAttribute(style, CellStyle.ITALIC, false);
        case 24 -> style = CellStyle.withAttribute(style, CellStyle.UNDERLINE, false);
        case 25 -> style = CellStyle.withAttribute(style, CellStyle.BLINK, false);
        case 27 -> style = CellStyle.withAttribute(style, CellStyle.INVERSE, false);
        case 28 -> style = CellStyle.withAttribute(style, CellStyle.HIDDEN, false);
        case 29 -> style = CellStyle.withAttribute(style, CellStyle.STRIKETHROUGH, false);
        case 38, 48, 58 -> i = extendedColour(i, p);
        case 39 -> style = CellStyle.withForeground(style, CellStyle.DEFAULT_COLOUR);
        case 49 -> style = CellStyle.withBackground(style, CellStyle.DEFAULT_COLOUR);
        default -> {
          if (p >= 30 && p <= 37) {
            style = CellStyle.withForeground(style, CellStyle.indexed(p - 30));
          } else if (p >= 40 && p <= 47) {
            style = CellStyle.withBackground(style, CellStyle.indexed(p - 40));
          } else if (p >= 90 && p <= 97) {
            style = CellStyle.withForeground(style, CellStyle.indexed(p - 90 + 8));
          } else if (p >= 100 && p <= 107) {
            style = CellStyle.withBackground(style, CellStyle.indexed(p - 100 + 8));
          }
        }
      }
    }
  }

  /**
   * 38/48 (and 58, underline colour, read and dropped) with either {@code ;5;n} / {@code ;2;r;g;b}
   * or the colon forms {@code :5:n} / {@code :2::r:g:b} / {@code :2:r:g:b}. Returns the index of
   * the last parameter consumed.
   */
  private int extendedColour(int i, int which) {
    boolean colon = i + 1 < paramCount && subParam[i + 1];
    int kind = param(i + 1, -1);
    int colour;
    int last;
    if (kind == 5) {
      colour = CellStyle.indexed(param(i + 2, 0));
      last = i + 2;
    } else if (kind == 2) {
      int first = i + 2;
      if (colon) {
        int subs = 0;
        while (i + 1 + subs < paramCount && subParam[i + 1 + subs]) {
          subs++;
        }
        // 38:2:cs:r:g:b has a colour-space id before the channels; 38:2:r:g:b has none.
        if (subs >= 5) {
          first = i + 3;
        }
      }
      colour = CellStyle.rgb(param(first, 0), param(first + 1, 0), param(first + 2, 0));
      last = first + 2;
    } else {
      return colon ? skipSubParams(i) : Math.min(i + 1, paramCount - 1);
    }
    if (colon) {
      last = skipSubParams(i);
    }
    if (which == 38) {
      style = CellStyle.withForeground(style, colour);
    } else if (which == 48) {
      style = CellStyle.withBackground(style, colour);
    }
    return Math.min(last, paramCount - 1);
  }

  private int skipSubParams(int i) {
    while (i + 1 < paramCount && subParam[i + 1]) {
      i++;
    }
    return i;
  }

  // ------------------------------------------------------------------ OSC

  private void oscDone() {
    state = State.GROUND;
    String s = osc.toString();
    osc.setLength(0);
    int semi = s.indexOf(';');
    if (semi < 0) {
      return;
    }
    String code = s.substring(0, semi);
    if (code.equals("0") || code.equals("2")) {
      title = s.substring(semi + 1);
    }
    // OSC 1 (icon name), 4/10/11 (colours), 7 (cwd), 8 (links), 52 (clipboard): ignored safely.
  }

  // ------------------------------------------------------------------ printing

  private void print(int cp) {
    boolean graphics = shiftOut ? g1Graphics : g0Graphics;
    if (graphics && cp >= 0x5F && cp <= 0x7E) {
      cp = DEC_GRAPHICS[cp - 0x5F];
    }
    int w = CharWidth.of(cp);
    if (w == 0) {
      return; // combining marks: drawn by neither cell; the base character stands alone
    }
    if (buf.pendingWrap && autoWrap) {
      wrapToNextLine();
    }
    if (w == 2 && buf.cursorX == cols - 1) {
      if (cols < 2) {
        return;
      }
      if (autoWrap) {
        cells().clear(buf.cursorX, cols, CellStyle.erased(style));
        wrapToNextLine();
      } else {
        buf.cursorX = cols - 2;
      }
    }
    Line line = cells();
    int x = buf.cursorX;
    if (insertMode) {
      shiftRight(line, x, w);
    }
    breakWide(line, x);
    if (w == 2) {
      breakWide(line, x + 1);
    }
    line.chars[x] = cp;
    line.styles[x] = style;
    if (w == 2) {
      line.chars[x + 1] = Line.WIDE_TAIL;
      line.styles[x + 1] = style;
    }
    lastPrinted = cp;
    if (x + w >= cols) {
      buf.cursorX = cols - 1;
      buf.pendingWrap = autoWrap;
    } else {
      buf.cursorX = x + w;
    }
  }

  /** {@link #print} for a printable ASCII character in the common case; else the full path. */
  private void printAscii(int cp) {
    if (buf.pendingWrap && autoWrap) {
      wrapToNextLine();
    }
    Line line = buf.lines[buf.cursorY];
    int x = buf.cursorX;
    if (insertMode
        || g0Graphics
        || shiftOut
        || line.chars[x] == Line.WIDE_TAIL
        || (x + 1 < cols && line.chars[x + 1] == Line.WIDE_TAIL)) {
      print(cp);
      return;
    }
    line.chars[x] = cp;
    line.styles[x] = style;
    lastPrinted = cp;
    if (x + 1 >= cols) {
      buf.cursorX = cols - 1;
      buf.pendingWrap = autoWrap;
    } else {
      buf.cursorX = x + 1;
    }
  }

  private void wrapToNextLine() {
    cells().wrapped = true;
    buf.cursorX = 0;
    buf.pendingWrap = false;
    lineFeed();
  }

  /** Clears both halves of a wide character when one of them is about to be overwritten. */
  private void breakWide(Line line, int x) {
    if (x >= cols) {
      return;
    }
    if (line.chars[x] == Line.WIDE_TAIL && x > 0) {
      line.chars[x - 1] = 0;
      line.chars[x] = 0;
    } else if (x + 1 < cols && line.chars[x + 1] == Line.WIDE_TAIL) {
      line.chars[x + 1] = 0;
    }
  }

  private void repeat(int n) {
    if (lastPrinted < 0) {
      return;
    }
    n = Math.min(n, cols * rows);
    for (int i = 0; i < n; i++) {
      print(lastPrinted);
    }
  }

  private Line cells() {
    return buf.lines[buf.cursorY];
  }

  // ------------------------------------------------------------------ cursor

  private void cursorUp(int n) {
    int top = buf.cursorY >= scrollTop ? scrollTop : 0;
    buf.cursorY = Math.max(top, buf.cursorY - n);
    buf.pendingWrap = false;
  }

  private void cursorDown(int n) {
    int bottom = buf.cursorY <= scrollBottom ? scrollBottom : rows - 1;
    buf.cursorY = Math.min(bottom, buf.cursorY + n);
    buf.pendingWrap = false;
  }

  private void cursorForward(int n) {
    buf.cursorX = Math.min(cols - 1, buf.cursorX + n);
    buf.pendingWrap = false;
  }

  private void cursorBack(int n) {
    buf.cursorX = Math.max(0, buf.cursorX - n);
    buf.pendingWrap = false;
  }

  private void setColumn(int x) {
    buf.cursorX = clamp(x, 0, cols - 1);
    buf.pendingWrap = false;
  }

  private void setRow(int y) {
    if (originMode) {
      buf.cursorY = clamp(y + scrollTop, scrollTop, scrollBottom);
    } else {
      buf.cursorY = clamp(y, 0, rows - 1);
    }
    buf.pendingWrap = false;
  }

  private void moveTo(int y, int x) {
    setRow(y);
    setColumn(x);
  }

  private void tab(int n) {
    int x = buf.cursorX;
    for (int i = 0; i < n && x < cols - 1; i++) {
      x++;
      while (x < cols - 1 && !tabStops[x]) {
        x++;
      }
    }
    buf.cursorX = x;
    buf.pendingWrap = false;
  }

  private void backTab(int n) {
    int x = buf.cursorX;
    for (int i = 0; i < n && x > 0; i++) {
      x--;
      while (x > 0 && !tabStops[x]) {
        x--;
      }
    }
    buf.cursorX = x;
    buf.pendingWrap = false;
  }

  private void clearTabs(int mode) {
    if (mode == 0) {
      tabStops[Math.min(buf.cursorX, cols - 1)] = false;
    } else if (mode == 3) {
      Arrays.fill(tabStops, false);
    }
  }

  private void resetTabStops() {
    tabStops = new boolean[cols];
    for (int i = 8; i < cols; i += 8) {
      tabStops[i] = true;
    }
  }

  private void saveCursor() {
    buf.saved =
        new Saved(
            buf.cursorX,
            buf.cursorY,
            style,
            buf.pendingWrap,
            originMode,
            autoWrap,
            g0Graphics,
            g1Graphics,
            shiftOut);
  }

  private void restoreCursor() {
    Saved s = buf.saved;
    if (s == null) {
      buf.cursorX = 0;
      buf.cursorY = 0;
      buf.pendingWrap = false;
      originMode = false;
      style = CellStyle.PLAIN;
      return;
    }
    buf.cursorX = Math.min(s.x(), cols - 1);
    buf.cursorY = Math.min(s.y(), rows - 1);
    buf.pendingWrap = s.pendingWrap() && s.x() < cols;
    style = s.style();
    originMode = s.originMode();
    autoWrap = s.autoWrap();
    g0Graphics = s.g0Graphics();
    g1Graphics = s.g1Graphics();
    shiftOut = s.shiftOut();
  }

  // ------------------------------------------------------------------ scrolling

  private void lineFeed() {
    buf.pendingWrap = false;
    if (buf.cursorY == scrollBottom) {
      scrollUp(scrollTop, scrollBottom, 1);
    } else if (buf.cursorY < rows - 1) {
      buf.cursorY++;
    }
  }

  private void reverseIndex() {
    buf.pendingWrap = false;
    if (buf.cursorY == scrollTop) {
      scrollDown(scrollTop, scrollBottom, 1);
    } else if (buf.cursorY > 0) {
      buf.cursorY--;
    }
  }

  /** Moves rows top..bottom up by n; the main screen's top row goes into the scrollback. */
  private void scrollUp(int top, int bottom, int n) {
    n = Math.min(n, bottom - top + 1);
    Line[] lines = buf.lines;
    for (int i = 0; i < n; i++) {
      Line gone = lines[top];
      if (buf == main && top == 0 && scrollbackLimit > 0) {
        Line evicted = pushHistory(gone);
        // A full scrollback hands back its oldest line: reused, not reallocated, when it fits.
        gone = evicted != null && evicted.width() == cols ? evicted : null;
      }
      System.arraycopy(lines, top + 1, lines, top, bottom - top);
      Line fresh = gone != null ? gone : new Line(cols, CellStyle.PLAIN);
      fresh.clear(0, cols, CellStyle.erased(style));
      fresh.wrapped = false;
      lines[bottom] = fresh;
    }
  }

  private void scrollDown(int top, int bottom, int n) {
    n = Math.min(n, bottom - top + 1);
    Line[] lines = buf.lines;
    for (int i = 0; i < n; i++) {
      Line reused = lines[bottom];
      System.arraycopy(lines, top, lines, top + 1, bottom - top);
      reused.clear(0, cols, CellStyle.erased(style));
      reused.wrapped = false;
      lines[top] = reused;
    }
  }

  private void setScrollRegion(int top, int bottom) {
    bottom = Math.min(bottom, rows - 1);
    if (top >= bottom) {
      return; // a region needs at least two rows; xterm ignores the request
    }
    scrollTop = top;
    scrollBottom = bottom;
    moveTo(0, 0);
  }

  /** Adds a line to the scrollback; returns the line that fell out of it, if any. */
  private Line pushHistory(Line line) {
    Line evicted = null;
    if (historySize < scrollbackLimit) {
      history[(historyStart + historySize) % history.length] = line;
      historySize++;
    } else {
      evicted = history[historyStart];
      history[historyStart] = line;
      historyStart = (historyStart + 1) % history.length;
      droppedLines++;
    }
    scrolledIntoHistory++;
    return evicted;
  }

  private Line historyLine(int i) {
    return history[(historyStart + i) % history.length];
  }

  private Line popHistoryNewest() {
    int idx = (historyStart + historySize - 1) % history.length;
    Line l = history[idx];
    history[idx] = null;
    historySize--;
    return l;
  }

  // ------------------------------------------------------------------ editing

  private void eraseDisplay(int mode) {
    long fill = CellStyle.erased(style);
    Line[] lines = buf.lines;
    switch (mode) {
      case 0 -> {
        eraseLine(0);
        for (int y = buf.cursorY + 1; y < rows; y++) {
          lines[y].clear(0, cols, fill);
          lines[y].wrapped = false;
        }
      }
      case 1 -> {
        eraseLine(1);
        for (int y = 0; y < buf.cursorY; y++) {
          lines[y].clear(0, cols, fill);
          lines[y].wrapped = false;
        }
      }
      case 2 -> {
        for (Line l : lines) {
          l.clear(0, cols, fill);
          l.wrapped = false;
        }
      }
      case 3 -> {
        Arrays.fill(history, null);
        historyStart = 0;
        droppedLines += historySize;
        historySize = 0;
      }
      default -> {}
    }
  }

  private void eraseLine(int mode) {
    long fill = CellStyle.erased(style);
    Line line = cells();
    int x = buf.cursorX;
    switch (mode) {
      case 0 -> {
        breakWide(line, x);
        line.clear(x, cols, fill);
        line.wrapped = false;
      }
      case 1 -> {
        breakWide(line, x);
        line.clear(0, x + 1, fill);
      }
      case 2 -> {
        line.clear(0, cols, fill);
        line.wrapped = false;
      }
      default -> {}
    }
  }

  private void eraseChars(int n) {
    Line line = cells();
    breakWide(line, buf.cursorX);
    breakWide(line, Math.min(cols - 1, buf.cursorX + n));
    line.clear(buf.cursorX, buf.cursorX + n, CellStyle.erased(style));
    buf.pendingWrap = false;
  }

  private void insertChars(int n) {
    Line line = cells();
    breakWide(line, buf.cursorX);
    shiftRight(line, buf.cursorX, n);
    buf.pendingWrap = false;
  }

  private void shiftRight(Line line, int x, int n) {
    n = Math.min(n, cols - x);
    System.arraycopy(line.chars, x, line.chars, x + n, cols - x - n);
    System.arraycopy(line.styles, x, line.styles, x + n, cols - x - n);
    line.clear(x, x + n, CellStyle.erased(style));
    if (line.chars[cols - 1] > 0 && CharWidth.of(line.chars[cols - 1]) == 2) {
      line.chars[cols - 1] = 0; // its second half was pushed off the edge
    }
  }

  private void deleteChars(int n) {
    Line line = cells();
    int x = buf.cursorX;
    n = Math.min(n, cols - x);
    breakWide(line, x);
    breakWide(line, Math.min(cols - 1, x + n));
    System.arraycopy(line.chars, x + n, line.chars, x, cols - x - n);
    System.arraycopy(line.styles, x + n, line.styles, x, cols - x - n);
    line.clear(cols - n, cols, CellStyle.erased(style));
    buf.pendingWrap = false;
  }

  private void insertLines(int n) {
    if (buf.cursorY < scrollTop || buf.cursorY > scrollBottom) {
      return;
    }
    scrollDown(buf.cursorY, scrollBottom, n);
    buf.cursorX = 0;
    buf.pendingWrap = false;
  }

  private void deleteLines(int n) {
    if (buf.cursorY < scrollTop || buf.cursorY > scrollBottom) {
      return;
    }
    n = Math.min(n, scrollBottom - buf.cursorY + 1);
    Line[] lines = buf.lines;
    for (int i = 0; i < n; i++) {
      Line gone = lines[buf.cursorY];
      System.arraycopy(lines, buf.cursorY + 1, lines, buf.cursorY, scrollBottom - buf.cursorY);
      gone.clear(0, cols, CellStyle.erased(style));
      gone.wrapped = false;
      lines[scrollBottom] = gone;
    }
    buf.cursorX = 0;
    buf.pendingWrap = false;
  }

  private void alignmentPattern() {
    for (Line l : buf.lines) {
      Arrays.fill(l.chars, 'E');
      Arrays.fill(l.styles, CellStyle.PLAIN);
      l.wrapped = false;
    }
    scrollTop = 0;
    scrollBottom = rows - 1;
    buf.cursorX = 0;
    buf.cursorY = 0;
    buf.pendingWrap = false;
  }

  private void softReset() {
    cursorVisible = true;
    originMode = false;
    autoWrap = true;
    insertMode = false;
    applicationCursorKeys = false;
    applicationKeypad = false;
    scrollTop = 0;
    scrollBottom = rows - 1;
    style = CellStyle.PLAIN;
    g0Graphics = false;
    g1Graphics = false;
    shiftOut = false;
    buf.saved = null;
  }

  private void reset() {
    softReset();
    main = new Buffer(cols, rows);
    alt = new Buffer(cols, rows);
    buf = main;
    newLineMode = false;
    bracketedPaste = false;
    reverseVideo = false;
    title = "";
    lastPrinted = -1;
    resetTabStops();
  }

  private void respond(String reply) {
    responder.accept(reply.getBytes(StandardCharsets.US_ASCII));
  }

  // ------------------------------------------------------------------ resize

  /**
   * Changes the size. Rows leaving the top of the main screen go into the scrollback and come back
   * from it when the screen grows again; lines are cut, not re-wrapped, when it narrows.
   */
  public synchronized void resize(int newCols, int newRows) {
    if (newCols < 1 || newRows < 1) {
      throw new IllegalArgumentException(
          "a terminal needs at least 1x1 cells, not " + newCols + "x" + newRows);
    }
    if (newCols == cols && newRows == rows) {
      return;
    }
    resizeBuffer(main, newCols, newRows, true);
    resizeBuffer(alt, newCols, newRows, false);
    cols = newCols;
    rows = newRows;
    scrollTop = 0;
    scrollBottom = rows - 1;
    boolean[] oldStops = tabStops;
    resetTabStops();
    System.arraycopy(oldStops, 0, tabStops, 0, Math.min(oldStops.length, tabStops.length));
    version++;
  }

  private void resizeBuffer(Buffer b, int newCols, int newRows, boolean keepHistory) {
    for (Line l : b.lines) {
      l.resize(newCols);
    }
    int oldRows = b.lines.length;
    java.util.ArrayList<Line> lines = new java.util.ArrayList<>(Arrays.asList(b.lines));
    if (newRows < oldRows) {
      int excess = oldRows - newRows;
      // First drop blank rows below the cursor, then push rows off the top.
      while (excess > 0 && lines.size() - 1 > b.cursorY && isBlank(lines.get(lines.size() - 1))) {
        lines.remove(lines.size() - 1);
        excess--;
      }
      int offTop = Math.min(excess, b.cursorY);
      for (int i = 0; i < offTop; i++) {
        Line top = lines.remove(0);
        if (keepHistory && scrollbackLimit > 0) {
          pushHistory(top);
        }
        b.cursorY--;
      }
      // Rows below the cursor that still do not fit are dropped from the bottom.
      while (lines.size() > newRows) {
        lines.remove(lines.size() - 1);
      }
    } else if (newRows > oldRows) {
      int extra = newRows - oldRows;
      while (extra > 0 && keepHistory && historySize > 0) {
        Line back = popHistoryNewest();
        back.resize(newCols);
        lines.add(0, back);
        b.cursorY++;
        extra--;
        scrolledIntoHistory--;
      }
      for (int i = 0; i < extra; i++) {
        lines.add(new Line(newCols, CellStyle.PLAIN));
      }
    }
    b.lines = lines.toArray(new Line[0]);
    b.cursorY = clamp(b.cursorY, 0, newRows - 1);
    b.cursorX = clamp(b.cursorX, 0, newCols - 1);
    b.pendingWrap = false;
    if (b.saved != null) {
      Saved s = b.saved;
      b.saved =
          new Saved(
              Math.min(s.x(), newCols - 1),
              Math.min(s.y(), newRows - 1),
              s.style(),
              false,
              s.originMode(),
              s.autoWrap(),
              s.g0Graphics(),
              s.g1Graphics(),
              s.shiftOut());
    }
  }

  private static boolean isBlank(Line l) {
    for (int i = 0; i < l.chars.length; i++) {
      if (l.chars[i] != 0 || CellStyle.background(l.styles[i]) != CellStyle.DEFAULT_COLOUR) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ reading

  /** The visible rows, {@code scrollOffset} lines back into the scrollback (clamped). */
  public synchronized ScreenSnapshot snapshot(int scrollOffset) {
    int h = buf == main ? historySize : 0;
    int offset = clamp(scrollOffset, 0, h);
    int[][] chars = new int[rows][];
    long[][] styles = new long[rows][];
    for (int r = 0; r < rows; r++) {
      int idx = h - offset + r;
      Line l = idx < h ? historyLine(idx) : buf.lines[idx - h];
      chars[r] = Arrays.copyOf(l.chars, cols);
      styles[r] = Arrays.copyOf(l.styles, cols);
    }
    int cursorRow = buf.cursorY + offset;
    boolean shown = cursorVisible && offset == 0;
    return new ScreenSnapshot(
        cols,
        chars,
        styles,
        cursorRow,
        buf.cursorX,
        shown,
        droppedLines + h - offset,
        offset,
        h,
        reverseVideo);
  }

  /**
   * The text between two cells given as absolute line numbers ({@link ScreenSnapshot#firstLine}
   * plus a row) and columns, both ends included. Rows that wrapped are joined; others end with a
   * newline. Lines no longer kept are skipped.
   */
  public synchronized String text(long fromLine, int fromCol, long toLine, int toCol) {
    if (fromLine > toLine || (fromLine == toLine && fromCol > toCol)) {
      return text(toLine, toCol, fromLine, fromCol);
    }
    int h = buf == main ? historySize : 0;
    StringBuilder sb = new StringBuilder();
    for (long a = fromLine; a <= toLine; a++) {
      long i = a - droppedLines;
      if (i < 0 || i >= h + rows) {
        continue;
      }
      Line l = i < h ? historyLine((int) i) : buf.lines[(int) (i - h)];
      int from = a == fromLine ? fromCol : 0;
      int to = a == toLine ? toCol + 1 : l.width();
      sb.append(l.text(from, to));
      if (a < toLine && !l.wrapped) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** The text of a visible row of the current screen (not the scrollback). */
  public synchronized String rowText(int row) {
    return buf.lines[row].text(0, cols);
  }

  /** The whole current screen as text, rows joined with newlines, trailing blank rows dropped. */
  public synchronized String screenText() {
    StringBuilder sb = new StringBuilder();
    int last = rows - 1;
    while (last > 0 && buf.lines[last].text(0, cols).isEmpty()) {
      last--;
    }
    for (int r = 0; r <= last; r++) {
      sb.append(buf.lines[r].text(0, cols));
      if (r < last) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** The scrollback line {@code i} (0 is the oldest kept), as text. */
  public synchronized String historyText(int i) {
    Objects.checkIndex(i, historySize);
    return historyLine(i).text(0, Integer.MAX_VALUE);
  }

  /** The style of a cell on the current screen. */
  public synchronized long styleAt(int row, int col) {
    return buf.lines[row].styles[col];
  }

  /** The code point at a cell on the current screen (0 for blank). */
  public synchronized int codePointAt(int row, int col) {
    return buf.lines[row].chars[col];
  }

  public synchronized int columns() {
    return cols;
  }

  public synchronized int rows() {
    return rows;
  }

  public synchronized int cursorRow() {
    return buf.cursorY;
  }

  public synchronized int cursorColumn() {
    return buf.cursorX;
  }

  public synchronized boolean cursorVisible() {
    return cursorVisible;
  }

  public synchronized boolean applicationCursorKeys() {
    return applicationCursorKeys;
  }

  public synchronized boolean applicationKeypad() {
    return applicationKeypad;
  }

  public synchronized boolean bracketedPaste() {
    return bracketedPaste;
  }

  public synchronized boolean alternateScreen() {
    return buf == alt;
  }

  public synchronized boolean autoWrap() {
    return autoWrap;
  }

  public synchronized String title() {
    return title;
  }

  public synchronized long bells() {
    return bells;
  }

  /** Lines in the scrollback now (the alternate screen has none of its own). */
  public synchronized int historySize() {
    return historySize;
  }

  /**
   * A counter of lines that went into the scrollback since the start, for a view scrolled back to
   * stay on the same text while output continues.
   */
  public synchronized long scrolledIntoHistory() {
    return scrolledIntoHistory;
  }

  /** Changes with every feed and resize: a cheap "is there anything new to draw" check. */
  public synchronized long version() {
    return version;
  }

  /** The region DECSTBM set, as {top, bottom} rows (0-based, inclusive). */
  public synchronized int[] scrollRegion() {
    return new int[] {scrollTop, scrollBottom};
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** DEC special graphics for 0x5F-0x7E: the line drawing that ncurses programs use. */
  private static final int[] DEC_GRAPHICS = {
    0x00A0, 0x25C6, 0x2592, 0x2409, 0x240C, 0x240D, 0x240A, 0x00B0, 0x00B1, 0x2424, 0x240B,
    0x2518, 0x2510, 0x250C, 0x2514, 0x253C, 0x23BA, 0x23BB, 0x2500, 0x23BC, 0x23BD, 0x251C,
    0x2524, 0x2534, 0x252C, 0x2502, 0x2264, 0x2265, 0x03C0, 0x2260, 0x00A3, 0x00B7
  };
}
