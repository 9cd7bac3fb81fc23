package dev.glassbox.ui.log;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * A virtual list of fixed-height rows whose cost per frame depends only on the rows on screen.
 *
 * <p>JavaFX's ListView cannot do this at a million rows: its VirtualFlow (JavaFX 21) walks every
 * row to find the first visible one and to estimate its length, even with a fixed cell size, so
 * each frame of a growing log costs tens of milliseconds. This view keeps the scroll position as a
 * fractional row number, lays out one row node per visible row, and offers what a log needs of a
 * list: selection of rows (click, Shift, Ctrl/Cmd, drag, keys), keyboard scrolling, the mouse
 * wheel, and both scroll bars. FX thread only.
 */
final class RowsView extends Region {
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass FOCUSED_ROW = PseudoClass.getPseudoClass("focused-row");

  private final Function<RowsView, LogCell> rowFactory;
  private final double rowHeight;
  private final ScrollBar vbar = new ScrollBar();
  private final ScrollBar hbar = new ScrollBar();
  private final Pane sheet = new Pane();
  private final Rectangle clip = new Rectangle();
  private final List<LogCell> pool = new ArrayList<>();
  private Node placeholder;
  private ObservableList<Row> items;
  private final ListChangeListener<Row> itemsListener = this::itemsChanged;

  private double top; // the row at the top edge, fractional
  private double hoffset; // pixels scrolled to the right
  private boolean dirty = true; // every visible row must be redrawn
  private boolean adjustingBars;
  private double viewportWidth;
  private double viewportHeight;

  private final BitSet selected = new BitSet();
  private int anchor = -1;
  private int focus = -1;

