package dev.glassbox.ui.diff;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "Compare with…": pick another successful build from the history, searchable by id or command. */
final class BuildPicker {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private BuildPicker() {}

  /** The builds one can compare {@code with} against: succeeded, not itself, newest first. */
  static List<BuildRecord> candidates(BuildRecord with, List<BuildRecord> recent) {
    return recent.stream()
        .filter(r -> r.status() == BuildStatus.SUCCEEDED && !r.id().equals(with.id()))
        .toList();
  }

  static Optional<BuildRecord> pick(Window owner, BuildRecord with, List<BuildRecord> candidates) {
    Dialog<BuildRecord> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Compare with…");
    d.setHeaderText(
        "Compare " + with.id().substring(0, Math.min(12, with.id().length())) + " ("
            + with.command() + ") with which build?");
    FilteredList<BuildRecord> shown = new FilteredList<>(FXCollections.observableArrayList(candidates));
    TextField filter = new TextField();
    filter.setPromptText("Filter by id or command");
    filter.textProperty()
        .addListener(
            (o, a, b) -> {
              String q = b.toLowerCase(Locale.ROOT).strip();
              shown.setPredicate(
                  r -> q.isEmpty() || r.id().startsWith(q) || r.command().toLowerCase(Locale.ROOT).contains(q));
            });
    ListView<BuildRecord> list = new ListView<>(shown);
    list.setId("build-picker");
    list.setPrefSize(640, 360);
    list.setCellFactory(
        l ->
            new ListCell<>() {
              @Override
              protected void updateItem(BuildRecord r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null
                    : r.id().substring(0, 12) + "   " + TIME.format(r.submittedAt()) + "   "
                        + r.command() + (r.rebuildOf().isPresent() ? "   (rebuild)" : ""));
              }
            });
    list.setPlaceholder(new javafx.scene.control.Label("No other successful build in the history."));
    if (!shown.isEmpty()) {
      list.getSelectionModel().select(0);
    }
    VBox.setVgrow(list, Priority.ALWAYS);
    d.getDialogPane().setContent(new VBox(8, filter, list));
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.getDialogPane()
        .lookupButton(ButtonType.OK)
        .disableProperty()
        .bind(list.getSelectionModel().selectedItemProperty().isNull());
    list.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
            d.setResult(list.getSelectionModel().getSelectedItem());
            d.close();
          }
        });
    d.setResultConverter(b -> b == ButtonType.OK ? list.getSelectionModel().getSelectedItem() : null);
    return d.showAndWait();
  }
}
