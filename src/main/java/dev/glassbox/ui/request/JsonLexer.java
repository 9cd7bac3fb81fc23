package dev.glassbox.ui.request;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits JSON text into highlightable tokens. It never fails: text that is not JSON still gets
 * tokens for what looks like JSON, so highlighting keeps working while the user types.
 */
final class JsonLexer {
  private JsonLexer() {}

  enum Kind {
    KEY,
    STRING,
    NUMBER,
    LITERAL,
    PUNCTUATION
  }

  /** A token; {@code end} is exclusive. */
  record Token(int start, int end, Kind kind) {}

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"') {
        int end = stringEnd(text, i);
        int after = end;
        while (after < n && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
          after++;
        }
        boolean key = after < n && text.charAt(after) == ':';
        out.add(new Token(i, end, key ? Kind.KEY : Kind.STRING));
        i = end;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        int end = i + 1;
        while (end < n && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
          end++;
        }
        out.add(new Token(i, end, Kind.NUMBER));
        i = end;
      } else if (Character.isLetter(c)) {
        int end = i + 1;
        while (end < n && Character.isLetter(text.charAt(end))) {
          end++;
        }
        String word = text.substring(i, end);
        if (word.equals("true") || word.equals("false") || word.equals("null")) {
          out.add(new Token(i, end, Kind.LITERAL));
        }
        i = end;
      } else if ("{}[]:,".indexOf(c) >= 0) {
        out.add(new Token(i, i + 1, Kind.PUNCTUATION));
        i++;
      } else {
        i++;
      }
    }
    return out;
  }

  /** After the closing quote, or at the end of the line for a string left open while typing. */
  private static int stringEnd(String text, int start) {
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      } else if (c == '\n') {
        return i;
      }
    }
    return text.length();
  }
}
