package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;

/**
 * Draws one row: line number, a stream badge, the time, the styled text with search matches
 * marked, and for a long line the "show all" link. Only rows on screen are ever drawn.
 */
final class LogCell extends ListCell<Row> {
  static final int TAB = 8;

  private final LogView view;
  private final Label number = new Label();
  private final Label badge = new Label();
  private final Label time = new Label();
  private final SpanLine spans = new SpanLine();
  private final Hyperlink more = new Hyperlink();
  private final HBox box;
  private Row row;

  LogCell(LogView view) {
    this.view = view;
    getStyleClass().add("log-cell");
    number.getStyleClass().add("line-number");
    number.setAlignment(Pos.CENTER_RIGHT);
    number.minWidthProperty().bind(view.gutterWidth);
    number.prefWidthProperty().bind(view.gutterWidth);
    badge.getStyleClass().add("badge");
    badge.setAlignment(Pos.CENTER);
    time.getStyleClass().add("timestamp");
    more.getStyleClass().add("more");
    more.setFocusTraversable(false);
    more.setOnAction(
        e -> {
          more.setVisited(false);
          if (row != null) {
            if (row.expanded()) {
              view.collapse(row.line());
            } else {
              view.expand(row.line());
            }
          }
        });
    // The link is placed by hand: at the end of the text, but never past the visible right edge,
    // or the affordance of a 2,000-character line would sit 14,000 pixels to the right.
    more.setManaged(false);
    box =
        new HBox(number, badge, time, spans, more) {
          @Override
          protected void layoutChildren() {
            super.layoutChildren();
            placeMore();
          }
        };
    box.getStyleClass().add("row-box");
    box.setAlignment(Pos.CENTER_LEFT);
    box.setFillHeight(false);
    setText(null);
    setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
  }

  @Override
  protected void updateItem(Row item, boolean empty) {
    super.updateItem(item, empty);
    row = empty ? null : item;
    getStyleClass().removeAll("stderr-line", "error-line", "continuation");
    if (row == null || !view.hasDocument()) {
      setGraphic(null);
      return;
    }
    LineSlice slice = view.slice(row);
    boolean head = row.slice() == 0;
    boolean stderr = slice.stream() == LogStream.STDERR;
    if (stderr) {
      getStyleClass().add("stderr-line");
    }
    if (!head) {
      getStyleClass().add("continuation");
    }
    number.setText(head ? Integer.toString(row.line() + 1) : "");
    badge.setText(stderr ? "err" : "out");
    badge.getStyleClass().removeAll("out", "err");
    badge.getStyleClass().add(stderr ? "err" : "out");
    badge.setVisible(head);
    boolean showTime = view.isShowTimestamps();
    time.setManaged(showTime);
    time.setVisible(showTime && head);
    if (showTime) {
      time.setText(LogExport.TIME.format(Instant.ofEpochMilli(slice.epochMillis())));
    }
    String text = slice.text().text();
    if (head && view.document().errorPattern().matches(text)) {
      getStyleClass().add("error-line");
    }
    fill(slice);
    if (!row.expanded() && slice.charsAfter() > 0) {
      more.setText(String.format("… (+%,d chars) show all", slice.charsAfter()));
      more.setVisible(true);
    } else if (row.expanded() && row.lastSlice() && row.slices() > 0) {
      more.setText("show less");
      more.setVisible(true);
    } else {
      more.setVisible(false);
    }
    setGraphic(box);
  }

  /** Moves the link after a sideways scroll. */
  void relayoutLink() {
    box.requestLayout();
  }

  private void placeMore() {
    if (!more.isVisible()) {
      return;
    }
    double w = more.prefWidth(-1);
    double h = more.prefHeight(-1);
    double start = spans.getLayoutX();
    double natural = start + spans.getWidth() + 8;
    double edge = view.horizontalOffset() + view.viewportWidth() - box.getLayoutX() - w;
    double x = Math.max(start, Math.min(natural, edge));
    more.resizeRelocate(Math.round(x), Math.round((box.getHeight() - h) / 2), w, h);
  }

  /** Turns style runs and search matches into spans, with tabs expanded to spaces. */
  private void fill(LineSlice slice) {
    AnsiPalette palette = view.palette();
    LogFonts fonts = view.fonts();
    StyledText styled = slice.text();
    String text = styled.text();
    int[] marks = view.matchesIn(slice); // start, end, current(0/1) triples
    List<Integer> cuts = new ArrayList<>();
    cuts.add(0);
    cuts.add(text.length());
    for (int r = 0; r < styled.runCount(); r++) {
      cuts.add(Math.min(text.length(), styled.runStart(r)));
    }
    for (int m = 0; m < marks.length; m += 3) {
      cuts.add(marks[m]);
      cuts.add(marks[m + 1]);
    }
    cuts.sort(null);
    spans.begin(fonts.lineHeight);
    int column = 0;
    int run = -1;
    int prev = -1;
    for (int cut : cuts) {
      if (prev >= 0 && cut > prev) {
        while (run + 1 < styled.runCount() && styled.runStart(run + 1) <= prev) {
          run++;
        }
        AnsiStyle style = run < 0 ? AnsiStyle.PLAIN : styled.runStyle(run);
        int mark = markAt(marks, prev);
        String piece = text.substring(prev, cut);
        if (piece.indexOf('\t') >= 0) {
          StringBuilder b = new StringBuilder();
          for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (c == '\t') {
              int pad = TAB - ((column + b.length()) % TAB);
              b.append(" ".repeat(pad));
            } else {
              b.append(c);
            }
          }
          piece = b.toString();
        }
        column += piece.length();
        addSpan(piece, style, mark, palette, fonts);
      }
      prev = cut;
    }
    spans.end();
  }

  private static int markAt(int[] marks, int index) {
    for (int m = 0; m < marks.length; m += 3) {
      if (marks[m] <= index && index < marks[m + 1]) {
        return marks[m + 2] == 1 ? 2 : 1;
      }
    }
    return 0;
  }

  private void addSpan(String s, AnsiStyle style, int mark, AnsiPalette p, LogFonts fonts) {
    Color fg = p.colour(style.fg(), p.foreground);
    Color bg = style.bg() == AnsiStyle.DEFAULT ? null : p.colour(style.bg(), null);
    if (style.has(AnsiStyle.INVERSE)) {
      Color f = bg == null ? p.background : bg;
      bg = fg;
      fg = f;
    }
    if (style.has(AnsiStyle.DIM)) {
      fg = fg.deriveColor(0, 1, 1, 0.6);
    }
    if (mark > 0) {
      // Matches get the theme's marker colours and text colour, so they read on any ANSI colour.
      bg = mark == 2 ? p.currentMatch : p.match;
      fg = p.matchText;
    }
    spans.add(s, fonts.font(style.attributes()), fg,
        style.has(AnsiStyle.UNDERLINE), style.has(AnsiStyle.STRIKETHROUGH), bg);
  }

  // For tests: what the row shows.
  SpanLine spanLine() {
    return spans;
  }

  Hyperlink moreLink() {
    return more;
  }

  Label badge() {
    return badge;
  }

  Label time() {
    return time;
  }
}
