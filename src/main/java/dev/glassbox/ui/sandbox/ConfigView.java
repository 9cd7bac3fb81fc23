package dev.glassbox.ui.sandbox;

import dev.glassbox.sandbox.oci.ConfigText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The raw {@code config.json}, read-only, with JSON colours and one highlighted value; a click
 * reports the character offset so the map can select what is there.
 */
final class ConfigView extends BorderPane {
  private static final String[] TOKEN_CLASS = {
    "json-key", "json-string", "json-number", "json-literal", "json-punct"
  };

  private final CodeArea area = new CodeArea();
  private final Label caption = new Label();
  private ConfigText text;
  private ConfigText.Range highlighted;
  private IntConsumer onClick = o -> {};

  ConfigView() {
    area.setEditable(false);
    area.setId("anatomy-json");
    area.getStyleClass().add("config-area");
    area.setParagraphGraphicFactory(LineNumberFactory.get(area));
    area.setWrapText(false);
    // A click (not a programmatic move) asks for the item under the caret.
    area.setOnMouseClicked(e -> onClick.accept(area.getCaretPosition()));
    caption.getStyleClass().add("config-caption");
    caption.setMaxWidth(Double.MAX_VALUE);
    setTop(caption);
    setCenter(new VirtualizedScrollPane<>(area));
  }

  void setOnClick(IntConsumer c) {
    onClick = c;
  }

  void show(ConfigText t, String caption) {
    this.text = t;
    this.highlighted = null;
    this.caption.setText(caption);
    area.replaceText(t.text());
    area.moveTo(0);
    restyle();
    area.showParagraphAtTop(0);
  }

  void clear() {
    text = null;
    highlighted = null;
    caption.setText("");
    area.clear();
  }

  /** Highlights the value at {@code pointer} and scrolls it into view. */
  void highlight(String pointer) {
    if (text == null) {
      return;
    }
    Optional<ConfigText.Range> r = text.range(pointer);
    highlighted = r.orElse(null);
    restyle();
    r.ifPresent(
        range -> {
          int paragraph = area.offsetToPosition(range.start(), null).getMajor();
          area.moveTo(range.start());
          area.showParagraphAtTop(Math.max(0, paragraph - 3));
        });
  }

  /** The highlighted range, if any (for tests and the tour). */
  Optional<ConfigText.Range> highlighted() {
    return Optional.ofNullable(highlighted);
  }

  /** The style classes at {@code offset} (for tests). */
  Collection<String> stylesAt(int offset) {
    return area.getStyleOfChar(offset);
  }

  String textShown() {
    return area.getText();
  }

  private void restyle() {
    if (text == null) {
      return;
    }
    int n = text.text().length();
    byte[] kind = new byte[n];
    for (ConfigText.Token t : text.tokens()) {
      for (int i = t.start(); i < t.end(); i++) {
        kind[i] = (byte) (t.kind().ordinal() + 1);
      }
    }
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    int i = 0;
    while (i < n) {
      int k = kind[i];
      boolean hi = highlighted != null && highlighted.contains(i);
      int j = i + 1;
      while (j < n && kind[j] == k && (highlighted != null && highlighted.contains(j)) == hi) {
        j++;
      }
      List<String> classes = new ArrayList<>(2);
      if (k > 0) {
        classes.add(TOKEN_CLASS[k - 1]);
      }
      if (hi) {
        classes.add("json-selected");
      }
      b.add(classes, j - i);
      i = j;
    }
    if (n == 0) {
      b.add(List.of(), 0);
    }
    StyleSpans<Collection<String>> spans = b.create();
    area.setStyleSpans(0, spans);
  }
}
