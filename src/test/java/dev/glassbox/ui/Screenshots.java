package dev.glassbox.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Where the UI tests' screenshots go: target/screenshots always, -Dglassbox.screenshots if set. */
public final class Screenshots {
  private Screenshots() {}

  /**
   * Writes {@code shot} as {@code name} under target/screenshots and, when {@code asset} and
   * -Dglassbox.screenshots names a folder (assets/screenshots for the README), there too.
   */
  public static void write(WritableImage shot, String name, boolean asset) throws IOException {
    int w = (int) shot.getWidth();
    int h = (int) shot.getHeight();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    PixelReader r = shot.getPixelReader();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), row, 0, w);
      img.setRGB(0, y, w, 1, row, 0, w);
    }
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    ImageIO.write(img, "png", dir.resolve(name).toFile());
    String extra = System.getProperty("glassbox.screenshots");
    if (asset && extra != null && !extra.isBlank()) {
      Files.createDirectories(Path.of(extra));
      ImageIO.write(img, "png", Path.of(extra, name).toFile());
    }
  }
}
