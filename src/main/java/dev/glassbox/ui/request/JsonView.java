package dev.glassbox.ui.request;

import dev.glassbox.ui.request.FormJson.JsonProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.stage.Popup;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The JSON tab: the request as text with syntax colours, JSON problems (which keep the form from
 * following) underlined where they are, the request's issues underlined at their fields, a
 * message on hover, and a status line.
 *
 * <p>It never changes the user's text by itself: the editor sets the text only when the form
 * changed, and keeps the caret where it was.
 */
final class JsonView extends BorderPane {
  private static final byte NONE = 0;
  private static final byte WARNING = 1;
  private static final byte ERROR = 2;
  private static final byte SYNTAX = 3;
  private static final String[] TOKEN_CLASS = {"json-key", "json-string", "json-number", "json-literal", "json-punct"};
  private static final String[] UNDERLINE_CLASS = {null, "underline-warning", "underline-error", "underline-syntax"};

  // Made when the JSON tab first shows (see area()): RichTextFX is a good part of the classes a
  // start would load, and the form, not this tab, is what shows first. Until then the text is
  // kept in pendingText.
  private CodeArea area;
  private String pendingText = "";
  private boolean editable = true;
  private final Label status = new Label();
  private final StackPane statusIcon = new StackPane();
  private final Hyperlink goTo = new Hyperlink("Show");
  private final Button reformat = new Button("Reformat");
  private final Popup hover = new Popup();
  private final Label hoverText = new Label();
  private boolean programmatic;
  private Runnable onUserEdit = () -> {};

  private String analyzedText = "";
  private List<JsonLexer.Token> tokens = List.of();
  private JsonTree.JValue tree;
  private List<JsonProblem> problems = List.of();
  private List<Issue> issues = List.of();

  JsonView(Runnable onReformat) {
    getStyleClass().add("json-view");

    status.setId("json-status");
    status.getStyleClass().add("json-status-text");
    status.setMinWidth(0);
    goTo.setOnAction(e -> revealFirstProblem());
    goTo.getStyleClass().add("fix-link");
    goTo.setMinWidth(Hyperlink.USE_PREF_SIZE);
    reformat.setMinWidth(Button.USE_PREF_SIZE);
    javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
    tip.textProperty().bind(status.textProperty());
    tip.setWrapText(true);
    tip.setMaxWidth(600);
    status.setTooltip(tip);
    reformat.setId("json-reformat");
    reformat.setOnAction(e -> onReformat.run());
    HBox.setHgrow(status, Priority.ALWAYS);
    status.setMaxWidth(Double.MAX_VALUE);
    HBox bar = new HBox(8, statusIcon, status, goTo, reformat);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("json-status");
    setBottom(bar);
    showStatus();
  }

  /** The text area, made (with the text given so far) the first time it is asked for. */
  CodeArea area() {
    if (area == null) {
      makeArea();
    }
    return area;
  }

