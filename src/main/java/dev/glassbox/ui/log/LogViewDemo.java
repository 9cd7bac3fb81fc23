package dev.glassbox.ui.log;

import dev.glassbox.ui.fx.FxThreads;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.animation.PauseTransition;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * Shows the log view with a sample build log, or with {@code --screenshot FILE} saves a PNG of it
 * and exits. Options: {@code --dark}, {@code --search TEXT}, {@code --size WxH}. Needs a display
 * (Xvfb works) or Monocle.
 */
public final class LogViewDemo {
  private LogViewDemo() {}

  public static void main(String[] args) throws Exception {
    Path screenshot = null;
    boolean dark = false;
    String search = "warning";
    int width = 1180;
    int height = 700;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--screenshot" -> screenshot = Path.of(args[++i]);
        case "--dark" -> dark = true;
        case "--search" -> search = args[++i];
        case "--size" -> {
          String[] wh = args[++i].split("x");
          width = Integer.parseInt(wh[0]);
          height = Integer.parseInt(wh[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    FxThreads.startToolkit();
    LogDocument doc = LogDocument.create();
    doc.append(SampleLog.lines(System.currentTimeMillis() - 60_000));
    CountDownLatch closed = new CountDownLatch(1);
    CompletableFuture<Void> shot = new CompletableFuture<>();
    Path target = screenshot;
    boolean darkTheme = dark;
    String query = search;
    int w = width;
    int h = height;
    FxThreads.FX.execute(
        () -> {
          LogView view = new LogView();
          view.darkThemeProperty().set(darkTheme);
          view.showTimestampsProperty().set(true);
          view.setDocument(doc);
          Stage stage = new Stage();
          stage.setTitle("Glassbox — build log");
          stage.setScene(new Scene(view, w, h));
          stage.setOnHidden(e -> closed.countDown());
          stage.show();
          view.searchTextProperty().set(query);
          if (target != null) {
            // Let the search finish and a few pulses lay everything out before the snapshot.
            PauseTransition wait = new PauseTransition(Duration.millis(800));
            wait.setOnFinished(
                e -> {
                  view.rowsView.clearSelection();
                  view.rowsView.requestFocus();
                  view.rowsView.setTop(0);
                  PauseTransition settle = new PauseTransition(Duration.millis(300));
                  settle.setOnFinished(
                      e2 -> {
                        WritableImage image = stage.getScene().snapshot(null);
                        stage.close();
                        try {
                          writePng(image, target);
                          shot.complete(null);
                        } catch (IOException ex) {
                          shot.completeExceptionally(ex);
                        }
                      });
                  settle.play();
                });
            wait.play();
          }
        });
    if (target != null) {
      shot.get();
      System.out.println("wrote " + target);
    } else {
      closed.await();
    }
    doc.close();
    System.exit(0);
  }

  static void writePng(WritableImage image, Path target) throws IOException {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    PixelReader reader = image.getPixelReader();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, reader.getArgb(x, y));
      }
    }
    if (target.toAbsolutePath().getParent() != null) {
      Files.createDirectories(target.toAbsolutePath().getParent());
    }
    ImageIO.write(out, "png", target.toFile());
  }
}
