package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import javafx.collections.ObservableListBase;

/**
 * The rows a ListView shows for one document under one stream filter, computed on demand: {@code
 * get(i)} costs a binary search at most, never a copy of the log. The size changes only in {@link
 * #sync}, once a pulse, so the list stays consistent while the document grows on other threads.
 * Lines the user expanded take several rows, one per slice of {@code wrap} characters. FX thread
 * only.
 */
final class RowModel extends ObservableListBase<Row> {
  private final LogDocument doc;
  private final boolean showStdout;
  private final boolean showStderr;
  private int lines; // logical lines shown, as of the last sync
  private long revision = -1;
  private final int[] openAtSync = {-1, -1};

  // Expanded lines by document index: {wrap, rows}. 'rows' changes only in sync and expand.
  private final TreeMap<Integer, int[]> expanded = new TreeMap<>();
  // The expanded lines in row order, with their position among the shown lines; rebuilt on change.
  private int[] expVisible = new int[0];
  private int[] expLine = new int[0];
  private int[] expRows = new int[0];
  private int[] expWrap = new int[0];
  private int size;

  RowModel(LogDocument doc, boolean showStdout, boolean showStderr) {
    this.doc = doc;
    this.showStdout = showStdout;
    this.showStderr = showStderr;
  }

  LogDocument document() {
    return doc;
  }

  boolean shows(LogStream stream) {
    return stream == LogStream.STDOUT ? showStdout : showStderr;
  }

