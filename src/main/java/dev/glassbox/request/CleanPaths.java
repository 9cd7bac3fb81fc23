package dev.glassbox.request;

/**
 * tvix's clean-path predicates for request paths (engine-spec §4.1, {@code build/src/proto}).
 *
 * <p>A clean path has no empty, {@code .} or {@code ..} segment; one leading {@code /} makes it
 * absolute. {@code ""} and {@code "/"} are clean.
 */
public final class CleanPaths {
  private CleanPaths() {}

  public static boolean isCleanPath(String p) {
    if (p.isEmpty() || p.equals("/")) {
      return true;
    }
    String rest = p.charAt(0) == '/' ? p.substring(1) : p;
    int start = 0;
    while (true) {
      int slash = rest.indexOf('/', start);
      int end = slash < 0 ? rest.length() : slash;
      int len = end - start;
      if (len == 0
          || (len == 1 && rest.charAt(start) == '.')
          || (len == 2 && rest.charAt(start) == '.' && rest.charAt(start + 1) == '.')) {
        return false;
      }
      if (slash < 0) {
        return true;
      }
      start = slash + 1;
    }
  }

  /** Clean and not starting with {@code /}; {@code ""} is a clean relative path. */
  public static boolean isCleanRelativePath(String p) {
    return !p.startsWith("/") && isCleanPath(p);
  }

  /** Clean and starting with {@code /}. */
  public static boolean isCleanAbsolutePath(String p) {
    return p.startsWith("/") && isCleanPath(p);
  }
}
