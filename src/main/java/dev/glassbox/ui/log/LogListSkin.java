package dev.glassbox.ui.log;

import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.ListViewSkin;
import javafx.scene.control.skin.VirtualFlow;

/** A ListView skin that lets the log view read and set the scroll position exactly. */
final class LogListSkin extends ListViewSkin<Row> {
  /** The flow, with the viewport size that VirtualFlow keeps to itself. */
  static final class Flow extends VirtualFlow<ListCell<Row>> {
    /** Height of the area rows are drawn in (without the horizontal scroll bar). */
    double viewportHeight() {
      return getHeight() - (getHbar().isVisible() ? getHbar().getHeight() : 0);
    }

    /** Width of the area rows are drawn in (without the vertical scroll bar). */
    double viewportWidth() {
      return getWidth() - (getVbar().isVisible() ? getVbar().getWidth() : 0);
    }

    /** How far the rows are scrolled to the left, in pixels. */
    javafx.beans.property.DoubleProperty horizontalOffset() {
      return getHbar().valueProperty();
    }

    /** Whether the last row is entirely on screen. */
    boolean atBottom() {
      int count = getCellCount();
      if (count == 0) {
        return true;
      }
      IndexedCell<?> last = getLastVisibleCell();
      if (last == null) {
        return true;
      }
      return last.getIndex() >= count - 1
          && last.getLayoutY() + last.getHeight() <= viewportHeight() + 1;
    }
  }

  LogListSkin(ListView<Row> list) {
    super(list);
  }

  @Override
  protected VirtualFlow<ListCell<Row>> createVirtualFlow() {
    return new Flow();
  }

  Flow flow() {
    return (Flow) getVirtualFlow();
  }
}
