package dev.glassbox.ui.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.castore.diff.TextDiff;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.request.RequestChange;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

/**
 * Why two builds may differ: the field-level differences of their requests on top, the two
 * requests side by side below.
 */
final class RequestDiffView extends BorderPane {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TableView<RequestChange> table = new TableView<>();
  private final TextDiffView text = new TextDiffView();

  RequestDiffView() {
    setId("request-diff");
    table.setId("request-changes");
    table.getColumns().add(column("Field", 200, RequestChange::path));
    table.getColumns().add(column("Change", 80, RequestChange::kind));
    table.getColumns().add(column("First build", 300, c -> c.left().orElse("")));
    table.getColumns().add(column("Second build", 300, c -> c.right().orElse("")));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    SplitPane split = new SplitPane(table, text);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.35);
    setCenter(split);
  }

  private static TableColumn<RequestChange, String> column(
      String title, double width, java.util.function.Function<RequestChange, String> f) {
    TableColumn<RequestChange, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
    return c;
  }

  void show(BuildRecord left, BuildRecord right, List<RequestChange> changes) {
    table.getItems().setAll(changes);
    table.setPlaceholder(
        new Label(
            left.requestJson().isEmpty() || right.requestJson().isEmpty()
                ? "One of the builds never got a valid request."
                : "The requests are identical: the builds ran the same thing."));
    List<String> a = pretty(left);
    List<String> b = pretty(right);
    TextDiff d = TextDiff.of(a, b);
    text.show(
        d.rows(),
        changes.isEmpty()
            ? "Identical requests"
            : changes.size() + (changes.size() == 1 ? " field differs" : " fields differ"));
  }

  List<RequestChange> changes() {
    return table.getItems();
  }

  private static List<String> pretty(BuildRecord r) {
    if (r.requestJson().isEmpty()) {
      return List.of();
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(JSON.readTree(r.requestJson().get()))
          .lines()
          .toList();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return r.requestJson().get().lines().toList();
    }
  }
}
