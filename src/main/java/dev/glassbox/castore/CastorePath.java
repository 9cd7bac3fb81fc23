package dev.glassbox.castore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A relative, '/'-separated path of valid names; the empty path is the root (engine-spec §1.6). */
public record CastorePath(List<PathComponent> components) {
  public static final CastorePath ROOT = new CastorePath(List.of());

  public CastorePath {
    components = List.copyOf(components);
  }

  /** Strict parse: no leading or trailing '/', no '//', no '.' or '..'. */
  public static CastorePath parse(String text) throws InvalidNameException {
    if (text.isEmpty()) {
      return ROOT;
    }
    List<PathComponent> out = new ArrayList<>();
    for (String part : text.split("/", -1)) {
      out.add(PathComponent.of(part.getBytes(StandardCharsets.UTF_8)));
    }
    return new CastorePath(out);
  }

  /**
   * Converts a host path the way Rust's {@code Path::components} sees it: '.' and repeated or
   * trailing separators vanish; '..' pops when {@code canonicalizeDotDot}, else is an error.
   *
   * @throws IllegalArgumentException for absolute paths, unresolvable '..' and invalid names
   */
  public static CastorePath fromHostPath(String host, boolean canonicalizeDotDot) {
    if (host.startsWith("/")) {
      throw new IllegalArgumentException("'" + host + "' is absolute; a relative path is needed");
    }
    List<PathComponent> out = new ArrayList<>();
    for (String part : host.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!canonicalizeDotDot || out.isEmpty()) {
          throw new IllegalArgumentException("'" + host + "' leaves its root with '..'");
        }
        out.remove(out.size() - 1);
        continue;
      }
      try {
        out.add(PathComponent.of(part.getBytes(StandardCharsets.UTF_8)));
      } catch (InvalidNameException e) {
        throw new IllegalArgumentException("'" + host + "': " + e.getMessage(), e);
      }
    }
    return new CastorePath(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (PathComponent c : components) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
