package dev.glassbox.ui.request;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * "Copy as CLI command": the shell command that runs the editor's request with {@code glassbox
 * build}, to paste into a terminal or a CI script.
 *
 * <p>{@code glassbox build} takes a request file. A saved, unchanged request is run from its file;
 * otherwise the command writes the JSON to a temporary file with a quoted here-document (nothing in
 * it is expanded by the shell) and runs that, with host paths made absolute, since the temporary
 * file lives elsewhere.
 */
final class CliCommand {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private CliCommand() {}

  /**
   * @param file the request file, or null when unsaved
   * @param upToDate whether {@code file} holds exactly the editor's request
   * @param form the request, for the here-document when the file is not up to date
   * @param baseDir where relative host paths of {@code form} resolve (the file's folder), or null
   * @param storeDir the store to pass with {@code --store}, or null for the CLI's default
   */
  static String of(Path file, boolean upToDate, RequestForm form, Path baseDir, Path storeDir) {
    String build = "glassbox build" + (storeDir == null ? "" : " --store " + quote(storeDir.toString()));
    if (file != null && upToDate) {
      return build + " " + quote(file.toAbsolutePath().toString());
    }
    String json = FormJson.toJson(form.withInputs(HostPaths.absolute(form.inputs(), baseDir)));
    String marker = "GLASSBOX_REQUEST";
    // A valid JSON text cannot contain a bare word on a line, but the text is not checked here.
    while (json.lines().anyMatch(marker::equals)) {
      marker = marker + "_";
    }
    return "f=$(mktemp --suffix=.json) && cat > \"$f\" <<'"
        + marker
        + "'\n"
        + json
        + marker
        + "\n"
        + build
        + " \"$f\"\n";
  }

  /** POSIX shell quoting: plain words as they are, anything else in single quotes. */
  static String quote(String s) {
    if (!s.isEmpty() && PLAIN.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