  private void makeArea() {
    area = new CodeArea();
    area.getStyleClass().add("json-area");
    area.setId("json-area");
    area.setParagraphGraphicFactory(LineNumberFactory.get(area));
    area.setWrapText(false);
    area.textProperty()
        .addListener(
            (o, was, now) -> {
              if (!programmatic) {
                onUserEdit.run();
              }
            });
    setCenter(new VirtualizedScrollPane<>(area));

    hoverText.getStyleClass().add("json-hover");
    hoverText.setWrapText(true);
    hoverText.setMaxWidth(520);
    hover.getContent().add(hoverText);
    hover.setAutoHide(true);
    area.setMouseOverTextDelay(Duration.ofMillis(350));
    area.addEventHandler(
        MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN,
        e -> {
          String m = messageAt(e.getCharacterIndex());
          if (m != null) {
            hoverText.setText(m);
            Point2D p = e.getScreenPosition();
            hover.show(area, p.getX() + 10, p.getY() + 14);
          }
        });
    area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> hover.hide());
    area.setEditable(editable);
    setText(pendingText);
    pendingText = null;
  }

  void setOnUserEdit(Runnable r) {
    onUserEdit = r;
  }

  void setEditable(boolean editable) {
    this.editable = editable;
    if (area != null) {
      area.setEditable(editable);
    }
    reformat.setVisible(editable);
    reformat.setManaged(editable);
  }

  String text() {
    return area == null ? pendingText : area.getText();
  }

  /** Replaces the text (not an edit by the user), keeping the caret where it was as far as it can. */
  void setText(String text) {
    if (area == null) {
      pendingText = text;
      return;
    }
    if (text.equals(area.getText())) {
      return;
    }
    int caret = area.getCaretPosition();
    programmatic = true;
    try {
      area.replaceText(text);
      // An undo in the JSON tab should not undo a change made in the form.
      area.getUndoManager().forgetHistory();
      area.moveTo(Math.min(caret, text.length()));
    } finally {
      programmatic = false;
    }
    restyle();
  }

  /**
   * Takes the result of analysing {@code text} off the FX thread; ignored when the text changed
   * since.
   */
  void analysed(String text, List<JsonLexer.Token> tokens, FormJson.Result result) {
    if (!text.equals(text())) {
      return;
    }
    this.analyzedText = text;
    this.tokens = tokens;
    this.tree = result.tree();
    this.problems = result.problems();
    restyle();
    showStatus();
  }

  List<JsonProblem> problems() {
    return problems;
  }

  void showIssues(List<Issue> issues) {
    this.issues = List.copyOf(issues);
    restyle();
  }

  /** Puts the caret on the first problem and scrolls to it. */
  void revealFirstProblem() {
    if (problems.isEmpty()) {
      return;
    }
    area();
    int at = Math.min(problems.get(0).start(), area.getLength());
    area.moveTo(at);
    area.requestFollowCaret();
    area.requestFocus();
  }

  private void showStatus() {
    if (!problems.isEmpty()) {
      JsonProblem first = problems.get(0);
      String where = first.field().isEmpty() ? "" : first.field() + ": ";
      status.setText(
          where
              + MessageSlot.capitalize(first.message())
              + (problems.size() > 1 ? "  (and " + (problems.size() - 1) + " more)" : ""));
      status.getStyleClass().setAll("label", "json-status-text", "message-error");
      statusIcon.getChildren().setAll(Icons.error());
      goTo.setVisible(true);
      goTo.setManaged(true);
      reformat.setDisable(true);
    } else {
      status.setText("Valid JSON, in sync with the form.");
      status.getStyleClass().setAll("label", "json-status-text", "hint");
      statusIcon.getChildren().setAll(Icons.ok());
      goTo.setVisible(false);
      goTo.setManaged(false);
      reformat.setDisable(false);
    }
  }

  private String messageAt(int index) {
    for (JsonProblem p : problems) {
      if (index >= p.start() && index < Math.max(p.end(), p.start() + 1)) {
        return (p.field().isEmpty() ? "" : p.field() + ": ") + MessageSlot.capitalize(p.message());
      }
    }
    if (tree != null && analyzedText.equals(area.getText())) {
      List<String> lines = new ArrayList<>();
      for (Issue issue : issues) {
        int[] span = JsonTree.locate(tree, issue.field());
        if (span != null && index >= span[0] && index < span[1]) {
          lines.add((issue.severity() == Issue.Severity.ERROR ? "Error: " : "Warning: ") + issue);
        }
      }
      if (!lines.isEmpty()) {
        return String.join("\n", lines);
      }
    }
    return null;
  }

  /** Colours and underlines, computed over the whole text (requests are small) in one pass. */
  private void restyle() {
    if (area == null) {
      return; // styled when it is made
    }
    String text = area.getText();
    int n = text.length();
    if (n == 0) {
      return;
    }
    if (!text.equals(analyzedText)) {
      // Keep the colours the text has until its analysis arrives, rather than flash plain text.
      return;
    }
    byte[] kind = new byte[n];
    byte[] underline = new byte[n];
    {
      for (JsonLexer.Token t : tokens) {
        for (int i = Math.max(0, t.start()); i < Math.min(n, t.end()); i++) {
          kind[i] = (byte) (t.kind().ordinal() + 1);
        }
      }
      if (tree != null) {
        for (Issue issue : issues) {
          int[] span = JsonTree.locate(tree, issue.field());
          if (span != null) {
            mark(underline, text, span[0], span[1], issue.severity() == Issue.Severity.ERROR ? ERROR : WARNING);
          }
        }
      }
      for (JsonProblem p : problems) {
        int start = Math.min(p.start(), n - 1);
        mark(underline, text, start, Math.max(p.end(), tokenEnd(start)), SYNTAX);
      }
    }
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    int runStart = 0;
    for (int i = 1; i <= n; i++) {
      if (i == n || kind[i] != kind[runStart] || underline[i] != underline[runStart]) {
        b.add(classes(kind[runStart], underline[runStart]), i - runStart);
        runStart = i;
      }
    }
    StyleSpans<Collection<String>> spans = b.create();
    area.setStyleSpans(0, spans);
  }

  /** The end of the token that starts at {@code at}, so a syntax error underlines a word, not a char. */
  private int tokenEnd(int at) {
    for (JsonLexer.Token t : tokens) {
      if (t.start() == at) {
        return t.end();
      }
    }
    return at + 1;
  }

  /** Marks a span, only its first line: an underlined object would otherwise hide its contents. */
  private static void mark(byte[] underline, String text, int start, int end, byte level) {
    int lineEnd = text.indexOf('\n', start);
    int stop = Math.min(end, lineEnd < 0 ? text.length() : Math.max(lineEnd, start + 1));
    for (int i = Math.max(0, start); i < Math.min(stop, underline.length); i++) {
      if (underline[i] < level) {
        underline[i] = level;
      }
    }
  }

  private static Collection<String> classes(byte kind, byte underline) {
    List<String> c = new ArrayList<>(2);
    if (kind > 0) {
      c.add(TOKEN_CLASS[kind - 1]);
    }
    if (underline > 0) {
      c.add(UNDERLINE_CLASS[underline]);
    }
    return c;
  }
}
