package dev.glassbox.ui.settings;

import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Concurrency, store location, keeping failed sandboxes, theme, notifications. */
public final class SettingsDialog {
  /** What the user chose. */
  public record Choice(
      int concurrency, boolean keepFailedSandboxes, UiSettings.Theme theme, String storeDir, int notifyAfterSeconds) {}

  private SettingsDialog() {}

  /** Shows the dialog; empty when cancelled. */
  public static java.util.Optional<Choice> show(Window owner, UiSettings s, Path currentStore) {
    Dialog<Choice> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Settings");
    d.setHeaderText("Glassbox settings");
    Spinner<Integer> concurrency = new Spinner<>(1, 16, s.concurrency());
    concurrency.setId("settings-concurrency");
    concurrency.setEditable(true);
    CheckBox keep = new CheckBox("Keep the sandbox of every failed build, for inspection");
    keep.setId("settings-keep-failed");
    keep.setSelected(s.keepFailedSandboxes());
    ChoiceBox<UiSettings.Theme> theme = new ChoiceBox<>();
    theme.getItems().addAll(UiSettings.Theme.values());
    theme.setValue(s.theme());
    Spinner<Integer> notifyAfter = new Spinner<>(0, 86_400, s.notifyAfterSeconds(), 5);
    notifyAfter.setId("settings-notify-after");
    notifyAfter.setEditable(true);
    Label notifyNote = new Label("seconds or longer finishes while the window is in the background (0: never)");
    notifyNote.getStyleClass().add("dim");
    TextField store = new TextField(s.text("storeDir", currentStore.toString()));
    store.setPrefColumnCount(32);
    Label storeNote = new Label("Takes effect at the next start (or set $GLASSBOX_STORE).");
    storeNote.getStyleClass().add("dim");
    GridPane g = new GridPane();
    g.setHgap(10);
    g.setVgap(10);
    g.setPadding(new Insets(16));
    g.addRow(0, new Label("Builds at once"), concurrency);
    g.addRow(1, new Label("Failed builds"), keep);
    g.addRow(2, new Label("Theme"), theme);
    g.addRow(3, new Label("Notify when a build of"), new javafx.scene.layout.HBox(8, notifyAfter, notifyNote));
    g.addRow(4, new Label("Store folder"), store);
    g.add(storeNote, 1, 5);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.setResultConverter(
        b -> b == ButtonType.OK ? new Choice(concurrency.getValue(), keep.isSelected(), theme.getValue(), store.getText().strip(),
            notifyAfter.getValue()) : null);
    return d.showAndWait();
  }
}
