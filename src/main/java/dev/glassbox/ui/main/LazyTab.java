package dev.glassbox.ui.main;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * A tab whose content is made the first time it is selected (or asked for), not with the window:
 * the panes behind the tabs a user does not see at start (trees, previews, RichTextFX areas)
 * would otherwise cost a good part of the time to the first frame. Until then the last state
 * given to it (a build to show, or none) is remembered and applied when the pane is made, so
 * callers treat it like the pane itself. FX thread only.
 *
 * @param <P> the pane
 */
final class LazyTab<P extends Node> {
  private final Tab tab;
  private final Supplier<P> make;
  private P pane;
  private Consumer<P> pendingState;

  /** Makes the pane with {@code make} when {@code tab} is first selected. */
  LazyTab(Tab tab, Supplier<P> make) {
    this.tab = Objects.requireNonNull(tab, "tab");
    this.make = Objects.requireNonNull(make, "make");
    tab.setClosable(false);
    tab.selectedProperty()
        .addListener(
            (o, was, now) -> {
              if (now) {
                pane();
              }
            });
    if (tab.isSelected()) {
      pane();
    }
  }

  /** The pane, made now if it was not yet. */
  P pane() {
    if (pane == null) {
      pane = make.get();
      tab.setContent(pane);
      Consumer<P> state = pendingState;
      pendingState = null;
      if (state != null) {
        state.accept(pane);
      }
    }
    return pane;
  }

  /**
   * Sets what the pane shows: now when it exists, else when it is made. Only the last such call
   * counts before then, so {@code state} must replace what the pane shows (show a build, clear).
   */
  void state(Consumer<P> state) {
    if (pane != null) {
      state.accept(pane);
    } else {
      pendingState = state;
    }
  }

  /** Runs {@code action} on the pane only when it exists (closing, restyling). */
  void ifMade(Consumer<P> action) {
    if (pane != null) {
      action.accept(pane);
    }
  }

  boolean isMade() {
    return pane != null;
  }
}
