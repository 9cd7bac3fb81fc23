package dev.glassbox.ui.request;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs JavaFX headless (Monocle, software rendering) for the UI tests. List it before TestFX's
 * {@code ApplicationExtension}: the properties must be set before the toolkit starts.
 */
public final class HeadlessFx implements BeforeAllCallback {
  static {
    configure();
  }

  /** Sets the properties; safe to call more than once. */
  public static void configure() {
    System.setProperty("testfx.robot", "glass");
    System.setProperty("testfx.headless", "true");
    System.setProperty("prism.order", "sw");
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
    // Monocle's headless screen is 1280x800 by default; larger windows overflow its buffer.
    System.setProperty("headless.geometry", "1600x1200-32");
    System.setProperty("java.awt.headless", "true");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    configure();
  }
}
