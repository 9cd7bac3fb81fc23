package dev.glassbox.ui.request;

import dev.glassbox.castore.Node;
import java.time.Instant;
import java.util.Objects;

/** Where the import of one host path into the store stands. */
sealed interface ImportState permits ImportState.Importing, ImportState.Imported, ImportState.Failed {

  /** Running; the counters say how far it got (files and bytes stored so far). */
  record Importing(long files, long bytes) implements ImportState {}

  /** Done: the node the path became, and when, so the form can say how fresh it is. */
  record Imported(Node node, Instant at) implements ImportState {
    public Imported {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Failed with a sentence saying why. */
  record Failed(String message) implements ImportState {
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }
}
