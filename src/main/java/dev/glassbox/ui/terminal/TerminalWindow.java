package dev.glassbox.ui.terminal;

import dev.glassbox.terminal.Teardown;
import dev.glassbox.terminal.TerminalException;
import dev.glassbox.terminal.TerminalLauncher;
import dev.glassbox.terminal.TerminalSpec;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window with one terminal: opens {@code spec} in a {@link TerminalView}, and closing the window
 * closes the session (hang-up, then the teardown, e.g. removing the debug container). A toolbar
 * copies, pastes, and opens the same command in the desktop's terminal.
 */
public final class TerminalWindow {
  private final Stage stage;
  private final TerminalView view;

  private TerminalWindow(Window owner, TerminalLauncher launcher, TerminalSpec spec, boolean dark) {
    view = new TerminalView();
    view.setId("terminal-view");
    view.darkThemeProperty().set(dark);
    stage = new Stage();
    if (owner != null) {
      stage.initOwner(owner);
    }
    String baseTitle = spec.title().isBlank() ? spec.commandLine() : spec.title();
    stage
        .titleProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    view.titleProperty().get().isBlank()
                        ? baseTitle
                        : baseTitle + " — " + view.titleProperty().get(),
                view.titleProperty()));

    Label command = new Label(spec.commandLine());
    command.setId("terminal-command");
    command.setTooltip(new Tooltip(spec.commandLine()));
    command.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(command, Priority.ALWAYS);
    Button copy = new Button("Copy");
    copy.setTooltip(new Tooltip("Copy the selection (Ctrl+Shift+C)"));
    copy.setOnAction(
        e -> {
          view.copySelection();
          view.requestFocus();
        });
    Button paste = new Button("Paste");
    paste.setTooltip(new Tooltip("Paste into the terminal (Ctrl+Shift+V)"));
    paste.setOnAction(
        e -> {
          view.paste();
          view.requestFocus();
        });
    Button system = new Button("Open in system terminal");
    system.setId("terminal-open-system");
    system.setTooltip(
        new Tooltip(
            "Runs the same command in your desktop's terminal as well; what this window set up"
                + " stays until this window closes"));
    // The extra terminal gets no teardown: this window owns it and runs it once, when it closes.
    system.setOnAction(
        e -> openInSystemTerminal(stage, launcher, spec.withTeardown(Teardown.NONE)));
    for (Button b : new Button[] {copy, paste, system}) {
      b.setFocusTraversable(false);
    }
    HBox bar = new HBox(6, command, copy, paste, system);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 8, 4, 8));

    BorderPane root = new BorderPane(view);
    root.setTop(bar);
    if (dark) {
      root.setStyle("-fx-base: #1c2128; -fx-background: #161b22;");
    }
    stage.setScene(new Scene(root, 940, 600));
    view.setOnCloseFailure(
        e -> error(stage.getOwner(), "Cleaning up after the terminal failed", e.getMessage()));
    stage.setOnHidden(e -> view.close());
    stage.setOnShown(e -> view.requestFocus());
    view.start(launcher, spec);
  }

  /** Opens and shows a terminal window running {@code spec}. */
  public static TerminalWindow open(
      Window owner, TerminalLauncher launcher, TerminalSpec spec, boolean dark) {
    TerminalWindow w = new TerminalWindow(owner, launcher, spec, dark);
    w.stage.show();
    return w;
  }

  /**
   * Runs {@code spec} in the desktop's terminal (its teardown when that terminal exits); shows why
   * not when there is no terminal emulator or no display. Returns whether it started.
   */
  public static boolean openInSystemTerminal(
      Window owner, TerminalLauncher launcher, TerminalSpec spec) {
    try {
      launcher.openInSystemTerminal(spec);
      return true;
    } catch (TerminalException e) {
      error(owner, "Cannot open a system terminal", e.getMessage());
      return false;
    }
  }

  private static void error(Window owner, String header, String message) {
    Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
    if (owner != null) {
      a.initOwner(owner);
    }
    a.setHeaderText(header);
    a.show();
  }

  public Stage stage() {
    return stage;
  }

  public TerminalView view() {
    return view;
  }

  /** Closes the window and with it the session; same as the window's close button. */
  public void close() {
    stage.hide();
  }

  /** The title shown, for tests. */
  public Optional<String> title() {
    return Optional.ofNullable(stage.getTitle());
  }
}
