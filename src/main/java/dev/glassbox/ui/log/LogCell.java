package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.control.Hyperlink;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * One row of {@link RowsView}: line number, a stream badge, the time, the styled text with search
 * matches marked, and for a long line the "show all" link. Only rows on screen are ever drawn, but
 * they are redrawn every frame while a build scrolls by, so a row is a handful of plain Text and
 * Rectangle nodes coloured in code: no Labels, no per-node CSS.
 */
final class LogCell extends Region {
  static final int TAB = 8;
  private static final double GAP = 8;
  private static final double BADGE_WIDTH = 28;
  private static final int TIME_CHARS = 12; // HH:mm:ss.SSS

  private final LogView view;
  private final RowLine line = new RowLine();
  private final Text number = new Text();
  private final Rectangle badgeBox = new Rectangle();
  private final Text badge = new Text();
  private final Text time = new Text();
  private final SpanLine spans = new SpanLine();
  private Hyperlink more; // created when a row first needs it
  private Row row;
  private int index = -1;

  LogCell(LogView view) {
    this.view = view;
    getStyleClass().add("log-row");
    for (Text t : List.of(number, badge, time)) {
      t.setTextOrigin(VPos.TOP);
      t.setManaged(false);
    }
    number.setTextAlignment(TextAlignment.RIGHT);
    // Square corners: the software pipeline fills a plain rectangle far faster than a rounded
    // one, and forty badges are redrawn every frame while a build scrolls by.
    badgeBox.setManaged(false);
    spans.setManaged(false);
    line.add(number, badgeBox, badge, time, spans);
    getChildren().add(line);
  }

  Row getItem() {
    return row;
  }

  int getIndex() {
    return index;
  }

  @Override
  protected double computePrefWidth(double height) {
    return line.isVisible() ? line.prefWidth(-1) : 0;
  }

  @Override
  protected double computePrefHeight(double width) {
    return view.fonts().lineHeight;
  }

  @Override
  protected void layoutChildren() {
    line.resizeRelocate(0, 0, getWidth(), getHeight());
  }

  /** Shows {@code item} as row {@code rowIndex}, or nothing if it is null. */
  void show(Row item, int rowIndex) {
    row = item;
    index = rowIndex;
    getStyleClass().removeAll("stderr-line", "error-line", "continuation");
    if (row == null || !view.hasDocument()) {
      line.setVisible(false);
      return;
    }
    LineSlice slice = view.slice(row);
    AnsiPalette p = view.palette();
    LogFonts fonts = view.fonts();
    boolean head = row.slice() == 0;
    boolean stderr = slice.stream() == LogStream.STDERR;
    if (stderr) {
      getStyleClass().add("stderr-line");
    }
    if (!head) {
      getStyleClass().add("continuation");
    }
    number.setText(head ? Integer.toString(row.line() + 1) : "");
    number.setFont(fonts.small);
    number.setFill(p.lineNumber);
    badge.setText(stderr ? "err" : "out");
    badge.setFont(stderr ? fonts.badgeBold : fonts.badge);
    badge.setFill(stderr ? p.errBadgeText : p.outBadgeText);
    badgeBox.setFill(stderr ? p.errBadge : p.outBadge);
    badge.setVisible(head);
    badgeBox.setVisible(head);
    boolean showTime = view.isShowTimestamps();
    time.setVisible(showTime && head);
    if (showTime && head) {
      time.setText(LogExport.TIME.format(Instant.ofEpochMilli(slice.epochMillis())));
      time.setFont(fonts.small);
      time.setFill(p.time);
    }
    if (head && view.document().errorPattern().matches(slice.text().text())) {
      getStyleClass().add("error-line");
    }
    fill(slice);
    String link = null;
    if (!row.expanded() && slice.charsAfter() > 0) {
      link = String.format("… (+%,d chars) show all", slice.charsAfter());
    } else if (row.expanded() && row.lastSlice()) {
      link = "show less";
    }
    if (link != null) {
      moreLink().setText(link);
      more.setVisible(true);
    } else if (more != null) {
      more.setVisible(false);
    }
    line.setVisible(true);
    line.requestLayout();
  }

