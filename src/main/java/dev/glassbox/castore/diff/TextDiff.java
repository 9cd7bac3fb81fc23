package dev.glassbox.castore.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts (java-diff-utils' Myers diff): a unified diff for the terminal and a
 * side-by-side row model with intra-line changes for the Compare view.
 */
public final class TextDiff {
  /** Lines longer than this get no intra-line spans: the token diff would be quadratic-ish. */
  private static final int MAX_INLINE_CHARS = 4000;

  private final List<String> left;
  private final List<String> right;
  private final Patch<String> patch;

  private TextDiff(List<String> left, List<String> right) {
    this.left = List.copyOf(left);
    this.right = List.copyOf(right);
    this.patch = DiffUtils.diff(this.left, this.right);
  }

  /** Diffs two lists of lines. */
  public static TextDiff of(List<String> left, List<String> right) {
    return new TextDiff(left, right);
  }

  /** Diffs two UTF-8 texts (malformed bytes become U+FFFD). */
  public static TextDiff of(byte[] left, byte[] right) {
    return new TextDiff(lines(left), lines(right));
  }

  /** Splits on {@code \n} (a trailing {@code \r} stays visible as part of the line). */
  public static List<String> lines(byte[] text) {
    String s = new String(text, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (start < s.length()) {
      out.add(s.substring(start));
    }
    return out;
  }

  public boolean identical() {
    return patch.getDeltas().isEmpty();
  }

  /** Lines only on the left plus lines only on the right. */
  public int changedLines() {
    int n = 0;
    for (AbstractDelta<String> d : patch.getDeltas()) {
      n += d.getSource().size() + d.getTarget().size();
    }
    return n;
  }

  /** A unified diff ({@code --- a}, {@code +++ b}, {@code @@} hunks); empty when identical. */
  public List<String> unified(String leftName, String rightName, int context) {
    if (identical()) {
      return List.of();
    }
    return UnifiedDiffUtils.generateUnifiedDiff(leftName, rightName, left, patch, context);
  }

  /** Every line of both sides as side-by-side rows, changed lines paired with their spans. */
  public List<DiffRow> rows() {
    List<DiffRow> rows = new ArrayList<>();
    int l = 0;
    int r = 0;
    for (AbstractDelta<String> d : patch.getDeltas()) {
      int ls = d.getSource().getPosition();
      while (l < ls) {
        rows.add(equal(l++, r++));
      }
      List<String> src = d.getSource().getLines();
      List<String> dst = d.getTarget().getLines();
      int paired = d.getType() == DeltaType.CHANGE ? Math.min(src.size(), dst.size()) : 0;
      for (int i = 0; i < paired; i++) {
        String a = src.get(i);
        String b = dst.get(i);
        List<List<Span>> spans = inline(a, b);
        rows.add(
            new DiffRow(
                DiffRow.Kind.CHANGED, l + 1, a, spans.get(0), r + 1, b, spans.get(1)));
        l++;
        r++;
      }
      for (int i = paired; i < src.size(); i++) {
        String a = src.get(i);
        rows.add(
            new DiffRow(
                DiffRow.Kind.DELETED, ++l, a, List.of(new Span(0, a.length())), 0, "", List.of()));
      }
      for (int i = paired; i < dst.size(); i++) {
        String b = dst.get(i);
        rows.add(
            new DiffRow(
                DiffRow.Kind.INSERTED, 0, "", List.of(), ++r, b, List.of(new Span(0, b.length()))));
      }
    }
    while (l < left.size()) {
      rows.add(equal(l++, r++));
    }
    return rows;
  }

  private DiffRow equal(int l, int r) {
    return new DiffRow(
        DiffRow.Kind.EQUAL, l + 1, left.get(l), List.of(), r + 1, right.get(r), List.of());
  }

  /**
   * The changed parts of two paired lines, diffed by tokens (runs of letters and digits, runs of
   * spaces, single other characters) so a changed number is marked whole rather than digit by digit.
   */
  static List<List<Span>> inline(String a, String b) {
    if (a.length() > MAX_INLINE_CHARS || b.length() > MAX_INLINE_CHARS) {
      return List.of(List.of(new Span(0, a.length())), List.of(new Span(0, b.length())));
    }
    List<String> ta = tokens(a);
    List<String> tb = tokens(b);
    int[] oa = offsets(ta);
    int[] ob = offsets(tb);
    List<Span> sa = new ArrayList<>();
    List<Span> sb = new ArrayList<>();
    for (AbstractDelta<String> d : DiffUtils.diff(ta, tb).getDeltas()) {
      addSpan(sa, oa, d.getSource().getPosition(), d.getSource().size());
      addSpan(sb, ob, d.getTarget().getPosition(), d.getTarget().size());
    }
    return List.of(sa, sb);
  }

  private static void addSpan(List<Span> spans, int[] offsets, int first, int count) {
    if (count == 0) {
      return;
    }
    int start = offsets[first];
    int end = offsets[first + count];
    if (!spans.isEmpty() && spans.get(spans.size() - 1).end() == start) {
      start = spans.remove(spans.size() - 1).start();
    }
    spans.add(new Span(start, end));
  }

  private static int[] offsets(List<String> tokens) {
    int[] o = new int[tokens.size() + 1];
    for (int i = 0; i < tokens.size(); i++) {
      o[i + 1] = o[i] + tokens.get(i).length();
    }
    return o;
  }

  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int j = i + 1;
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_') {
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
      } else if (c == ' ' || c == '\t') {
        while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
          j++;
        }
      } else if (Character.isHighSurrogate(c) && j < s.length()) {
        j++;
      }
      out.add(s.substring(i, j));
      i = j;
    }
    return out;
  }
}
