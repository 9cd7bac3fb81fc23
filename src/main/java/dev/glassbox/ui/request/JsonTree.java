package dev.glassbox.ui.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document parsed with the character span of every value and key, so that a problem
 * found in a value (by the form mapping or the validator, as a field path) can be underlined
 * where it is written.
 */
final class JsonTree {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonTree() {}

  /** A parsed value; {@code start} inclusive and {@code end} exclusive, in chars of the text. */
  sealed interface JValue permits JObject, JArray, JString, JNumber, JBoolean, JNull {
    int start();

    int end();
  }

  /** An object; members keep their written order. */
  record JObject(int start, int end, Map<String, Member> members) implements JValue {
    JValue get(String key) {
      Member m = members.get(key);
      return m == null ? null : m.value();
    }
  }

  /** One member of an object with the span of its key (quotes included). */
  record Member(String key, int keyStart, int keyEnd, JValue value) {}

  record JArray(int start, int end, List<JValue> items) implements JValue {}

  record JString(int start, int end, String value) implements JValue {}

  record JNumber(int start, int end, BigDecimal value) implements JValue {}

  record JBoolean(int start, int end, boolean value) implements JValue {}

  record JNull(int start, int end) implements JValue {}

  /** A syntax error at a char offset, with Jackson's (1-based) line and column. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;
    final int line;
    final int column;

    SyntaxError(String message, int offset, int line, int column) {
      super(message);
      this.offset = offset;
      this.line = line;
      this.column = column;
    }
  }

  /** Parses one JSON value filling {@code text} (whitespace around it is fine). */
  static JValue parse(String text) throws SyntaxError {
    if (text.isBlank()) {
      throw new SyntaxError("the request is empty; write a JSON object such as {}", 0, 1, 1);
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      JValue root = value(p, first, text);
      JsonToken after = p.nextToken();
      if (after != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new SyntaxError(
            "there is more after the end of the request object; remove it",
            (int) at.getCharOffset(),
            at.getLineNr(),
            at.getColumnNr());
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int offset = at == null ? 0 : (int) Math.max(0, Math.min(text.length(), at.getCharOffset()));
      int line = at == null ? 1 : at.getLineNr();
      int column = at == null ? 1 : at.getColumnNr();
      throw new SyntaxError(clean(e.getOriginalMessage()), offset, line, column);
    } catch (IOException e) {
      // A parser over a String does no I/O; anything it throws is still about the text.
      throw new SyntaxError(String.valueOf(e.getMessage()), 0, 1, 1);
    }
  }

  private static JValue value(JsonParser p, JsonToken t, String text) throws IOException {
    int start = (int) p.currentTokenLocation().getCharOffset();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Member> members = new LinkedHashMap<>();
          JsonToken next;
          while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyStart = (int) p.currentTokenLocation().getCharOffset();
            int keyEnd = stringEnd(text, keyStart);
            JValue v = value(p, p.nextToken(), text);
            members.put(key, new Member(key, keyStart, keyEnd, v));
          }
          int end = (int) p.currentTokenLocation().getCharOffset() + 1;
          return new JObject(start, end, Collections.unmodifiableMap(members));
        }
      case START_ARRAY:
        {
          List<JValue> items = new ArrayList<>();
          JsonToken next;
          while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(p, next, text));
          }
          int end = (int) p.currentTokenLocation().getCharOffset() + 1;
          return new JArray(start, end, List.copyOf(items));
        }
      case VALUE_STRING:
        return new JString(start, stringEnd(text, start), p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new JNumber(start, scalarEnd(text, start), p.getDecimalValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new JBoolean(start, scalarEnd(text, start), t == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return new JNull(start, scalarEnd(text, start));
      default:
        throw new IllegalStateException("unexpected token " + t);
    }
  }

  /** The offset after the closing quote of the string starting at {@code start}. */
  private static int stringEnd(String text, int start) {
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return text.length();
  }

  private static int scalarEnd(String text, int start) {
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /** Jackson's messages name internal codes; keep the first sentence a user can act on. */
  private static String clean(String message) {
    if (message == null) {
      return "the JSON is malformed";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    if (nl > 0) {
      m = m.substring(0, nl).strip();
    }
    m = m.replaceAll(" \\(code \\d+\\)", "");
    m = m.replace("Unexpected end-of-input", "The text ends too early");
    if (m.contains("was expecting comma")) {
      m = m + "; is a comma missing before it?";
    }
    return m;
  }

  /**
   * The span to underline for a field path such as {@code inputs[0].digest}: the value if it is
   * written, else the deepest part of the path that is; for a container, the key that holds it
   * (an array element has none: then the whole element), so that an underline stays short.
   *
   * @return {@code {start, end}}, or null when the path is empty or nothing of it is written
   */
  static int[] locate(JValue root, String fieldPath) {
    if (root == null || fieldPath.isEmpty()) {
      return null;
    }
    JValue current = root;
    Member holder = null;
    for (FieldPaths.Segment s : FieldPaths.segments(fieldPath)) {
      JValue next = null;
      Member nextHolder = null;
      if (s.key() != null && current instanceof JObject o) {
        nextHolder = o.members().get(s.key());
        next = nextHolder == null ? null : nextHolder.value();
      } else if (s.key() == null && current instanceof JArray a && s.index() < a.items().size()) {
        next = a.items().get(s.index());
      }
      if (next == null) {
        break;
      }
      current = next;
      holder = nextHolder;
    }
    if (current == root) {
      return null;
    }
    if (current instanceof JObject || current instanceof JArray) {
      if (holder != null) {
        return new int[] {holder.keyStart(), holder.keyEnd()};
      }
      return new int[] {current.start(), current.end()};
    }
    return new int[] {current.start(), current.end()};
  }
}
