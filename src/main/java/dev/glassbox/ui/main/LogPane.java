package dev.glassbox.ui.main;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.service.BuildService;
import dev.glassbox.service.ServiceEvent;
import dev.glassbox.service.Subscription;
import dev.glassbox.ui.fx.Fx;
import dev.glassbox.ui.log.LogDocument;
import dev.glassbox.ui.log.LogView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.layout.StackPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Log tab: the selected build's log, live while it runs and replayed from history after, in
 * one {@link LogView}. Lines go from the service's thread straight into a disk-backed document;
 * the view catches up once per frame.
 */
public final class LogPane extends StackPane {
  private static final Logger LOG = LoggerFactory.getLogger(LogPane.class);

  private final Optional<BuildService> service;
  private final LogView view = new LogView();
  private LogDocument document;
  private Subscription subscription;
  private String buildId;
  // Read by the service's thread to drop batches meant for a build no longer shown.
  private volatile long generation;

  public LogPane(Optional<BuildService> service) {
    this.service = service;
    getChildren().add(view);
    // In a narrow tab the toolbar is wider than the pane; let the search field give way rather
    // than every button collapsing to "...".
    for (String cls : new String[] {".button", ".toggle-button"}) {
      view.lookupAll(".log-toolbar " + cls).forEach(n -> ((javafx.scene.layout.Region) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
    }
    view.lookupAll(".search-box").forEach(n -> ((javafx.scene.layout.Region) n).setMinWidth(160));
  }

  public LogView view() {
    return view;
  }

  /** Shows the log of {@code id}: everything so far, then new lines as they come. */
  public void show(String id) {
    if (id.equals(buildId)) {
      return;
    }
    clear();
    buildId = id;
    long gen = ++generation;
    LogDocument doc;
    try {
      doc = LogDocument.create();
    } catch (IOException e) {
      LOG.warn("cannot create a log document: {}", e.getMessage());
      return;
    }
    document = doc;
    view.setDocument(doc);
    service.ifPresent(
        s ->
            Fx.background(
                () ->
                    s.subscribe(
                        id,
                        0,
                        batch -> {
                          if (gen != generation) {
                            return;
                          }
                          List<LogLine> lines = new ArrayList<>();
                          boolean finished = false;
                          for (ServiceEvent e : batch) {
                            if (e instanceof ServiceEvent.Log l) {
                              lines.add(l.line());
                            } else if (e instanceof ServiceEvent.Finished) {
                              finished = true;
                            }
                          }
                          try {
                            if (!lines.isEmpty()) {
                              doc.append(lines);
                            }
                            if (finished) {
                              doc.finish();
                            }
                          } catch (IllegalStateException closedMeanwhile) {
                            // the user switched builds between the check above and this batch
                          }
                        }),
                sub -> {
                  if (gen == generation) {
                    subscription = sub;
                  } else {
                    sub.close(); // the user already moved on to another build
                  }
                },
                e -> LOG.warn("cannot follow the log of {}: {}", id, e.getMessage())));
  }

  /** Shows nothing and stops following. */
  public void clear() {
    generation++;
    buildId = null;
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    view.setDocument(null);
    if (document != null) {
      LogDocument d = document;
      document = null;
      Fx.background(() -> {
        d.close();
        return null;
      }, x -> {}, e -> {});
    }
  }

  public void close() {
    clear();
    view.dispose();
  }
}
