package dev.glassbox.ui.log;

/** Puts JavaFX and TestFX in headless mode (Monocle, software rendering, glass robot). */
final class Headless {
  private Headless() {}

  /** Call from a static initialiser, before anything starts the toolkit. */
  static void init() {
    System.setProperty("testfx.robot", "glass");
    System.setProperty("testfx.headless", "true");
    System.setProperty("prism.order", "sw");
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
  }
}
