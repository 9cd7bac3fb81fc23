package dev.glassbox.ui.request;

import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;

/** Small vector icons (14 px), drawn with shapes so they stay sharp and need no image files. */
final class Icons {
  private Icons() {}

  /** A red disc with a white exclamation mark. */
  static Node error() {
    Circle disc = new Circle(7, 7, 7);
    disc.getStyleClass().add("icon-error-fill");
    SVGPath mark = new SVGPath();
    mark.setContent("M6 3.2h2v5.2h-2z M6 9.6h2v2h-2z");
    mark.getStyleClass().add("icon-on-fill");
    return group("icon-error", disc, mark);
  }

  /** An amber triangle with a dark exclamation mark. */
  static Node warning() {
    SVGPath tri = new SVGPath();
    tri.setContent("M7 0.6 L13.8 13.2 H0.2 Z");
    tri.getStyleClass().add("icon-warning-fill");
    SVGPath mark = new SVGPath();
    mark.setContent("M6.1 4.6h1.8v4.6h-1.8z M6.1 10.2h1.8v1.8h-1.8z");
    mark.getStyleClass().add("icon-on-warning");
    return group("icon-warning", tri, mark);
  }

  /** A green disc with a white check mark. */
  static Node ok() {
    Circle disc = new Circle(7, 7, 7);
    disc.getStyleClass().add("icon-ok-fill");
    SVGPath mark = new SVGPath();
    mark.setContent("M3.4 7.2 L5.9 9.8 L10.8 4.4 L11.9 5.4 L5.9 11.9 L2.3 8.3 Z");
    mark.getStyleClass().add("icon-on-fill");
    return group("icon-ok", disc, mark);
  }

  static Node folder() {
    SVGPath p = new SVGPath();
    p.setContent("M0.5 3 Q0.5 2 1.5 2 H5 L6.5 3.5 H12.5 Q13.5 3.5 13.5 4.5 V11.5 Q13.5 12.5 12.5 12.5 H1.5 Q0.5 12.5 0.5 11.5 Z");
    p.getStyleClass().add("icon-folder-fill");
    return group("icon-folder", p);
  }

  static Node file() {
    SVGPath p = new SVGPath();
    p.setContent("M2.5 0.5 H8.5 L11.5 3.5 V13.5 H2.5 Z");
    p.getStyleClass().add("icon-file-fill");
    SVGPath fold = new SVGPath();
    fold.setContent("M8.5 0.5 V3.5 H11.5");
    fold.getStyleClass().add("icon-file-line");
    return group("icon-file", p, fold);
  }

  static Node symlink() {
    SVGPath p = new SVGPath();
    p.setContent("M2 11 Q2 5 8 5 V2.5 L12.5 6.5 L8 10.5 V8 Q4.5 8 2 11 Z");
    p.getStyleClass().add("icon-link-fill");
    return group("icon-link", p);
  }

  /** A small spinner stand-in for inputs still importing. */
  static Node importing() {
    Circle ring = new Circle(7, 7, 5.5);
    ring.getStyleClass().add("icon-importing");
    return group("icon-importing-group", ring);
  }

  static Node plus() {
    SVGPath p = new SVGPath();
    p.setContent("M6 2h2v4h4v2h-4v4h-2v-4h-4v-2h4z");
    p.getStyleClass().add("icon-glyph");
    return group("icon-plus", p);
  }

  static Node cross() {
    SVGPath p = new SVGPath();
    p.setContent("M3.4 2 L7 5.6 L10.6 2 L12 3.4 L8.4 7 L12 10.6 L10.6 12 L7 8.4 L3.4 12 L2 10.6 L5.6 7 L2 3.4 Z");
    p.getStyleClass().add("icon-glyph");
    return group("icon-cross", p);
  }

  static Node up() {
    SVGPath p = new SVGPath();
    p.setContent("M7 3 L12 9 H2 Z");
    p.getStyleClass().add("icon-glyph");
    return group("icon-up", p);
  }

  static Node down() {
    SVGPath p = new SVGPath();
    p.setContent("M7 11 L12 5 H2 Z");
    p.getStyleClass().add("icon-glyph");
    return group("icon-down", p);
  }

  static Node refresh() {
    SVGPath p = new SVGPath();
    p.setContent("M7 1.5 A5.5 5.5 0 1 0 12.5 7 H10.7 A3.7 3.7 0 1 1 7 3.3 V5.5 L10.5 2.4 L7 -0.6 Z");
    p.getStyleClass().add("icon-glyph");
    return group("icon-refresh", p);
  }

  private static Node group(String styleClass, Node... shapes) {
    // A fixed 14x14 box keeps icons aligned even when a shape is smaller.
    Rectangle box = new Rectangle(14, 14);
    box.getStyleClass().add("icon-box");
    Group g = new Group(box);
    g.getChildren().addAll(shapes);
    g.getStyleClass().addAll("icon", styleClass);
    return g;
  }
}
