package dev.glassbox.terminal;

import java.nio.charset.StandardCharsets;

/**
 * The bytes an xterm sends for keys, so programs in the terminal (shells, editors, pagers) read the
 * sequences their terminfo entry for {@code xterm-256color} promises.
 */
public final class TerminalKeys {
  /** The keys that do not type a character. */
  public enum Key {
    ENTER,
    BACKSPACE,
    TAB,
    ESCAPE,
    UP,
    DOWN,
    RIGHT,
    LEFT,
    HOME,
    END,
    PAGE_UP,
    PAGE_DOWN,
    INSERT,
    DELETE,
    F1,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
    F8,
    F9,
    F10,
    F11,
    F12
  }

  private static final String ESC = "\033";
  private static final String PASTE_START = ESC + "[200~";
  private static final String PASTE_END = ESC + "[201~";

  private TerminalKeys() {}

  /**
   * The sequence for {@code key}. {@code applicationCursor} is the program's DECCKM choice (arrows
   * as {@code ESC O A} rather than {@code ESC [ A}); modifiers follow xterm's {@code ;N} scheme.
   */
  public static byte[] encode(
      Key key, boolean shift, boolean ctrl, boolean alt, boolean applicationCursor) {
    int mod = 1 + (shift ? 1 : 0) + (alt ? 2 : 0) + (ctrl ? 4 : 0);
    String s =
        switch (key) {
          case ENTER -> (alt ? ESC : "") + "\r";
          case BACKSPACE -> (alt ? ESC : "") + (ctrl ? "\b" : "\u007f");
          case TAB -> shift ? ESC + "[Z" : (alt ? ESC : "") + "\t";
          case ESCAPE -> ESC;
          case UP -> cursor('A', mod, applicationCursor);
          case DOWN -> cursor('B', mod, applicationCursor);
          case RIGHT -> cursor('C', mod, applicationCursor);
          case LEFT -> cursor('D', mod, applicationCursor);
          case HOME -> cursor('H', mod, applicationCursor);
          case END -> cursor('F', mod, applicationCursor);
          case INSERT -> tilde(2, mod);
          case DELETE -> tilde(3, mod);
          case PAGE_UP -> tilde(5, mod);
          case PAGE_DOWN -> tilde(6, mod);
          case F1 -> function('P', mod);
          case F2 -> function('Q', mod);
          case F3 -> function('R', mod);
          case F4 -> function('S', mod);
          case F5 -> tilde(15, mod);
          case F6 -> tilde(17, mod);
          case F7 -> tilde(18, mod);
          case F8 -> tilde(19, mod);
          case F9 -> tilde(20, mod);
          case F10 -> tilde(21, mod);
          case F11 -> tilde(23, mod);
          case F12 -> tilde(24, mod);
        };
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Ctrl plus a character: letters give 1-26 (Ctrl+C is 3, the interrupt), and {@code @ [ \ ] ^ _}
   * and space give the other C0 codes. Returns null for characters that have no control code.
   */
  public static byte[] control(char c, boolean alt) {
    int code;
    char u = Character.toUpperCase(c);
    if (u >= 'A' && u <= 'Z') {
      code = u - 'A' + 1;
    } else if (c == '@' || c == ' ' || c == '2') {
      code = 0;
    } else if (c == '[' || c == '3') {
      code = 27;
    } else if (c == '\\' || c == '4') {
      code = 28;
    } else if (c == ']' || c == '5') {
      code = 29;
    } else if (c == '^' || c == '6') {
      code = 30;
    } else if (c == '_' || c == '-' || c == '7') {
      code = 31;
    } else if (c == '?' || c == '8') {
      code = 127;
    } else {
      return null;
    }
    return alt ? new byte[] {0x1B, (byte) code} : new byte[] {(byte) code};
  }

  /**
   * Typed text; with Alt, each character is sent with an ESC before it (xterm's metaSendsEscape).
   */
  public static byte[] text(String typed, boolean alt) {
    return ((alt ? ESC : "") + typed).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Pasted text: line breaks become carriage returns (what Enter sends) and, when the program asked
   * for bracketed paste, the text is wrapped in the paste markers, with any end marker inside it
   * removed so pasted text cannot end the paste early and run as typed commands.
   */
  public static byte[] paste(String text, boolean bracketed) {
    String s = text.replace("\r\n", "\r").replace('\n', '\r');
    if (bracketed) {
      s = PASTE_START + s.replace(PASTE_END, "") + PASTE_END;
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String cursor(char c, int mod, boolean app) {
    if (mod > 1) {
      return ESC + "[1;" + mod + c;
    }
    return ESC + (app ? "O" : "[") + c;
  }

  private static String tilde(int n, int mod) {
    return ESC + "[" + n + (mod > 1 ? ";" + mod : "") + "~";
  }

  private static String function(char c, int mod) {
    return mod > 1 ? ESC + "[1;" + mod + c : ESC + "O" + c;
  }
}
