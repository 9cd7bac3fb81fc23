package dev.glassbox.request;

import java.util.Objects;

/**
 * One environment variable of the build process; rendered as {@code KEY=VALUE}. The rules (key not
 * empty, no {@code =}, no NUL anywhere) are checked by {@link BuildRequest} with field paths.
 */
public record EnvVar(String key, String value) {
  public EnvVar {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
