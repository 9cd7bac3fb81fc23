package dev.glassbox.castore.blake3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares with the reference implementation's command line tool; skipped without it. */
class Blake3AgainstB3sumTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void agreesWithB3sumAroundTreeBoundariesAndOnLargeFiles(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(b3sumRuns(), "b3sum is not on the PATH; live comparison skipped");
    int k = 1024;
    int m = 1 << 20;
    List<Integer> sizes = new ArrayList<>(List.of(
        0, 1, 64, 1023, 1024, 1025, 2 * k, 2 * k + 1, 16 * k - 1, 16 * k, 16 * k + 1,
        128 * k - 1, 128 * k, 128 * k + 1, 130 * k, 512 * k + 3,
        m - 1, m, m + 1, 2 * m + 1, 4 * m - 7, 7 * m + 333, 32 * m, 33 * m + 1, 65 * m + 4097));
    SplittableRandom random = new SplittableRandom(20_24);
    for (int i = 0; i < 12; i++) {
      sizes.add(random.nextInt(i < 8 ? 300 * k : 12 * m));
    }

    List<Path> files = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int size : sizes) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      files.add(Files.write(dir.resolve("f" + files.size()), bytes));
      contents.add(bytes);
    }
    List<String> expected = b3sum(files);

    for (int i = 0; i < files.size(); i++) {
      String label = "size " + sizes.get(i);
      assertThat(HEX.formatHex(Blake3.hashFile(files.get(i)))).as(label).isEqualTo(expected.get(i));
      assertThat(HEX.formatHex(Blake3.hash(contents.get(i)))).as(label).isEqualTo(expected.get(i));
    }
  }

  private static List<String> b3sum(List<Path> files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("b3sum", "--no-names"));
    for (Path file : files) {
      command.add(file.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    List<String> lines = out.lines().map(String::trim).toList();
    assertThat(lines).hasSameSizeAs(files);
    return lines;
  }

  private static boolean b3sumRuns() {
    try {
      Process process = new ProcessBuilder("b3sum", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
