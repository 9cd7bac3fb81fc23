package dev.glassbox.ui.diff;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.service.BuildComparisons;
import dev.glassbox.service.BuildHandle;
import dev.glassbox.service.BuildService;
import dev.glassbox.ui.fx.Fx;
import dev.glassbox.ui.settings.UiSettings;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Opens Compare windows from the main window: "Compare with…", "Compare with previous build of
 * the same request" and "Rebuild &amp; compare". Each comparison gets its own window, so several
 * can stay open side by side.
 */
public final class CompareWindows {
  private final Window owner;
  private final BuildService service;
  private final UiSettings settings;
  private final BuildComparisons comparisons;
  private CompareView last;

  public CompareWindows(Window owner, BuildService service, UiSettings settings) {
    this.owner = owner;
    this.service = service;
    this.settings = settings;
    this.comparisons = new BuildComparisons(service.store(), service.history());
  }

  /** Opens a window comparing {@code left} (before) with {@code right} (after). */
  public CompareView compare(BuildRecord left, BuildRecord right) {
    CompareView v = open("Compare " + left.id().substring(0, 8) + " \u2192 " + right.id().substring(0, 8));
    v.compare(left, right);
    return v;
  }

  /**
   * Compares two builds given by id (a what-if experiment and its base); says so instead when
   * either has no outputs.
   */
  public void compareBuilds(String leftId, String rightId) {
    Fx.background(
        () -> new BuildRecord[] {
          service.history().resolve(leftId), service.history().resolve(rightId)
        },
        r -> {
          if (hasOutputs(r[0]) && hasOutputs(r[1])) {
            compare(r[0], r[1]);
          }
        },
        e -> error("Cannot read the build history", e));
  }

  /** Lets the user pick another successful build, then compares the older with the newer. */
  public void compareWith(String id) {
    Fx.background(
        () -> {
          BuildRecord r = service.history().resolve(id);
          return new Object[] {r, BuildPicker.candidates(r, service.history().recent(1000))};
        },
        res -> {
          BuildRecord r = (BuildRecord) res[0];
          @SuppressWarnings("unchecked")
          var candidates = (java.util.List<BuildRecord>) res[1];
          if (!hasOutputs(r)) {
            return;
          }
          BuildPicker.pick(owner, r, candidates)
              .ifPresent(o -> {
                boolean older = o.submittedAt().isBefore(r.submittedAt());
                compare(older ? o : r, older ? r : o);
              });
        },
        e -> error("Cannot read the build history", e));
  }

  /** Compares with the latest earlier successful build with the same command and outputs. */
  public void compareWithPrevious(String id) {
    Fx.background(
        () -> {
          BuildRecord r = service.history().resolve(id);
          return new Object[] {r, comparisons.previousBuildOf(r)};
        },
        res -> {
          BuildRecord r = (BuildRecord) res[0];
          @SuppressWarnings("unchecked")
          Optional<BuildRecord> prev = (Optional<BuildRecord>) res[1];
          if (!hasOutputs(r)) {
            return;
          }
          if (prev.isEmpty()) {
            info(
                "No earlier build of this request",
                "There is no earlier successful build with the same command and outputs as "
                    + r.id().substring(0, 12) + " in the history. Use \"Compare with…\" to pick"
                    + " any build, or \"Rebuild & compare\".");
            return;
          }
          compare(prev.get(), r);
        },
        e -> error("Cannot read the build history", e));
  }

  /** Rebuilds a successful build, waits for it in the window, and shows the verdict and diff. */
  public CompareView rebuildAndCompare(String id) {
    CompareView v = open("Rebuild & compare " + id.substring(0, Math.min(8, id.length())));
    Fx.background(
        () -> {
          BuildRecord original = service.history().resolve(id);
          if (original.status() != BuildStatus.SUCCEEDED) {
            throw new IllegalStateException(
                "build " + original.id() + " ended " + original.status().label()
                    + ", so there are no outputs to check; pick a build that succeeded");
          }
          return new Object[] {original, service.rebuild(original.id())};
        },
        res -> {
          BuildRecord original = (BuildRecord) res[0];
          BuildHandle handle = (BuildHandle) res[1];
          v.rebuilding(original, handle);
        },
        e -> {
          error("Cannot rebuild " + id, e);
          ((Stage) v.getScene().getWindow()).close();
        });
    return v;
  }

  /** The most recently opened Compare view (for tests). */
  public Optional<CompareView> last() {
    return Optional.ofNullable(last);
  }

  private CompareView open(String title) {
    CompareView v = new CompareView(service.store(), comparisons, new IgnoreMemory(settings));
    v.getStyleClass().add("glassbox-root");
    v.getStyleClass().add(settings.theme() == UiSettings.Theme.DARK ? "theme-dark" : "theme-light");
    Scene scene = new Scene(v, 1180, 740);
    scene.getStylesheets()
        .add(CompareWindows.class.getResource("/dev/glassbox/ui/glassbox.css").toExternalForm());
    Stage stage = new Stage();
    stage.initOwner(owner);
    stage.setTitle(title + " \u2014 Glassbox");
    stage.setScene(scene);
    stage.setOnHidden(e -> v.close());
    stage.show();
    last = v;
    return v;
  }

  private boolean hasOutputs(BuildRecord r) {
    if (r.status() == BuildStatus.SUCCEEDED) {
      return true;
    }
    info(
        "Nothing to compare",
        "Build " + r.id().substring(0, 12) + " ended " + r.status().label()
            + ", so it has no outputs. Compare a build that succeeded.");
    return false;
  }

  private void info(String header, String text) {
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.initOwner(owner);
    a.setTitle("Glassbox");
    a.setHeaderText(header);
    a.setContentText(text);
    a.show();
  }

  private void error(String what, Exception e) {
    Alert a = new Alert(Alert.AlertType.ERROR);
    a.initOwner(owner);
    a.setTitle("Glassbox");
    a.setHeaderText(what);
    a.setContentText(e.getMessage() != null ? e.getMessage() : e.toString());
    a.show();
  }
}