  /** The row's nodes, placed by hand (a fixed column layout is all a log row needs). */
  private final class RowLine extends Region {
    RowLine() {
      getStyleClass().add("row-line");
    }

    void add(javafx.scene.Node... nodes) {
      getChildren().addAll(nodes);
    }

    private double textStart() {
      double x = view.gutterWidth.get() + GAP;
      x += BADGE_WIDTH + GAP;
      if (view.isShowTimestamps()) {
        x += TIME_CHARS * view.fonts().smallCharWidth + GAP;
      }
      return x;
    }

    @Override
    protected double computePrefWidth(double height) {
      return textStart() + spans.prefWidth(-1) + GAP;
    }

    @Override
    protected double computePrefHeight(double width) {
      return view.fonts().lineHeight;
    }

    @Override
    protected void layoutChildren() {
      LogFonts fonts = view.fonts();
      double h = getHeight();
      double gutter = view.gutterWidth.get();
      double smallY = Math.round((h - fonts.lineHeight) / 2) + 1;
      double numberWidth = number.getLayoutBounds().getWidth();
      number.relocate(Math.round(gutter - numberWidth), smallY);
      double x = gutter + GAP;
      double badgeHeight = fonts.lineHeight - 1;
      badgeBox.setX(x);
      badgeBox.setY(Math.round((h - badgeHeight) / 2));
      badgeBox.setWidth(BADGE_WIDTH);
      badgeBox.setHeight(badgeHeight);
      double bw = badge.getLayoutBounds().getWidth();
      double bh = badge.getLayoutBounds().getHeight();
      badge.relocate(Math.round(x + (BADGE_WIDTH - bw) / 2), Math.round((h - bh) / 2));
      x += BADGE_WIDTH + GAP;
      if (view.isShowTimestamps()) {
        time.relocate(x, smallY);
        x += TIME_CHARS * fonts.smallCharWidth + GAP;
      }
      double sw = spans.prefWidth(-1);
      spans.resizeRelocate(x, 0, sw, h);
      if (more != null && more.isVisible()) {
        if (more.getSkin() == null) {
          more.applyCss(); // created during this layout pass: measure it with its skin and style
        }
        double w = more.prefWidth(-1);
        double mh = more.prefHeight(-1);
        // At the end of the text, but never past the visible right edge, or the link of a
        // 2,000-character line would sit 14,000 pixels to the right.
        double natural = x + sw + GAP;
        double edge = view.horizontalOffset() + view.viewportWidth() - w;
        double mx = Math.max(x, Math.min(natural, edge));
        more.resizeRelocate(Math.round(mx), Math.round((h - mh) / 2), w, mh);
      }
    }
  }

  private Hyperlink moreLink() {
    if (more == null) {
      more = new Hyperlink();
      more.getStyleClass().add("more");
      more.setFocusTraversable(false);
      more.setManaged(false);
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
      line.add(more);
    }
    return more;
  }

  /** Moves the link after a sideways scroll. */
  void relayoutLink() {
    if (more != null && more.isVisible()) {
      line.requestLayout();
    }
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
              b.append(" ".repeat(TAB - ((column + b.length()) % TAB)));
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
    spans.add(
        s,
        fonts.font(style.attributes()),
        fg,
        style.has(AnsiStyle.UNDERLINE),
        style.has(AnsiStyle.STRIKETHROUGH),
        bg);
  }

  // For tests: what the row shows.
  SpanLine spanLine() {
    return spans;
  }

  Hyperlink moreLinkForTest() {
    return more;
  }

  String badgeText() {
    return badge.isVisible() ? badge.getText() : "";
  }

  Text time() {
    return time;
  }
}
