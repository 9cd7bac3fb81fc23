package dev.glassbox.ui.log;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * One row of styled text: a run of {@link Text} nodes laid side by side, with rectangles behind the
 * ones that have a background colour. Lighter than a TextFlow (no wrapping, no hit testing) and its
 * nodes are reused from row to row, because cells are refilled every frame while a log scrolls by.
 */
final class SpanLine extends Region {
  private final List<Text> texts = new ArrayList<>();
  private final List<Rectangle> rects = new ArrayList<>();
  private final List<Rectangle> rectOf = new ArrayList<>(); // per used text: its rectangle or null
  private int used;
  private int usedRects;
  private double lineHeight = 16;

  SpanLine() {
    setMinWidth(USE_PREF_SIZE);
  }

  void begin(double lineHeight) {
    this.lineHeight = lineHeight;
    used = 0;
    usedRects = 0;
    rectOf.clear();
  }

  void add(String s, Font font, Color fill, boolean underline, boolean strike, Color background) {
    Text t;
    if (used < texts.size()) {
      t = texts.get(used);
    } else {
      t = new Text();
      t.setTextOrigin(VPos.TOP);
      texts.add(t);
      getChildren().add(t);
    }
    used++;
    t.setText(s);
    t.setFont(font);
    t.setFill(fill);
    t.setUnderline(underline);
    t.setStrikethrough(strike);
    t.setVisible(true);
    Rectangle r = null;
    if (background != null) {
      if (usedRects < rects.size()) {
        r = rects.get(usedRects);
      } else {
        r = new Rectangle();
        r.setManaged(false);
        rects.add(r);
        getChildren().add(rects.size() - 1, r); // behind every text
      }
      usedRects++;
      r.setFill(background);
      r.setVisible(true);
    }
    rectOf.add(r);
  }

  void end() {
    for (int i = used; i < texts.size(); i++) {
      texts.get(i).setVisible(false);
      texts.get(i).setText("");
    }
    for (int i = usedRects; i < rects.size(); i++) {
      rects.get(i).setVisible(false);
    }
    requestLayout();
  }

  /** The visible text, for tests and accessibility. */
  String text() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < used; i++) {
      b.append(texts.get(i).getText());
    }
    return b.toString();
  }

  /** The text node of each span in use, for tests. */
  List<Text> spans() {
    return texts.subList(0, used);
  }

  /** The background of span {@code i}, or null. */
  Color background(int i) {
    Rectangle r = rectOf.get(i);
    return r == null ? null : (Color) r.getFill();
  }

  @Override
  protected double computePrefWidth(double height) {
    double w = 0;
    for (int i = 0; i < used; i++) {
      w += texts.get(i).getLayoutBounds().getWidth();
    }
    return w + snappedLeftInset() + snappedRightInset();
  }

  @Override
  protected double computePrefHeight(double width) {
    return lineHeight + snappedTopInset() + snappedBottomInset();
  }

  @Override
  protected void layoutChildren() {
    double x = snappedLeftInset();
    double h = getHeight();
    double y = Math.floor((h - lineHeight) / 2);
    for (int i = 0; i < used; i++) {
      Text t = texts.get(i);
      double w = t.getLayoutBounds().getWidth();
      t.relocate(x, y);
      Rectangle r = rectOf.get(i);
      if (r != null) {
        r.setX(x);
        r.setY(y);
        r.setWidth(w);
        r.setHeight(lineHeight);
      }
      x += w;
    }
  }
}