  RowsView(double rowHeight, Function<RowsView, LogCell> rowFactory) {
    this.rowHeight = rowHeight;
    this.rowFactory = rowFactory;
    getStyleClass().add("log-rows");
    setFocusTraversable(true);
    vbar.setOrientation(Orientation.VERTICAL);
    hbar.setOrientation(Orientation.HORIZONTAL);
    vbar.setMin(0);
    hbar.setMin(0);
    sheet.setClip(clip);
    sheet.getStyleClass().add("sheet");
    getChildren().addAll(sheet, vbar, hbar);
    vbar.valueProperty()
        .addListener(
            (o, a, b) -> {
              if (!adjustingBars) {
                setTop(b.doubleValue());
              }
            });
    hbar.valueProperty()
        .addListener(
            (o, a, b) -> {
              if (!adjustingBars) {
                hoffset = b.doubleValue();
                requestLayout();
              }
            });
    addEventHandler(
        ScrollEvent.SCROLL,
        e -> {
          if (e.getDeltaY() != 0) {
            setTop(top - e.getDeltaY() / rowHeight);
          }
          if (e.getDeltaX() != 0 && hbar.isVisible()) {
            hbar.setValue(clamp(hbar.getValue() - e.getDeltaX(), 0, hbar.getMax()));
          }
          e.consume();
        });
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::mousePressed);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::mouseDragged);
    addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
  }

  // ---- items --------------------------------------------------------------------------------

  void setItems(ObservableList<Row> newItems) {
    if (items != null) {
      items.removeListener(itemsListener);
    }
    items = newItems;
    if (items != null) {
      items.addListener(itemsListener);
    }
    selected.clear();
    anchor = -1;
    focus = -1;
    top = 0;
    hoffset = 0;
    refresh();
  }

  ObservableList<Row> getItems() {
    return items;
  }

  int size() {
    return items == null ? 0 : items.size();
  }

  private void itemsChanged(ListChangeListener.Change<? extends Row> c) {
    while (c.next()) {
      if (c.wasPermutated() || c.wasUpdated()) {
        continue;
      }
      int from = c.getFrom();
      int removed = c.getRemovedSize();
      int added = c.getAddedSize();
      // Rows were inserted or removed before the end (a line expanded or collapsed): move the
      // selection after them. Rows appended at the end, the usual change, move nothing.
      if (added != removed && from < c.getList().size() - added) {
        shift(from + removed, added - removed);
      }
    }
    refresh();
  }

  /** Moves the selection of rows at or after {@code from} by {@code by}. */
  private void shift(int from, int by) {
    if (selected.isEmpty() && focus < from && anchor < from) {
      return;
    }
    BitSet moved = new BitSet();
    for (int i = selected.nextSetBit(0); i >= 0; i = selected.nextSetBit(i + 1)) {
      if (i < from) {
        if (by >= 0 || i < from + by) {
          moved.set(i);
        }
      } else if (i + by >= 0) {
        moved.set(i + by);
      }
    }
    selected.clear();
    selected.or(moved);
    if (focus >= from) {
      focus = Math.max(from + Math.min(by, 0), focus + by);
    }
    if (anchor >= from) {
      anchor = Math.max(from + Math.min(by, 0), anchor + by);
    }
  }

  /** Redraws every visible row at the next layout. */
  void refresh() {
    dirty = true;
    requestLayout();
  }

  void setPlaceholder(Node node) {
    if (placeholder != null) {
      getChildren().remove(placeholder);
    }
    placeholder = node;
    if (node != null) {
      node.setManaged(false);
      getChildren().add(node);
    }
  }

  // ---- scrolling ----------------------------------------------------------------------------

  /** Rows that fit entirely in the viewport. */
  int fullRows() {
    return (int) Math.max(1, Math.floor(viewportHeight() / rowHeight));
  }

  private double viewportHeight() {
    return viewportHeight > 0 ? viewportHeight : getHeight();
  }

  double viewportWidth() {
    return viewportWidth > 0 ? viewportWidth : getWidth();
  }

  double horizontalOffset() {
    return hoffset;
  }

  javafx.beans.property.DoubleProperty horizontalOffsetProperty() {
    return hbar.valueProperty();
  }

  private double maxTop() {
    return Math.max(0, size() - viewportHeight() / rowHeight);
  }

  void setTop(double row) {
    double t = clamp(row, 0, maxTop());
    if (t != top) {
      top = t;
      requestLayout();
    }
  }

  double top() {
    return top;
  }

  int firstVisibleRow() {
    return Math.min(size() - 1, (int) Math.floor(top));
  }

  /** Whether the last row is entirely on screen. */
  boolean atBottom() {
    return size() == 0 || top >= maxTop() - 1e-6;
  }

  void scrollToEnd() {
    setTop(maxTop());
  }

  void scrollToCenter(int row) {
    setTop(row - fullRows() / 2.0 + 0.5);
  }

  /** Scrolls as little as possible to show {@code row} entirely. */
  void ensureVisible(int row) {
    if (row < top) {
      setTop(row);
    } else if (row + 1 > top + viewportHeight() / rowHeight) {
      setTop(row + 1 - viewportHeight() / rowHeight);
    }
  }

  /** The visible row node showing row {@code index}, if any (for tests). */
  List<LogCell> visibleCells() {
    List<LogCell> out = new ArrayList<>();
    for (LogCell cell : pool) {
      if (cell.isVisible() && cell.getItem() != null) {
        out.add(cell);
      }
    }
    out.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
    return out;
  }

  // ---- selection ----------------------------------------------------------------------------

  void clearAndSelect(int row) {
    selected.clear();
    if (row >= 0 && row < size()) {
      selected.set(row);
      anchor = row;
      focus = row;
    }
    refresh();
  }

  void selectRange(int from, int toInclusive) {
    selected.clear();
    int a = Math.max(0, Math.min(from, toInclusive));
    int b = Math.min(size() - 1, Math.max(from, toInclusive));
    if (a <= b) {
      selected.set(a, b + 1);
    }
    anchor = from;
    focus = toInclusive;
    refresh();
  }

  void selectAll() {
    selected.clear();
    if (size() > 0) {
      selected.set(0, size());
      anchor = 0;
      focus = size() - 1;
    }
    refresh();
  }

  void clearSelection() {
    selected.clear();
    refresh();
  }

  /** The selected rows, ascending. */
  int[] selectedRows() {
    return selected.stream().filter(i -> i < size()).toArray();
  }

  /** The selected row, or -1 (the focused one if several are selected). */
  int selectedRow() {
    if (focus >= 0 && selected.get(focus)) {
      return focus;
    }
    return selected.nextSetBit(0);
  }

  private void mousePressed(MouseEvent e) {
    requestFocus();
    if (insideLinkOrBar(e.getTarget()) || !e.isPrimaryButtonDown()) {
      return;
    }
    int row = rowAt(e.getY());
    if (row < 0) {
      return;
    }
    if (e.isShiftDown() && anchor >= 0) {
      int a = anchor;
      selectRange(a, row);
      anchor = a;
    } else if (e.isShortcutDown()) {
      selected.flip(row);
      anchor = row;
      focus = row;
      refresh();
    } else {
      clearAndSelect(row);
    }
  }

  private void mouseDragged(MouseEvent e) {
    if (anchor < 0 || insideLinkOrBar(e.getTarget()) || !e.isPrimaryButtonDown()) {
      return;
    }
    if (e.getY() < 0) {
      setTop(top - 1);
    } else if (e.getY() > viewportHeight()) {
      setTop(top + 1);
    }
    int row = rowAt(clamp(e.getY(), 0, viewportHeight() - 1));
    if (row >= 0) {
      int a = anchor;
      selectRange(a, row);
      anchor = a;
    }
  }

  private static boolean insideLinkOrBar(Object target) {
    for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
      if (n instanceof Hyperlink || n instanceof ScrollBar) {
        return true;
      }
      if (n instanceof RowsView) {
        return false;
      }
    }
    return false;
  }

  private int rowAt(double y) {
    if (y < 0 || y >= viewportHeight()) {
      return -1;
    }
    int row = (int) Math.floor(top + y / rowHeight);
    return row < size() ? row : -1;
  }

  private void keyPressed(KeyEvent e) {
    int n = size();
    if (n == 0) {
      return;
    }
    KeyCode k = e.getCode();
    int target;
    if (k == KeyCode.UP) {
      target = Math.max(0, (focus < 0 ? (int) top : focus) - 1);
    } else if (k == KeyCode.DOWN) {
      target = Math.min(n - 1, (focus < 0 ? (int) top : focus) + 1);
    } else if (k == KeyCode.PAGE_UP) {
      target = Math.max(0, (focus < 0 ? (int) top : focus) - (fullRows() - 1));
    } else if (k == KeyCode.PAGE_DOWN) {
      target = Math.min(n - 1, (focus < 0 ? (int) top : focus) + (fullRows() - 1));
    } else if (k == KeyCode.HOME) {
      target = 0;
    } else if (k == KeyCode.END) {
      target = n - 1;
    } else if (k == KeyCode.A && e.isShortcutDown()) {
      selectAll();
      e.consume();
      return;
    } else {
      return;
    }
    if (e.isShiftDown() && anchor >= 0) {
      int a = anchor;
      selectRange(a, target);
      anchor = a;
    } else {
      clearAndSelect(target);
    }
    ensureVisible(target);
    e.consume();
  }

  // ---- layout -------------------------------------------------------------------------------

  @Override
  protected void layoutChildren() {
    double w = getWidth();
    double h = getHeight();
    double vbarWidth = vbar.prefWidth(-1);
    double hbarHeight = hbar.prefHeight(-1);
    int n = size();
    boolean needV = n * rowHeight > h;
    viewportWidth = w - (needV ? vbarWidth : 0);
    // The horizontal bar depends on the widest visible row, known after the rows are filled.
    boolean needH = hbar.isVisible();
    viewportHeight = h - (needH ? hbarHeight : 0);
    top = clamp(top, 0, maxTop());

    int visible = (int) Math.ceil(viewportHeight / rowHeight) + 1;
    while (pool.size() < visible) {
      LogCell cell = rowFactory.apply(this);
      cell.setManaged(false); // placed here; the sheet (a Pane) would shrink it to its pref size
      pool.add(cell);
      sheet.getChildren().add(cell);
    }
    int first = (int) Math.floor(top);
    double y0 = -(top - first) * rowHeight;
    double widest = 0;
    for (int i = 0; i < pool.size(); i++) {
      LogCell cell = pool.get(i);
      int index = first + i;
      if (i < visible && index < n) {
        Row row = items.get(index);
        boolean sel = selected.get(index);
        if (dirty || cell.getIndex() != index || !row.equals(cell.getItem())) {
          cell.show(row, index);
        }
        cell.pseudoClassStateChanged(SELECTED, sel);
        cell.pseudoClassStateChanged(FOCUSED_ROW, index == focus);
        cell.setVisible(true);
        widest = Math.max(widest, cell.prefWidth(-1));
      } else {
        if (cell.getItem() != null) {
          cell.show(null, -1);
        }
        cell.setVisible(false);
      }
    }
    dirty = false;
    boolean wantH = widest > viewportWidth + 0.5;
    if (wantH != needH) {
      hbar.setVisible(wantH);
      viewportHeight = h - (wantH ? hbarHeight : 0);
      top = clamp(top, 0, maxTop());
      first = (int) Math.floor(top);
      y0 = -(top - first) * rowHeight;
    }
    hoffset = clamp(hoffset, 0, Math.max(0, widest - viewportWidth));
    double rowWidth = Math.max(viewportWidth + hoffset, widest);
    for (int i = 0; i < pool.size(); i++) {
      LogCell cell = pool.get(i);
      if (cell.isVisible()) {
        cell.resizeRelocate(-hoffset, y0 + i * rowHeight, rowWidth, rowHeight);
      }
    }
    sheet.resizeRelocate(0, 0, viewportWidth, viewportHeight);
    clip.setWidth(viewportWidth);
    clip.setHeight(viewportHeight);

    adjustingBars = true;
    try {
      vbar.setVisible(needV);
      vbar.setMax(Math.max(0, maxTop()));
      vbar.setVisibleAmount(Math.max(1, viewportHeight / rowHeight));
      vbar.setBlockIncrement(Math.max(1, fullRows() - 1));
      vbar.setUnitIncrement(3);
      vbar.setValue(top);
      vbar.resizeRelocate(w - vbarWidth, 0, vbarWidth, viewportHeight);
      hbar.setMax(Math.max(0, widest - viewportWidth));
      hbar.setVisibleAmount(viewportWidth);
      hbar.setUnitIncrement(40);
      hbar.setBlockIncrement(viewportWidth * 0.8);
      hbar.setValue(hoffset);
      hbar.resizeRelocate(0, h - hbarHeight, viewportWidth, hbarHeight);
    } finally {
      adjustingBars = false;
    }
    if (placeholder != null) {
      placeholder.setVisible(n == 0);
      double pw = placeholder.prefWidth(-1);
      double ph = placeholder.prefHeight(-1);
      placeholder.resizeRelocate((w - pw) / 2, (h - ph) / 3, pw, ph);
    }
  }

  @Override
  protected double computePrefWidth(double height) {
    return 600;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 400;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
