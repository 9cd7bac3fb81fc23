package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes a log as plain text: one line per logical line, as the view shows it (escape sequences
 * removed, progress lines collapsed, long lines whole), with stderr lines marked by {@value
 * #STDERR_MARK} and, if asked, each line prefixed by its local time.
 */
public final class LogExport {
  /** Prefix of stderr lines in a saved log. */
  public static final String STDERR_MARK = "[stderr] ";

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private LogExport() {}

  /**
   * Writes {@code doc} to {@code target}, replacing it only once the whole log is written, so a
   * failed save leaves an existing file alone. Returns the number of lines written.
   */
  public static long save(LogDocument doc, Path target, boolean timestamps) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    try {
      long lines;
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        lines = write(doc, out, timestamps);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return lines;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes every line of {@code doc} that exists now; returns how many. */
  public static long write(LogDocument doc, Writer out, boolean timestamps) throws IOException {
    int count = doc.lineCount();
    long[] written = {0};
    try {
      doc.scan(
          0,
          count,
          (line, stream, time, offset, text, last) -> {
            try {
              if (offset == 0) {
                if (timestamps) {
                  out.write(TIME.format(Instant.ofEpochMilli(time)));
                  out.write(' ');
                }
                if (stream == LogStream.STDERR) {
                  out.write(STDERR_MARK);
                }
              }
              out.write(text);
              if (last) {
                out.write('\n');
                written[0]++;
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e); // carried out of the visitor, unwrapped below
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return written[0];
  }
}
