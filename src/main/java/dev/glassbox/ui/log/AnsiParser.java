package dev.glassbox.ui.log;

/**
 * Turns terminal output into plain text plus style runs: SGR sequences ({@code ESC [ ... m}) set
 * colours and attributes, every other escape sequence (cursor moves, erase, OSC titles and
 * hyperlinks, charset selection, DCS strings) is dropped, and so are control characters other than
 * tab and carriage return, which the log document handles itself.
 *
 * <p>The parser is fed one piece of a stream at a time and keeps its state in between, like a
 * terminal: an escape sequence cut by a 64 KiB piece boundary still parses, and a colour set on one
 * line stays on for the next lines of that stream until reset. Not thread-safe.
 */
final class AnsiParser {
  private static final int NORMAL = 0;
  private static final int ESCAPE = 1; // after ESC
  private static final int ESCAPE_INTERMEDIATE = 2; // ESC followed by 0x20-0x2F, before the final
  private static final int CSI = 3; // after ESC [ or U+009B
  private static final int STRING = 4; // OSC, DCS, SOS, PM, APC: until BEL or ST
  private static final int STRING_ESCAPE = 5; // ESC inside a string: ST if '\' follows

  // A CSI longer than this is garbage, not a sequence a program meant; stop collecting it.
  private static final int MAX_PARAMS = 256;

  private int state = NORMAL;
  private final StringBuilder params = new StringBuilder();
  private boolean csiIsSgr;

  private int fg = AnsiStyle.DEFAULT;
  private int bg = AnsiStyle.DEFAULT;
  private int attributes;

  /** True when no sequence is open and the style is plain, so plain text needs no parsing. */
  boolean isIdle() {
    return state == NORMAL && fg == AnsiStyle.DEFAULT && bg == AnsiStyle.DEFAULT && attributes == 0;
  }

  AnsiStyle style() {
    return new AnsiStyle(fg, bg, attributes);
  }

  /**
   * Forgets a sequence left open at the end of a line; the style carries over, as in a terminal.
   */
  void endLine() {
    state = NORMAL;
    params.setLength(0);
  }

  /** Parses {@code input}, appending its visible characters to {@code out}. */
  void feed(CharSequence input, StyledBuilder out) {
    int n = input.length();
    for (int i = 0; i < n; i++) {
      char c = input.charAt(i);
      switch (state) {
        case NORMAL:
          normal(c, out);
          break;
        case ESCAPE:
          escape(c, out);
          break;
        case ESCAPE_INTERMEDIATE:
          if (c < 0x20 || c > 0x2F) {
            state = NORMAL; // the final byte (or garbage) ends it either way
          }
          break;
        case CSI:
          csi(c);
          break;
        case STRING:
          if (c == 0x07 || c == 0x9C) {
            state = NORMAL;
          } else if (c == 0x1B) {
            state = STRING_ESCAPE;
          }
          break;
        case STRING_ESCAPE:
          if (c == '\\') {
            state = NORMAL;
          } else {
            // An ESC that is not ST aborts the string and starts a new sequence, as in xterm.
            state = ESCAPE;
            escape(c, out);
          }
          break;
        default:
          throw new IllegalStateException("state " + state);
      }
    }
  }

  private void normal(char c, StyledBuilder out) {
    if (c == 0x1B) {
      state = ESCAPE;
    } else if (c == 0x9B) {
      startCsi();
    } else if (c == 0x9D || c == 0x90) {
      state = STRING; // 8-bit OSC and DCS
    } else if (c >= 0x20 && c != 0x7F && (c < 0x80 || c > 0x9F)) {
      out.append(c, fg, bg, attributes);
    } else if (c == '\t' || c == '\r') {
      out.append(c, fg, bg, attributes);
    }
    // Other C0/C1 controls (BEL, backspace, NUL...) have no visible form: drop them.
  }

