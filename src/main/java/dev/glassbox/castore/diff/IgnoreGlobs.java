package dev.glassbox.castore.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Paths a comparison leaves out, as globs. A glob without {@code /} matches an entry's name at any
 * depth ({@code *.log}, {@code build-time.txt}); a glob with {@code /} matches the whole path from
 * the top of the comparison ({@code nix/store/*-out/share/**}). {@code *} and {@code ?} stay
 * inside one name, {@code **} crosses names, {@code [abc]} and {@code {a,b}} work as in shells. An
 * ignored directory is skipped with everything below it, without being read.
 */
public final class IgnoreGlobs {
  private static final IgnoreGlobs NONE = new IgnoreGlobs(List.of(), List.of(), List.of());

  private final List<String> globs;
  private final List<Pattern> nameGlobs;
  private final List<Pattern> pathGlobs;

  private IgnoreGlobs(List<String> globs, List<Pattern> nameGlobs, List<Pattern> pathGlobs) {
    this.globs = List.copyOf(globs);
    this.nameGlobs = List.copyOf(nameGlobs);
    this.pathGlobs = List.copyOf(pathGlobs);
  }

  public static IgnoreGlobs none() {
    return NONE;
  }

  /**
   * Compiles every glob.
   *
   * @throws IllegalArgumentException naming the first malformed glob and what is wrong with it
   */
  public static IgnoreGlobs of(List<String> globs) {
    List<String> kept = new ArrayList<>();
    List<Pattern> names = new ArrayList<>();
    List<Pattern> paths = new ArrayList<>();
    for (String g : globs) {
      String glob = g.strip();
      if (glob.isEmpty()) {
        continue;
      }
      kept.add(glob);
      String body = glob.startsWith("/") ? glob.substring(1) : glob;
      if (body.endsWith("/")) {
        body = body.substring(0, body.length() - 1);
      }
      if (body.isEmpty()) {
        throw new IllegalArgumentException(
            "the ignore glob '" + glob + "' would ignore everything; name a file or folder");
      }
      Pattern p = Pattern.compile(toRegex(glob, body));
      if (body.indexOf('/') < 0 && !glob.startsWith("/")) {
        names.add(p);
      } else {
        paths.add(p);
      }
    }
    return kept.isEmpty() ? NONE : new IgnoreGlobs(kept, names, paths);
  }

  /** The globs as given (blank ones dropped). */
  public List<String> globs() {
    return globs;
  }

  public boolean isEmpty() {
    return globs.isEmpty();
  }

  /** Whether the entry at {@code path} (slash-separated), named {@code name}, is ignored. */
  public boolean ignores(String path, String name) {
    for (Pattern p : nameGlobs) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    for (Pattern p : pathGlobs) {
      if (p.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String toRegex(String glob, String body) {
    StringBuilder re = new StringBuilder();
    int braces = 0;
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < body.length() && body.charAt(i + 1) == '*') {
            boolean slashAfter = i + 2 < body.length() && body.charAt(i + 2) == '/';
            // "**/" may also match nothing, so "**/x" matches "x" at the top.
            re.append(slashAfter ? "(?:.*/)?" : ".*");
            i += slashAfter ? 3 : 2;
            continue;
          }
          re.append("[^/]*");
        }
        case '?' -> re.append("[^/]");
        case '[' -> {
          int close = body.indexOf(']', i + 2);
          if (close < 0) {
            throw malformed(glob, "a '[' has no closing ']'");
          }
          String set = body.substring(i + 1, close);
          if (set.startsWith("!")) {
            set = "^" + set.substring(1);
          }
          re.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = close;
        }
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            throw malformed(glob, "a '}' has no opening '{'");
          }
          braces--;
          re.append(')');
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 >= body.length()) {
            throw malformed(glob, "it ends with a lone '\\'");
          }
          re.append(Pattern.quote(String.valueOf(body.charAt(i + 1))));
          i++;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (braces > 0) {
      throw malformed(glob, "a '{' has no closing '}'");
    }
    return re.toString();
  }

  private static IllegalArgumentException malformed(String glob, String why) {
    return new IllegalArgumentException(
        "the ignore glob '" + glob + "' is malformed: " + why + "; write it like '*.log' or"
            + " 'share/doc/**'");
  }

  @Override
  public String toString() {
    return "IgnoreGlobs" + globs;
  }
}
