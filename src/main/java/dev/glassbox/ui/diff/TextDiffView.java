package dev.glassbox.ui.diff;

import dev.glassbox.castore.diff.DiffRow;
import dev.glassbox.castore.diff.Span;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * A side-by-side text diff: left and right lines in one virtual list (so a 100,000-line file
 * scrolls as fast as a short one), changed lines paired with their changed parts highlighted,
 * filler where one side has no line. Previous/next jump between changes.
 */
final class TextDiffView extends VBox {
  private final ListView<DiffRow> list = new ListView<>();
  private final Label summary = new Label();
  private final List<Integer> changeStarts = new ArrayList<>();

  TextDiffView() {
    getStyleClass().add("text-diff");
    setId("text-diff");
    list.setId("text-diff-rows");
    list.getStyleClass().add("text-diff-rows");
    list.setCellFactory(l -> new RowCell());
    list.setFixedCellSize(20);
    Button prev = new Button("\u25B2 Previous change");
    prev.setOnAction(e -> jump(-1));
    prev.setTooltip(new Tooltip("Scroll to the previous changed line"));
    Button next = new Button("\u25BC Next change");
    next.setOnAction(e -> jump(1));
    next.setId("next-change");
    next.setTooltip(new Tooltip("Scroll to the next changed line"));
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    prev.setMinWidth(Region.USE_PREF_SIZE);
    next.setMinWidth(Region.USE_PREF_SIZE);
    summary.setMinWidth(0);
    HBox bar = new HBox(8, summary, grow, prev, next);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("diff-toolbar");
    VBox.setVgrow(list, Priority.ALWAYS);
    getChildren().addAll(bar, list);
  }

  /** Shows rows; {@code caption} says what is compared (e.g. "random.txt: 1 line changed"). */
  void show(List<DiffRow> rows, String caption) {
    changeStarts.clear();
    for (int i = 0; i < rows.size(); i++) {
      boolean change = rows.get(i).kind() != DiffRow.Kind.EQUAL;
      boolean prevChange = i > 0 && rows.get(i - 1).kind() != DiffRow.Kind.EQUAL;
      if (change && !prevChange) {
        changeStarts.add(i);
      }
    }
    summary.setText(caption);
    list.getItems().setAll(rows);
    if (!changeStarts.isEmpty()) {
      list.scrollTo(Math.max(0, changeStarts.get(0) - 3));
      list.getSelectionModel().select(changeStarts.get(0));
    }
  }

  List<DiffRow> rows() {
    return list.getItems();
  }

  private void jump(int direction) {
    if (changeStarts.isEmpty()) {
      return;
    }
    int at = Math.max(0, list.getSelectionModel().getSelectedIndex());
    int target = changeStarts.get(direction > 0 ? 0 : changeStarts.size() - 1);
    for (int i = 0; i < changeStarts.size(); i++) {
      int idx = direction > 0 ? i : changeStarts.size() - 1 - i;
      int s = changeStarts.get(idx);
      if (direction > 0 ? s > at : s < at) {
        target = s;
        break;
      }
    }
    list.getSelectionModel().select(target);
    list.scrollTo(Math.max(0, target - 3));
  }

  /** One row: line number and text on each side. */
  private final class RowCell extends ListCell<DiffRow> {
    private final Label leftNo = lineNo();
    private final Label rightNo = lineNo();
    private final HBox leftText = new HBox();
    private final HBox rightText = new HBox();
    private final HBox left = half(leftNo, leftText);
    private final HBox right = half(rightNo, rightText);
    private final HBox box = new HBox(left, right);

    RowCell() {
      left.prefWidthProperty().bind(list.widthProperty().subtract(24).divide(2));
      right.prefWidthProperty().bind(list.widthProperty().subtract(24).divide(2));
      left.minWidthProperty().bind(left.prefWidthProperty());
      right.minWidthProperty().bind(right.prefWidthProperty());
      setGraphic(null);
    }

    private static Label lineNo() {
      Label l = new Label();
      l.getStyleClass().addAll("diff-line-no", "mono");
      l.setMinWidth(52);
      l.setPrefWidth(52);
      l.setAlignment(Pos.CENTER_RIGHT);
      return l;
    }

    private static HBox half(Label no, HBox text) {
      HBox h = new HBox(8, no, text);
      h.setAlignment(Pos.CENTER_LEFT);
      h.getStyleClass().add("diff-half");
      Rectangle clip = new Rectangle();
      clip.widthProperty().bind(h.widthProperty());
      clip.heightProperty().bind(h.heightProperty());
      h.setClip(clip);
      return h;
    }

    @Override
    protected void updateItem(DiffRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        return;
      }
      fill(left, leftNo, leftText, row.hasLeft(), row.leftLine(), row.left(), row.leftSpans(), row.kind(), true);
      fill(right, rightNo, rightText, row.hasRight(), row.rightLine(), row.right(), row.rightSpans(), row.kind(), false);
      setGraphic(box);
    }

    private void fill(
        HBox half, Label no, HBox flow, boolean present, int line, String text,
        List<Span> spans, DiffRow.Kind kind, boolean isLeft) {
      half.getStyleClass().removeAll("diff-line-del", "diff-line-ins", "diff-line-filler");
      if (!present) {
        half.getStyleClass().add("diff-line-filler");
      } else if (kind != DiffRow.Kind.EQUAL) {
        half.getStyleClass().add(isLeft ? "diff-line-del" : "diff-line-ins");
      }
      no.setText(present ? Integer.toString(line) : "");
      flow.getChildren().setAll(pieces(text, kind == DiffRow.Kind.CHANGED ? spans : List.of(), isLeft));
    }

    private List<Node> pieces(String text, List<Span> spans, boolean isLeft) {
      String shown = text.replace("\t", "    ");
      List<Node> out = new ArrayList<>();
      if (shown.length() != text.length()) {
        spans = List.of(); // tabs moved the offsets; mark the line, not the spans
      }
      int at = 0;
      for (Span s : spans) {
        int start = Math.min(s.start(), shown.length());
        int end = Math.min(s.end(), shown.length());
        if (start > at) {
          out.add(text(shown.substring(at, start)));
        }
        if (end > start) {
          Label hl = text(shown.substring(start, end));
          hl.getStyleClass().add(isLeft ? "diff-span-del" : "diff-span-ins");
          out.add(hl);
        }
        at = Math.max(at, end);
      }
      if (at < shown.length()) {
        out.add(text(shown.substring(at)));
      }
      return out;
    }

    /** One piece of a line; Labels (not Text) so a changed piece can carry a background. */
    private static Label text(String s) {
      Label t = new Label(s);
      t.getStyleClass().addAll("mono", "diff-text");
      t.setMinWidth(Region.USE_PREF_SIZE);
      return t;
    }
  }
}