  private void escape(char c, StyledBuilder out) {
    if (c == '[') {
      startCsi();
    } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
      state = STRING;
    } else if (c >= 0x20 && c <= 0x2F) {
      state = ESCAPE_INTERMEDIATE;
    } else if (c == 0x1B) {
      state = ESCAPE;
    } else if (c >= 0x30 && c <= 0x7E) {
      state = NORMAL; // a two-character sequence such as ESC 7 or ESC M
    } else {
      state = NORMAL;
      normal(c, out);
    }
  }

  private void startCsi() {
    state = CSI;
    params.setLength(0);
    csiIsSgr = true;
  }

  private void csi(char c) {
    if (c >= 0x30 && c <= 0x3F) {
      if (c != ';' && c != ':' && (c < '0' || c > '9')) {
        csiIsSgr = false; // private markers '<', '=', '>', '?' make it something else
      }
      if (params.length() < MAX_PARAMS) {
        params.append(c);
      } else {
        csiIsSgr = false;
      }
    } else if (c >= 0x20 && c <= 0x2F) {
      csiIsSgr = false; // intermediates: not SGR (e.g. DECSCUSR "ESC [ 2 SP q")
    } else if (c >= 0x40 && c <= 0x7E) {
      if (c == 'm' && csiIsSgr) {
        applySgr(params);
      }
      state = NORMAL;
    } else if (c == 0x1B) {
      state = ESCAPE;
    } else {
      state = NORMAL; // a control character inside a CSI: the sequence is broken, drop it
    }
  }

  /**
   * Applies the parameters of one SGR sequence, e.g. {@code "1;38;5;208"} or {@code "38:2::1:2:3"}.
   */
  void applySgr(CharSequence p) {
    if (p.length() == 0) {
      reset();
      return;
    }
    // Split into ';'-separated parameters, each with ':'-separated sub-parameters.
    int[][] groups = parseGroups(p);
    for (int i = 0; i < groups.length; i++) {
      int[] g = groups[i];
      int code = g[0];
      if (code == 38 || code == 48 || code == 58) {
        int colour;
        if (g.length > 1) { // colon form: 38:5:n or 38:2:[colourspace:]r:g:b
          colour = extendedColour(g, 1, g.length);
        } else { // semicolon form consumes the following parameters
          int kind = i + 1 < groups.length ? groups[i + 1][0] : -1;
          if (kind == 5 && i + 2 < groups.length) {
            colour = clampIndex(groups[i + 2][0]);
            i += 2;
          } else if (kind == 2 && i + 4 < groups.length) {
            colour = AnsiStyle.rgb(groups[i + 2][0], groups[i + 3][0], groups[i + 4][0]);
            i += 4;
          } else {
            return; // malformed: ignore the rest, as terminals do
          }
        }
        if (code == 38) {
          fg = colour;
        } else if (code == 48) {
          bg = colour;
        } // 58 (underline colour) is parsed only to skip its arguments
        continue;
      }
      simple(code, g);
    }
  }

  private void simple(int code, int[] g) {
    if (code == 0) {
      reset();
    } else if (code == 1) {
      attributes |= AnsiStyle.BOLD;
    } else if (code == 2) {
      attributes |= AnsiStyle.DIM;
    } else if (code == 3) {
      attributes |= AnsiStyle.ITALIC;
    } else if (code == 4) {
      if (g.length > 1 && g[1] == 0) {
        attributes &= ~AnsiStyle.UNDERLINE; // 4:0 means no underline
      } else {
        attributes |= AnsiStyle.UNDERLINE; // plain, double, curly, dotted, dashed: all underline
      }
    } else if (code == 7) {
      attributes |= AnsiStyle.INVERSE;
    } else if (code == 9) {
      attributes |= AnsiStyle.STRIKETHROUGH;
    } else if (code == 21) {
      attributes |= AnsiStyle.UNDERLINE;
    } else if (code == 22) {
      attributes &= ~(AnsiStyle.BOLD | AnsiStyle.DIM);
    } else if (code == 23) {
      attributes &= ~AnsiStyle.ITALIC;
    } else if (code == 24) {
      attributes &= ~AnsiStyle.UNDERLINE;
    } else if (code == 27) {
      attributes &= ~AnsiStyle.INVERSE;
    } else if (code == 29) {
      attributes &= ~AnsiStyle.STRIKETHROUGH;
    } else if (code >= 30 && code <= 37) {
      fg = code - 30;
    } else if (code == 39) {
      fg = AnsiStyle.DEFAULT;
    } else if (code >= 40 && code <= 47) {
      bg = code - 40;
    } else if (code == 49) {
      bg = AnsiStyle.DEFAULT;
    } else if (code >= 90 && code <= 97) {
      fg = code - 90 + 8;
    } else if (code >= 100 && code <= 107) {
      bg = code - 100 + 8;
    }
    // Blink, hidden, fonts, frames and the rest have no place in a log view: ignored.
  }

  private static int extendedColour(int[] g, int from, int to) {
    if (to - from >= 2 && g[from] == 5) {
      return clampIndex(g[from + 1]);
    }
    if (g[from] == 2 && to - from >= 4) {
      // 38:2:r:g:b or 38:2:colourspace:r:g:b (ITU T.416); the last three are the colour.
      return AnsiStyle.rgb(g[to - 3], g[to - 2], g[to - 1]);
    }
    return AnsiStyle.DEFAULT;
  }

  private static int clampIndex(int i) {
    return Math.max(0, Math.min(255, i));
  }

  private static int[][] parseGroups(CharSequence p) {
    int count = 1;
    for (int i = 0; i < p.length(); i++) {
      if (p.charAt(i) == ';') {
        count++;
      }
    }
    int[][] groups = new int[count][];
    int g = 0;
    int start = 0;
    for (int i = 0; i <= p.length(); i++) {
      if (i == p.length() || p.charAt(i) == ';') {
        groups[g++] = parseSubs(p, start, i);
        start = i + 1;
      }
    }
    return groups;
  }

  private static int[] parseSubs(CharSequence p, int from, int to) {
    int count = 1;
    for (int i = from; i < to; i++) {
      if (p.charAt(i) == ':') {
        count++;
      }
    }
    int[] subs = new int[count];
    int s = 0;
    int value = 0;
    for (int i = from; i <= to; i++) {
      if (i == to || p.charAt(i) == ':') {
        subs[s++] = value; // an empty parameter counts as 0
        value = 0;
      } else {
        // Saturate instead of overflowing; any value this large is out of range anyway.
        value = Math.min(100_000, value * 10 + (p.charAt(i) - '0'));
      }
    }
    return subs;
  }

  private void reset() {
    fg = AnsiStyle.DEFAULT;
    bg = AnsiStyle.DEFAULT;
    attributes = 0;
  }

  /** Parses one complete piece of text on its own, from a plain state. */
  static StyledText parse(String text) {
    AnsiParser parser = new AnsiParser();
    StyledBuilder out = new StyledBuilder();
    parser.feed(text, out);
    return new StyledText(out.text.toString(), out.runsBetween(0, out.text.length()));
  }
}