  /** Logical lines shown, as of the last sync. */
  int lineCount() {
    return lines;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Row get(int row) {
    if (row < 0 || row >= size) {
      throw new IndexOutOfBoundsException(row + " of " + size);
    }
    int extra = 0;
    for (int k = 0; k < expVisible.length; k++) {
      int first = expVisible[k] + extra;
      if (row < first) {
        break;
      }
      if (row < first + expRows[k]) {
        return new Row(expLine[k], row - first, expRows[k], expWrap[k]);
      }
      extra += expRows[k] - 1;
    }
    return new Row(lineAt(row - extra), 0, 0, 0);
  }

  /** The document line shown at position {@code visible} among the shown lines. */
  private int lineAt(int visible) {
    if (showStdout && showStderr) {
      return visible;
    }
    return doc.streamLine(showStdout ? LogStream.STDOUT : LogStream.STDERR, visible);
  }

  /** Position of {@code line} among the shown lines, or -1 if it is filtered out or not synced. */
  int visibleOf(int line) {
    if (doc == null || line < 0) {
      return -1;
    }
    int v;
    if (showStdout && showStderr) {
      v = line;
    } else {
      LogStream stream = doc.stream(line);
      if (!shows(stream)) {
        return -1;
      }
      v = doc.streamPosition(stream, line);
    }
    return v < lines ? v : -1;
  }

  /** The row showing character {@code charPos} of {@code line}, or -1 if the line is not shown. */
  int rowOf(int line, int charPos) {
    int v = visibleOf(line);
    if (v < 0) {
      return -1;
    }
    int row = v;
    for (int k = 0; k < expVisible.length && expVisible[k] < v; k++) {
      row += expRows[k] - 1;
    }
    int[] e = expanded.get(line);
    if (e != null) {
      row += Math.min(Math.max(0, charPos) / e[0], e[1] - 1);
    }
    return row;
  }

  boolean isExpanded(int line) {
    return expanded.containsKey(line);
  }

  /**
   * Catches up with the document: rows of lines that were still growing at the last sync are
   * replaced (after {@code changed} hears of each, so caches can drop them), new lines are added.
   */
  void sync(LogDocument.State s, IntConsumer changed) {
    if (doc == null || s.revision() == revision) {
      return;
    }
    revision = s.revision();
    for (int k = 0; k < 2; k++) {
      int line = openAtSync[k];
      if (line >= 0) {
        changed.accept(line);
        refreshLine(line);
      }
    }
    openAtSync[0] = s.openStdout();
    openAtSync[1] = s.openStderr();
    int now =
        showStdout && showStderr
            ? s.lineCount()
            : (showStdout ? s.stdoutLines() : 0) + (showStderr ? s.stderrLines() : 0);
    if (now > lines) {
      int from = size;
      size += now - lines;
      lines = now;
      beginChange();
      nextAdd(from, size);
      endChange();
    }
  }

  /** Re-reads a line that changed: its rows are replaced, and an expanded one may gain rows. */
  void refreshLine(int line) {
    int v = visibleOf(line);
    if (v < 0) {
      return;
    }
    int first = rowOf(line, 0);
    int[] e = expanded.get(line);
    if (e == null) {
      Row old = get(first);
      beginChange();
      nextReplace(first, first + 1, List.of(old));
      endChange();
      return;
    }
    int oldRows = e[1];
    int newRows = rowsFor(line, e[0]);
    List<Row> before = rowsOfLine(line, first, oldRows, e[0]);
    e[1] = newRows;
    rebuild();
    size += newRows - oldRows;
    beginChange();
    int same = Math.min(oldRows, newRows);
    nextReplace(first, first + same, before.subList(0, same));
    if (newRows > oldRows) {
      nextAdd(first + oldRows, first + newRows);
    } else if (newRows < oldRows) {
      nextRemove(first + newRows, before.subList(newRows, oldRows));
    }
    endChange();
  }

  /** Shows a line whole, in slices of {@code wrap} characters; returns its first row or -1. */
  int expand(int line, int wrap) {
    int v = visibleOf(line);
    if (v < 0 || wrap <= 0) {
      return -1;
    }
    int first = rowOf(line, 0);
    if (expanded.containsKey(line)) {
      return first;
    }
    Row old = get(first);
    int rows = rowsFor(line, wrap);
    expanded.put(line, new int[] {wrap, rows});
    rebuild();
    size += rows - 1;
    beginChange();
    nextReplace(first, first + 1, List.of(old));
    if (rows > 1) {
      nextAdd(first + 1, first + rows);
    }
    endChange();
    return first;
  }

  /** Shows an expanded line truncated again; returns its row or -1. */
  int collapse(int line) {
    int[] e = expanded.get(line);
    int v = visibleOf(line);
    if (e == null || v < 0) {
      expanded.remove(line);
      rebuild();
      return -1;
    }
    int first = rowOf(line, 0);
    List<Row> before = rowsOfLine(line, first, e[1], e[0]);
    expanded.remove(line);
    rebuild();
    size -= e[1] - 1;
    beginChange();
    nextReplace(first, first + 1, before.subList(0, 1));
    if (e[1] > 1) {
      nextRemove(first + 1, before.subList(1, e[1]));
    }
    endChange();
    return first;
  }

  private int rowsFor(int line, int wrap) {
    int chars = doc.length(line);
    return Math.max(1, (int) ((chars + (long) wrap - 1) / wrap));
  }

  private static List<Row> rowsOfLine(int line, int first, int rows, int wrap) {
    return new AbstractList<>() {
      @Override
      public Row get(int i) {
        return new Row(line, i, rows, wrap);
      }

      @Override
      public int size() {
        return rows;
      }
    };
  }

  private void rebuild() {
    int n = 0;
    int[] vis = new int[expanded.size()];
    int[] ln = new int[vis.length];
    int[] rows = new int[vis.length];
    int[] wraps = new int[vis.length];
    for (Map.Entry<Integer, int[]> entry : expanded.entrySet()) {
      int v = visibleOf(entry.getKey());
      if (v >= 0) {
        vis[n] = v;
        ln[n] = entry.getKey();
        wraps[n] = entry.getValue()[0];
        rows[n] = entry.getValue()[1];
        n++;
      }
    }
    expVisible = java.util.Arrays.copyOf(vis, n);
    expLine = java.util.Arrays.copyOf(ln, n);
    expRows = java.util.Arrays.copyOf(rows, n);
    expWrap = java.util.Arrays.copyOf(wraps, n);
  }
}
