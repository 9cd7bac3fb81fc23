package dev.glassbox.castore.refscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reference scanning against vectors.json › refscan and a naive model (engine-spec §4.7). */
class ReferenceScannerTest {

  private static final String HELLO_DRV_CASE = "multiple full store paths";

  @Test
  void everyRefscanVectorFindsExactlyTheExpectedNeedles() {
    int checked = 0;
    for (JsonNode v : Vectors.section("refscan")) {
      String label = v.get("description").asText();
      List<byte[]> needles = new ArrayList<>();
      v.get("needles").forEach(n -> needles.add(Vectors.latin1(n)));
      ReferenceScanner scanner = new ReferenceScanner(ReferencePattern.of(needles));
      scanner.scan(Vectors.latin1(v.get("haystack")));
      int[] expected = new int[v.get("matched_needle_indices").size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = v.get("matched_needle_indices").get(i).asInt();
      }
      assertThat(scanner.found()).as(label).containsExactly(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(6);
  }

  @Test
  void everyRefscanVectorGivesTheSameResultThroughTheStream() throws IOException {
    for (JsonNode v : Vectors.section("refscan")) {
      List<byte[]> needles = new ArrayList<>();
      v.get("needles").forEach(n -> needles.add(Vectors.latin1(n)));
      ReferencePattern p = ReferencePattern.of(needles);
      byte[] hay = Vectors.latin1(v.get("haystack"));
      ReferenceScanner whole = new ReferenceScanner(p);
      whole.scan(hay);
      ReferenceScanner streamed = new ReferenceScanner(p);
      streamed.scanStream(new ByteArrayInputStream(hay));
      assertThat(streamed.found()).as(v.get("description").asText()).containsExactly(whole.found());
    }
  }

  @Test
  void aHaystackShorterThanTheLongestNeedleIsNotScanned() {
    ReferencePattern p = ReferencePattern.ofStrings(List.of("ab", "abcdef"));
    ReferenceScanner short4 = new ReferenceScanner(p);
    short4.scan("xxab".getBytes(StandardCharsets.US_ASCII));
    assertThat(short4.found()).isEmpty();

    ReferenceScanner long6 = new ReferenceScanner(p);
    long6.scan("xxab--".getBytes(StandardCharsets.US_ASCII));
    assertThat(long6.found()).containsExactly(0);
  }

  @Test
  void scansOrIntoTheFlags() {
    ReferenceScanner s = new ReferenceScanner(ReferencePattern.ofStrings(List.of("aa", "bb", "cc")));
    s.scan("--cc--".getBytes(StandardCharsets.US_ASCII));
    s.scan("--aa--".getBytes(StandardCharsets.US_ASCII));
    s.scan("------".getBytes(StandardCharsets.US_ASCII));
    assertThat(s.found()).containsExactly(0, 2);
    assertThat(s.found(1)).isFalse();
  }

  @Test
  void scanHonoursOffsetAndLength() {
    ReferenceScanner s = new ReferenceScanner(ReferencePattern.ofStrings(List.of("xy", "zw")));
    byte[] buf = "xy--zw".getBytes(StandardCharsets.US_ASCII);
    s.scan(buf, 2, 4);
    assertThat(s.found()).containsExactly(1);
  }

  @Test
  void rejectsNeedlesShorterThanTwoBytes() {
    assertThatThrownBy(() -> ReferencePattern.ofStrings(List.of("abc", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needle 1 has 1 byte");
    assertThatThrownBy(() -> ReferencePattern.ofStrings(List.of("")))
        .hasMessageContaining("needle 0 has 0 byte");
  }

  @Test
  void rejectsMoreThan65535Needles() {
    List<String> many = new ArrayList<>(Collections.nCopies(65_536, "ab"));
    assertThatThrownBy(() -> ReferencePattern.ofStrings(many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 65535 needles, got 65536");
    ReferencePattern max = ReferencePattern.ofStrings(many.subList(0, 65_535));
    ReferenceScanner s = new ReferenceScanner(max);
    s.scan("-ab-".getBytes(StandardCharsets.US_ASCII));
    assertThat(s.found()).containsExactly(0);
  }

  @Test
  void withoutNeedlesNothingIsFound() throws IOException {
    ReferenceScanner s = new ReferenceScanner(ReferencePattern.empty());
    s.scan("anything".getBytes(StandardCharsets.US_ASCII));
    s.scanStream(new ByteArrayInputStream(new byte[20_000]));
    assertThat(s.found()).isEmpty();
  }

  @Test
  void matchesAreNonOverlappingLeftmostShortestFirst() {
    ReferencePattern p = ReferencePattern.ofStrings(List.of("abcd", "ab", "bcde", "ab"));
    List<int[]> got = new ArrayList<>();
    byte[] hay = "xabcdeabcd".getBytes(StandardCharsets.US_ASCII);
    p.findMatches(hay, 0, hay.length, (n, start) -> got.add(new int[] {n, start}));
    // at 1: "ab" (index 1, shorter than "abcd", lower index than its twin 3); then resume at 3.
    assertThat(got).containsExactly(new int[] {1, 1}, new int[] {1, 6});
  }

  @Test
  void agreesWithANaiveModelOnRandomInputs() {
    Random rnd = new Random(42);
    for (int round = 0; round < 3000; round++) {
      int alphabet = 2 + rnd.nextInt(3);
      List<byte[]> needles = new ArrayList<>();
      int count = 1 + rnd.nextInt(6);
      for (int i = 0; i < count; i++) {
        needles.add(randomBytes(rnd, 2 + rnd.nextInt(5), alphabet));
      }
      byte[] hay = randomBytes(rnd, rnd.nextInt(60), alphabet);
      ReferencePattern p = ReferencePattern.of(needles);
      List<List<Integer>> got = new ArrayList<>();
      p.findMatches(hay, 0, hay.length, (n, s) -> got.add(List.of(n, s)));
      assertThat(got)
          .as("needles %s in %s", render(needles), new String(hay, StandardCharsets.ISO_8859_1))
          .isEqualTo(naiveMatches(needles, hay));
    }
  }

  @Test
  void findsTheHelloDrvNeedlesForAnyReadAndWindowSize() throws IOException {
    // tvix's test_reference_reader: chunk sizes and capacities both small and large.
    JsonNode v =
        Vectors.section("refscan").stream()
            .filter(c -> c.get("description").asText().equals(HELLO_DRV_CASE))
            .findFirst()
            .orElseThrow();
    byte[] drv = Vectors.latin1(v.get("haystack"));
    ReferencePattern p =
        ReferencePattern.ofStrings(
            List.of(
                "33l4p0pn0mybmqzaxfkpppyh7vx1c74p",
                "pf80kikyxr63wrw56k00i1kw6ba76qik",
                "cp65c8nk29qq5cl1wyy5qyw103cwmax7",
                "fn7zvafq26f0c8b17brs7s95s10ibfzs"));
    int[][] cases = {{8096, 8096}, {8096, 1}, {1, 8096}, {1, 1}, {7, 33}, {100, 40}};
    for (int[] c : cases) {
      ReferenceScanner s = new ReferenceScanner(p);
      byte[] out;
      try (InputStream in = new ScanningInputStream(s, new ChunkedStream(drv, c[0]), c[1])) {
        out = in.readAllBytes();
      }
      assertThat(out).as("bytes pass through unchanged").isEqualTo(drv);
      assertThat(s.found()).as("chunk %d capacity %d", c[0], c[1]).containsExactly(0, 1, 2);
    }
  }

  @Test
  void findsANeedleThatSpansTwoWindows() throws IOException {
    byte[] needle = "fhaj6gmwns62s6ypkcldbaj2ybvkhx3p".getBytes(StandardCharsets.US_ASCII);
    for (int start : new int[] {8192 - 31, 8192 - 16, 8192 - 1, 3 * 8192 - 5}) {
      byte[] data = new byte[5 * 8192];
      System.arraycopy(needle, 0, data, start, needle.length);
      ReferenceScanner s = new ReferenceScanner(ReferencePattern.of(List.of(needle)));
      s.scanStream(new ChunkedStream(data, 8192));
      assertThat(s.found()).as("needle at %d", start).containsExactly(0);
    }
  }

  @Test
  void decidesNonOverlapPerWindowAsUpstreamDoes() throws IOException {
    // "abcd" hides the overlapping "cdxy" in one scan; with 1-byte reads and a 4-byte window,
    // the window "cdxy" is scanned on its own later and finds it (tvix ReferenceReader).
    ReferencePattern p = ReferencePattern.ofStrings(List.of("abcd", "cdxy"));
    byte[] data = "abcdxy".getBytes(StandardCharsets.US_ASCII);

    ReferenceScanner whole = new ReferenceScanner(p);
    whole.scanStream(new ByteArrayInputStream(data));
    assertThat(whole.found()).containsExactly(0);

    ReferenceScanner windowed = new ReferenceScanner(p);
    try (InputStream in = new ScanningInputStream(windowed, new ChunkedStream(data, 1), 4)) {
      in.readAllBytes();
    }
    assertThat(windowed.found()).containsExactly(0, 1);
  }

  @Test
  void aStreamShorterThanTheLongestNeedleIsNotScanned() throws IOException {
    ReferenceScanner s = new ReferenceScanner(ReferencePattern.ofStrings(List.of("ab", "abcdef")));
    s.scanStream(new ByteArrayInputStream("ab".getBytes(StandardCharsets.US_ASCII)));
    assertThat(s.found()).isEmpty();
  }

  @Test
  void singleByteReadsAndSkipStillScan() throws IOException {
    ReferenceScanner s = new ReferenceScanner(ReferencePattern.ofStrings(List.of("needle")));
    byte[] data = "....needle....".getBytes(StandardCharsets.US_ASCII);
    try (InputStream in = s.wrap(new ByteArrayInputStream(data))) {
      assertThat(in.read()).isEqualTo('.');
      assertThat(in.skip(100)).isEqualTo(data.length - 1);
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(s.found()).containsExactly(0);
  }

  @Test
  void concurrentScansAllReportIntoOneScanner() throws Exception {
    List<String> needles = IntStream.range(0, 64).mapToObj(i -> String.format("needle-%04d", i)).toList();
    ReferenceScanner s = new ReferenceScanner(ReferencePattern.ofStrings(needles));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int base = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = base; i < 64; i += 8) {
                  s.scan(("xx" + needles.get(i) + "yy").getBytes(StandardCharsets.US_ASCII));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(s.found()).containsExactly(IntStream.range(0, 64).toArray());
  }

  /** The semantics of engine-spec §4.7, written the obvious way. */
  static List<List<Integer>> naiveMatches(List<byte[]> needles, byte[] hay) {
    List<List<Integer>> out = new ArrayList<>();
    int s = 0;
    while (s < hay.length) {
      int best = -1;
      for (int n = 0; n < needles.size(); n++) {
        byte[] nd = needles.get(n);
        if (s + nd.length <= hay.length
            && Arrays.equals(nd, 0, nd.length, hay, s, s + nd.length)
            && (best < 0 || nd.length < needles.get(best).length)) {
          best = n;
        }
      }
      if (best < 0) {
        s++;
      } else {
        out.add(List.of(best, s));
        s += needles.get(best).length;
      }
    }
    return out;
  }

  private static byte[] randomBytes(Random rnd, int len, int alphabet) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      // include bytes >= 0x80 so signed-byte mistakes show up
      b[i] = (byte) (rnd.nextBoolean() ? 'a' + rnd.nextInt(alphabet) : 0xfe - rnd.nextInt(alphabet));
    }
    return b;
  }

  private static String render(List<byte[]> needles) {
    return needles.stream().map(n -> new String(n, StandardCharsets.ISO_8859_1)).toList().toString();
  }

  /** Returns at most {@code chunk} bytes per read, like tvix's mock reader. */
  static final class ChunkedStream extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int pos;

    ChunkedStream(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
