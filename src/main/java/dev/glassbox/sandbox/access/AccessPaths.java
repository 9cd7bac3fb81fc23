package dev.glassbox.sandbox.access;

/** Splitting mount-relative paths ({@code /input/inside/it}). */
final class AccessPaths {
  private AccessPaths() {}

  static String inputOf(String path) {
    int slash = path.indexOf('/', 1);
    return slash < 0 ? path.substring(1) : path.substring(1, slash);
  }

  static String insideOf(String path) {
    int slash = path.indexOf('/', 1);
    return slash < 0 ? "" : path.substring(slash + 1);
  }
}
