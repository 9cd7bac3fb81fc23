package dev.glassbox.ui.log;

import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** The four faces of the log's monospace font and its cell metrics. */
final class LogFonts {
  final Font regular;
  final Font bold;
  final Font italic;
  final Font boldItalic;
  final Font small; // line numbers and times
  final Font badge;
  final Font badgeBold;
  final double charWidth;
  final double smallCharWidth;
  final double lineHeight;

  LogFonts(String family, double size) {
    regular = Font.font(family, FontWeight.NORMAL, FontPosture.REGULAR, size);
    bold = Font.font(family, FontWeight.BOLD, FontPosture.REGULAR, size);
    italic = Font.font(family, FontWeight.NORMAL, FontPosture.ITALIC, size);
    boldItalic = Font.font(family, FontWeight.BOLD, FontPosture.ITALIC, size);
    small = Font.font(family, FontWeight.NORMAL, FontPosture.REGULAR, size - 1);
    String ui = Font.getFamilies().contains("DejaVu Sans") ? "DejaVu Sans" : "System";
    badge = Font.font(ui, FontWeight.NORMAL, FontPosture.REGULAR, size - 2);
    badgeBold = Font.font(ui, FontWeight.BOLD, FontPosture.REGULAR, size - 2);
    Text probe = new Text("0123456789");
    probe.setFont(regular);
    charWidth = probe.getLayoutBounds().getWidth() / 10;
    lineHeight = Math.ceil(probe.getLayoutBounds().getHeight());
    probe.setFont(small);
    smallCharWidth = probe.getLayoutBounds().getWidth() / 10;
  }

  /** The first installed family of a few good monospace fonts, else the JavaFX default. */
  static String defaultFamily() {
    for (String family :
        new String[] {
          "JetBrains Mono", "DejaVu Sans Mono", "Menlo", "Consolas", "Liberation Mono"
        }) {
      if (Font.getFamilies().contains(family)) {
        return family;
      }
    }
    return "Monospaced";
  }

  Font font(int attributes) {
    boolean b = (attributes & AnsiStyle.BOLD) != 0;
    boolean i = (attributes & AnsiStyle.ITALIC) != 0;
    return b ? (i ? boldItalic : bold) : (i ? italic : regular);
  }
}
