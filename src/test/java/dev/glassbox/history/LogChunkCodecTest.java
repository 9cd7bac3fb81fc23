package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogChunkCodecTest {
  @Test
  void linesRoundTripExactlyIncludingTimeGoingBackwardsAndLongText() throws Exception {
    List<LogLine> lines =
        List.of(
            new LogLine(7, LogStream.STDOUT, 1_700_000_000_000L, "", false),
            new LogLine(8, LogStream.STDERR, 1_700_000_000_005L, "ünïcödé ✓ \r progress", true),
            new LogLine(9, LogStream.STDOUT, 1_699_999_999_000L, "clock went back", false),
            new LogLine(20, LogStream.STDOUT, 1_700_000_100_000L, "x".repeat(70_000), false));
    LogChunkCodec.Encoder e = new LogChunkCodec.Encoder();
    for (int i = 0; i < lines.size(); i++) {
      e.add(100 + i, lines.get(i));
    }
    assertThat(e.firstIndex()).isEqualTo(100);
    assertThat(e.nextIndex()).isEqualTo(104);
    assertThat(LogChunkCodec.decode(e.toBytes(), e.firstSeq(), e.firstMillis(), e.lines())).isEqualTo(lines);
  }

  @Test
  void aLineWithAForeignIndexIsRefused() {
    LogChunkCodec.Encoder e = new LogChunkCodec.Encoder();
    e.add(5, new LogLine(0, LogStream.STDOUT, 0, "a", false));
    assertThatThrownBy(() -> e.add(7, new LogLine(1, LogStream.STDOUT, 0, "b", false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTruncatedChunkIsReportedAsDamaged() {
    LogChunkCodec.Encoder e = new LogChunkCodec.Encoder();
    e.add(0, new LogLine(0, LogStream.STDOUT, 0, "hello world", false));
    byte[] cut = Arrays.copyOf(e.toBytes(), 5);
    assertThatThrownBy(() -> LogChunkCodec.decode(cut, 0, 0, 1))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining("damaged");
  }
}
