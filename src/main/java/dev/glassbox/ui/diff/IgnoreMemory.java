package dev.glassbox.ui.diff;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.request.RequestIdentity;
import dev.glassbox.ui.settings.UiSettings;
import java.util.List;
import java.util.Optional;

/**
 * The ignore globs chosen for a request, remembered in the UI settings under the request's
 * identity (its command and outputs), so the next comparison of that request starts with them.
 */
final class IgnoreMemory {
  private static final String PREFIX = "compare.ignore.";

  private final UiSettings settings;

  IgnoreMemory(UiSettings settings) {
    this.settings = settings;
  }

  static Optional<String> key(BuildRecord r) {
    return r.requestJson().flatMap(RequestIdentity::key);
  }

  List<String> recall(BuildRecord r) {
    return key(r).map(k -> parse(settings.text(PREFIX + k, ""))).orElse(List.of());
  }

  void remember(BuildRecord r, List<String> globs) {
    key(r)
        .ifPresent(
            k -> {
              settings.setText(PREFIX + k, globs.isEmpty() ? null : String.join(" ", globs));
              settings.save();
            });
  }

  /** Globs separated by spaces or commas outside braces ({@code {a,b}} stays one glob). */
  static List<String> parse(String text) {
    StringBuilder cur = new StringBuilder();
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    int depth = 0;
    for (char c : text.toCharArray()) {
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth = Math.max(0, depth - 1);
      }
      if ((Character.isWhitespace(c) || c == ',') && depth == 0) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return List.copyOf(out);
  }

  static String format(List<String> globs) {
    return String.join(" ", globs);
  }
}
