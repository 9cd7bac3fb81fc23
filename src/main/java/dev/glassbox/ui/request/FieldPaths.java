package dev.glassbox.ui.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Field paths as the validator writes them ({@code scratchPaths[1]}, {@code inputs[0].digest},
 * {@code constraints.system}): their parts, their ancestors (to find the nearest place in the form
 * that shows a message) and the order of the form (to list problems top to bottom).
 */
final class FieldPaths {
  private FieldPaths() {}

  /** The request's top-level fields in the order of the format, which the form follows. */
  static final List<String> FIELD_ORDER =
      List.of(
          "commandArgs",
          "workingDir",
          "inputsDir",
          "inputs",
          "scratchPaths",
          "outputs",
          "environmentVars",
          "constraints",
          "additionalFiles",
          "refscanNeedles");

  /** One step of a path: an object key, or (when {@code key} is null) an array index. */
  record Segment(String key, int index) {}

  static List<Segment> segments(String path) {
    List<Segment> out = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          break;
        }
        try {
          out.add(new Segment(null, Integer.parseInt(path.substring(i + 1, close))));
        } catch (NumberFormatException e) {
          break;
        }
        i = close + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        out.add(new Segment(path.substring(i, end), -1));
        i = end;
      }
    }
    return out;
  }

  /**
   * The path and each of its ancestors, most specific first: {@code inputs[0].digest}, {@code
   * inputs[0]}, {@code inputs}. Empty for the empty path (the request as a whole).
   */
  static List<String> selfAndAncestors(String path) {
    List<String> out = new ArrayList<>();
    String p = path;
    while (!p.isEmpty()) {
      out.add(p);
      int dot = p.lastIndexOf('.');
      int bracket = p.lastIndexOf('[');
      int cut = Math.max(dot, bracket);
      p = cut < 0 ? "" : p.substring(0, cut);
    }
    return out;
  }

  /** Orders paths as the form shows them: by section, then element, then field within it. */
  static final Comparator<String> FORM_ORDER =
      (a, b) -> {
        List<Segment> x = segments(a);
        List<Segment> y = segments(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
          int c = compare(x.get(i), y.get(i), i == 0);
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      };

  private static int compare(Segment a, Segment b, boolean topLevel) {
    if (a.key() == null && b.key() == null) {
      return Integer.compare(a.index(), b.index());
    }
    if (a.key() == null || b.key() == null) {
      return a.key() == null ? -1 : 1;
    }
    if (topLevel) {
      return Integer.compare(rank(a.key()), rank(b.key()));
    }
    return 0;
  }

  private static int rank(String topField) {
    int i = FIELD_ORDER.indexOf(topField);
    return i < 0 ? FIELD_ORDER.size() : i;
  }
}
