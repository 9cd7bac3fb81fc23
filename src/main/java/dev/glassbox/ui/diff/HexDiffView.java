package dev.glassbox.ui.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.diff.HexDiff;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A paged hex comparison of two binary files: one page of {@link #PAGE_ROWS} rows is read at a
 * time, starting at the first differing byte, so a huge blob is never loaded whole.
 */
final class HexDiffView extends VBox {
  static final int PAGE_ROWS = 64;
  private static final long PAGE = (long) PAGE_ROWS * HexDiff.ROW_BYTES;

  private final DiffWork.Slot work;
  private final Consumer<Exception> onError;
  private final ListView<HexDiff.Row> list = new ListView<>();
  private final Label where = new Label();
  private final Button prev = new Button("\u25C0 Previous page");
  private final Button next = new Button("Next page \u25B6");
  private final Button first = new Button("First difference");
  private Castore store;
  private FileNode left;
  private FileNode right;
  private long firstDiff;
  private long offset;

  HexDiffView(DiffWork.Slot work, Consumer<Exception> onError) {
    this.work = work;
    this.onError = onError;
    setId("hex-diff");
    getStyleClass().add("hex-diff");
    list.setCellFactory(l -> new HexCell());
    list.setFixedCellSize(38);
    prev.setOnAction(e -> load(offset - PAGE));
    next.setOnAction(e -> load(offset + PAGE));
    first.setOnAction(e -> load(firstDiff));
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    for (Button b : List.of(first, prev, next)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    where.setMinWidth(0);
    HBox bar = new HBox(8, where, grow, first, prev, next);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("diff-toolbar");
    VBox.setVgrow(list, Priority.ALWAYS);
    getChildren().addAll(bar, list);
  }

  /** Shows the page holding {@code firstDifference} (already found in the background). */
  void show(Castore store, FileNode left, FileNode right, long firstDifference, List<HexDiff.Row> page) {
    this.store = store;
    this.left = left;
    this.right = right;
    this.firstDiff = Math.max(0, firstDifference);
    this.offset = page.isEmpty() ? 0 : page.get(0).offset();
    apply(page);
  }

  private void load(long at) {
    long max = Math.max(left.size(), right.size());
    long start = Math.max(0, Math.min(at, Math.max(0, max - 1)));
    start -= start % HexDiff.ROW_BYTES;
    long from = start;
    work.run(
        () -> HexDiff.page(store, left, right, from, PAGE_ROWS),
        rows -> {
          offset = from;
          apply(rows);
        },
        onError);
  }

  private void apply(List<HexDiff.Row> rows) {
    list.getItems().setAll(rows);
    long max = Math.max(left.size(), right.size());
    where.setText(
        String.format(
            "bytes %,d\u2013%,d (sizes %,d \u2192 %,d), first difference at %,d",
            offset, Math.min(max, offset + PAGE), left.size(), right.size(), firstDiff));
    prev.setDisable(offset == 0);
    next.setDisable(offset + PAGE >= max);
  }

  List<HexDiff.Row> rows() {
    return list.getItems();
  }

  /** One row as two lines, before above after, so both fit in half a window. */
  private static final class HexCell extends ListCell<HexDiff.Row> {
    private final HBox before = new HBox();
    private final HBox after = new HBox();
    private final VBox box = new VBox(before, after);

    @Override
    protected void updateItem(HexDiff.Row row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        return;
      }
      side(before, row, true);
      side(after, row, false);
      setGraphic(box);
    }

    private static void side(HBox line, HexDiff.Row row, boolean isLeft) {
      line.getChildren().clear();
      line.getChildren().add(t((isLeft ? "\u2212 " : "+ ") + String.format("%08x  ", row.offset()), "diff-line-no"));
      byte[] b = isLeft ? row.left() : row.right();
      HexFormat hex = HexFormat.of();
      for (int i = 0; i < HexDiff.ROW_BYTES; i++) {
        String cell = i < b.length ? hex.toHexDigits(b[i]) : "  ";
        boolean differs = i < row.differs().length && row.differs()[i] && i < b.length;
        line.getChildren().add(t(cell, differs ? (isLeft ? "diff-span-del" : "diff-span-ins") : "diff-text"));
        line.getChildren().add(t(i == 7 ? "  " : " ", "diff-text"));
      }
      line.getChildren().add(t(" " + row.ascii(isLeft), "diff-line-no"));
    }

    private static Label t(String s, String style) {
      Label t = new Label(s);
      t.getStyleClass().addAll("mono", style);
      t.setMinWidth(Region.USE_PREF_SIZE);
      return t;
    }
  }
}
