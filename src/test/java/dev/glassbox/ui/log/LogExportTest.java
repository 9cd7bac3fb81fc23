package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogExportTest {
  @TempDir Path dir;

  @Test
  void savesPlainTextWithStderrMarkedAndLongLinesWhole() throws IOException {
    try (LogDocument doc = LogDocument.create(dir, ErrorPattern.DEFAULT)) {
      doc.append(
          List.of(
              new LogLine(0, LogStream.STDOUT, 0, "\u001b[32mok\u001b[0m", false),
              new LogLine(1, LogStream.STDERR, 0, "warning: é", false),
              new LogLine(2, LogStream.STDOUT, 0, "50%\r100%", false)));
      for (int i = 0; i < 20; i++) {
        doc.accept(new LogLine(3 + i, LogStream.STDOUT, 0, "b".repeat(65536), true));
      }
      doc.accept(new LogLine(23, LogStream.STDOUT, 0, "", false));
      Path target = dir.resolve("out/build.log");
      Files.createDirectories(target.getParent());
      Files.writeString(target, "old content");
      long lines = LogExport.save(doc, target, false);
      assertThat(lines).isEqualTo(4);
      List<String> saved = Files.readAllLines(target, StandardCharsets.UTF_8);
      assertThat(saved).hasSize(4);
      assertThat(saved.get(0)).isEqualTo("ok");
      assertThat(saved.get(1)).isEqualTo("[stderr] warning: é");
      assertThat(saved.get(2)).isEqualTo("100%");
      assertThat(saved.get(3)).isEqualTo("b".repeat(20 * 65536));
      try (var files = Files.list(target.getParent())) {
        assertThat(files).containsExactly(target);
      }
    }
  }

  @Test
  void timestampsPrefixEachLine() throws IOException {
    try (LogDocument doc = LogDocument.create(dir, ErrorPattern.DEFAULT)) {
      long t = 1_700_000_000_123L;
      doc.accept(new LogLine(0, LogStream.STDERR, t, "x", false));
      Path target = dir.resolve("t.log");
      LogExport.save(doc, target, true);
      String expected = LogExport.TIME.format(java.time.Instant.ofEpochMilli(t)) + " [stderr] x\n";
      assertThat(Files.readString(target)).isEqualTo(expected);
    }
  }
}
