package dev.glassbox.sandbox.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A runtime spec laid out for reading, with the character range of every value by its JSON
 * pointer and the syntax tokens, so a view can highlight the value an explanation talks about and
 * find the explanation of the value under the caret.
 *
 * <p>Arrays of plain values that fit on a line (mount options, capability sets are long and do
 * not) are written on one line: {@code config.json} has many of them and one value per line
 * would bury the structure.
 */
public final class ConfigText {
  /** Inline arrays of scalars up to this many characters. */
  private static final int INLINE_LIMIT = 72;

  /** A half-open character range {@code [start, end)}. */
  public record Range(int start, int end) {
    public Range {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
      }
    }

    public boolean contains(int offset) {
      return offset >= start && offset < end;
    }

    public int length() {
      return end - start;
    }
  }

  /** What a token is, for colouring. */
  public enum TokenKind {
    KEY,
    STRING,
    NUMBER,
    LITERAL,
    PUNCTUATION
  }

  public record Token(int start, int end, TokenKind kind) {}

  private final String text;
  private final Map<String, Range> ranges;
  private final List<Token> tokens;

  private ConfigText(String text, Map<String, Range> ranges, List<Token> tokens) {
    this.text = text;
    this.ranges = Collections.unmodifiableMap(ranges);
    this.tokens = List.copyOf(tokens);
  }

  /** Lays out {@code spec}. */
  public static ConfigText of(JsonNode spec) {
    Objects.requireNonNull(spec, "spec");
    Printer p = new Printer();
    p.value(spec, "", 0);
    p.out.append('\n');
    return new ConfigText(p.out.toString(), p.ranges, p.tokens);
  }

  public String text() {
    return text;
  }

  /** The range of the value at {@code pointer} ({@code ""} is the whole document). */
  public java.util.Optional<Range> range(String pointer) {
    return java.util.Optional.ofNullable(ranges.get(pointer));
  }

  /** Every pointer with its range. */
  public Map<String, Range> ranges() {
    return ranges;
  }

  public List<Token> tokens() {
    return tokens;
  }

  /** The pointers whose values contain {@code offset}, innermost first. */
  public List<String> pointersAt(int offset) {
    List<String> hits = new ArrayList<>();
    for (Map.Entry<String, Range> e : ranges.entrySet()) {
      if (e.getValue().contains(offset)) {
        hits.add(e.getKey());
      }
    }
    hits.sort((a, b) -> Integer.compare(ranges.get(a).length(), ranges.get(b).length()));
    return hits;
  }

  /** Escapes one reference token of a JSON pointer (RFC 6901). */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static final class Printer {
    final StringBuilder out = new StringBuilder();
    final Map<String, Range> ranges = new HashMap<>();
    final List<Token> tokens = new ArrayList<>();

    void value(JsonNode n, String pointer, int indent) {
      int start = out.length();
      if (n.isObject()) {
        object(n, pointer, indent);
      } else if (n.isArray()) {
        array(n, pointer, indent);
      } else {
        scalar(n);
      }
      ranges.put(pointer, new Range(start, out.length()));
    }

    private void object(JsonNode n, String pointer, int indent) {
      if (n.isEmpty()) {
        punct("{}");
        return;
      }
      punct("{");
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        out.append('\n');
        pad(indent + 1);
        String child = pointer + "/" + escape(f.getKey());
        // The key belongs to its member's range, so clicking a key selects what it names.
        int memberStart = out.length();
        token(TextNode.valueOf(f.getKey()).toString(), TokenKind.KEY);
        punct(":");
        out.append(' ');
        value(f.getValue(), child, indent + 1);
        ranges.put(child, new Range(memberStart, out.length()));
        if (it.hasNext()) {
          punct(",");
        }
      }
      out.append('\n');
      pad(indent);
      punct("}");
    }

    private void array(JsonNode n, String pointer, int indent) {
      if (n.isEmpty()) {
        punct("[]");
        return;
      }
      if (inlineable(n)) {
        punct("[");
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            punct(",");
            out.append(' ');
          }
          value(n.get(i), pointer + "/" + i, indent + 1);
        }
        punct("]");
        return;
      }
      punct("[");
      for (int i = 0; i < n.size(); i++) {
        out.append('\n');
        pad(indent + 1);
        value(n.get(i), pointer + "/" + i, indent + 1);
        if (i < n.size() - 1) {
          punct(",");
        }
      }
      out.append('\n');
      pad(indent);
      punct("]");
    }

    private static boolean inlineable(JsonNode array) {
      int length = 2;
      for (JsonNode e : array) {
        if (e.isContainerNode()) {
          return false;
        }
        length += e.toString().length() + 2;
      }
      return length <= INLINE_LIMIT;
    }

    private void scalar(JsonNode n) {
      TokenKind kind =
          n.isTextual() ? TokenKind.STRING : n.isNumber() ? TokenKind.NUMBER : TokenKind.LITERAL;
      token(n.toString(), kind);
    }

    private void punct(String s) {
      token(s, TokenKind.PUNCTUATION);
    }

    private void token(String s, TokenKind kind) {
      int start = out.length();
      out.append(s);
      tokens.add(new Token(start, out.length(), kind));
    }

    private void pad(int indent) {
      out.append("  ".repeat(indent));
    }
  }
}
