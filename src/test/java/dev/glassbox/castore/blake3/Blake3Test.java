package dev.glassbox.castore.blake3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Blake3Test {
  private static final HexFormat HEX = HexFormat.of();

  /** Sizes around the chunk, lane-batch and parallel-segment boundaries. */
  static IntStream boundarySizes() {
    int k = 1024;
    return IntStream.of(0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3 * k,
        15 * k, 16 * k - 1, 16 * k, 16 * k + 1, 17 * k, 31 * k, 32 * k + 5,
        127 * k, 128 * k - 1, 128 * k, 128 * k + 1, 129 * k, 255 * k, 256 * k, 256 * k + 1,
        (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12345);
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("officialVectors")
  void matchesOfficialTestVectors(int length, String expectedHex) {
    byte[] input = officialInput(length);

    assertThat(HEX.formatHex(Blake3.hash(input))).isEqualTo(expectedHex);
    assertThat(HEX.formatHex(Blake3.newHasher().update(input).digest())).isEqualTo(expectedHex);
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("officialVectors")
  void hashFileMatchesOfficialTestVectors(int length, String expectedHex, @TempDir Path dir)
      throws IOException {
    Path file = Files.write(dir.resolve("input"), officialInput(length));

    assertThat(HEX.formatHex(Blake3.hashFile(file))).isEqualTo(expectedHex);
  }

  static Stream<Arguments> officialVectors() throws IOException {
    List<Arguments> vectors = new ArrayList<>();
    try (InputStream in = Blake3Test.class.getResourceAsStream("/blake3/test-vectors.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.trim().split("\\s+");
          vectors.add(Arguments.of(Integer.parseInt(parts[0]), parts[1]));
        }
      }
    }
    assertThat(vectors).hasSize(22);
    return vectors.stream();
  }

  @Test
  void matchesTheProjectsKnownDigests() {
    assertThat(hex(Blake3.hash(new byte[0])))
        .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    assertThat(hex(Blake3.hash("Hello World!".getBytes(UTF_8))))
        .isEqualTo("5ca7815adcb484e9a136c11efe69c1d530176d549b5d18d038eb5280b4b3470c");
    assertThat(hex(Blake3.hash(new byte[] {0, 1})))
        .isEqualTo("7b7015bb92cf0b318037702a6cdd81dee41224f734684c2c122cd6359cb1ee63");
    assertThat(Blake3.hash(new byte[0])).hasSize(Blake3.OUT_LEN);
  }

  /** The blobs, scratch names and directory encodings of the shared reference vectors. */
  @TestFactory
  Stream<DynamicTest> matchesSharedReferenceVectors() throws IOException {
    JsonNode root = new ObjectMapper().readTree(sharedVectorsFile().toFile());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode blob : root.get("blake3")) {
      byte[] input = blob.has("input_hex")
          ? HEX.parseHex(blob.get("input_hex").asText())
          : blobFromGenerator(blob.get("input_generator").asText(), blob.get("length").asInt());
      tests.add(vectorTest("blob " + blob.get("name").asText(), input,
          blob.get("blake3_hex").asText()));
    }
    for (JsonNode scratch : root.get("scratch_names")) {
      tests.add(vectorTest("scratch name " + scratch.get("scratch_path").asText(),
          scratch.get("scratch_path").asText().getBytes(UTF_8),
          scratch.get("blake3_of_path_bytes_hex").asText()));
    }
    for (JsonNode directory : root.get("directories")) {
      if (directory.has("encoded_hex") && directory.has("blake3_hex")) {
        tests.add(vectorTest("directory " + directory.path("name").asText(),
            HEX.parseHex(directory.get("encoded_hex").asText()),
            directory.get("blake3_hex").asText()));
      }
    }
    assertThat(tests).hasSizeGreaterThan(12);
    return tests.stream();
  }

  private static DynamicTest vectorTest(String name, byte[] input, String expectedHex) {
    return DynamicTest.dynamicTest(name, () -> {
      assertThat(hex(Blake3.hash(input))).isEqualTo(expectedHex);
      assertThat(hex(Blake3.newHasher().update(input).digest())).isEqualTo(expectedHex);
    });
  }

  /** The only generator rule in the file; fail loudly if another one appears. */
  private static byte[] blobFromGenerator(String rule, int length) {
    assertThat(rule).startsWith("bytes 0x00..0xFE (255 values, 0xFF excluded) repeated");
    byte[] input = new byte[length];
    for (int i = 0; i < length; i++) {
      input[i] = (byte) (i % 255);
    }
    return input;
  }

  private static Path sharedVectorsFile() {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty("glassbox.shared");
    if (property != null) {
      candidates.add(Path.of(property, "reference", "vectors.json"));
    }
    candidates.add(Path.of("/work/shared/reference/vectors.json"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    Assumptions.assumeTrue(false, "shared reference vectors not found at " + candidates);
    throw new AssertionError("unreachable");
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("boundarySizes")
  void incrementalHashingWithArbitrarySplitsEqualsOneShot(int length) {
    byte[] input = random(length, length);
    byte[] expected = Blake3.hash(input);
    SplittableRandom random = new SplittableRandom(length * 31L + 7);

    for (int trial = 0; trial < 4; trial++) {
      Blake3.Hasher hasher = Blake3.newHasher();
      int maxPiece = trial == 0 ? 2 : trial == 1 ? 100 : trial == 2 ? 5000 : 300_000;
      for (int pos = 0; pos < length; ) {
        int piece = Math.min(length - pos, random.nextInt(maxPiece + 1));
        hasher.update(input, pos, piece);
        pos += piece;
      }
      assertThat(hasher.digest()).as("pieces up to %d bytes", maxPiece).isEqualTo(expected);
    }
  }

  @Test
  void byteAtATimeEqualsOneShotAcrossLaneBatchSizes() {
    // Byte-wise updates never take the subtree path, so this checks it against chunk-by-chunk.
    for (int chunks : new int[] {2, 15, 16, 17, 64, 128, 129, 256, 300}) {
      byte[] input = random(chunks * 1024 + 3, chunks);
      Blake3.Hasher hasher = Blake3.newHasher();
      for (byte b : input) {
        hasher.update(new byte[] {b}, 0, 1);
      }
      assertThat(hasher.digest()).as("%d chunks", chunks).isEqualTo(Blake3.hash(input));
    }
  }

  @Test
  void parallelOneShotEqualsSequentialStreaming() {
    byte[] input = random((9 << 20) + 4321, 9);
    Blake3.Hasher hasher = Blake3.newHasher();
    for (int pos = 0; pos < input.length; pos += 65536) {
      hasher.update(input, pos, Math.min(65536, input.length - pos));
    }

    assertThat(Blake3.hash(input)).isEqualTo(hasher.digest());
  }

  @ParameterizedTest(name = "length {0}")
  @ValueSource(ints = {0, 1, 1000, 1024, 4096, 200_000, (1 << 20) + 17})
  void byteBuffersEqualByteArrays(int length) {
    byte[] input = random(length, length + 1);
    byte[] expected = Blake3.hash(input);

    ByteBuffer heap = ByteBuffer.wrap(input);
    assertThat(Blake3.newHasher().update(heap).digest()).isEqualTo(expected);
    assertThat(heap.remaining()).isZero();

    ByteBuffer direct = ByteBuffer.allocateDirect(length);
    direct.put(input).flip();
    assertThat(Blake3.newHasher().update(direct).digest()).isEqualTo(expected);
    assertThat(direct.remaining()).isZero();

    ByteBuffer readOnly = ByteBuffer.wrap(input).asReadOnlyBuffer();
    assertThat(Blake3.newHasher().update(readOnly).digest()).isEqualTo(expected);

    byte[] padded = new byte[length + 10];
    System.arraycopy(input, 0, padded, 7, length);
    ByteBuffer slice = ByteBuffer.wrap(padded, 7, length).slice();
    assertThat(Blake3.newHasher().update(slice).digest()).isEqualTo(expected);
  }

  @Test
  void byteBufferUpdatesMixWithArrayUpdates() {
    byte[] input = random(50_000, 5);
    ByteBuffer direct = ByteBuffer.allocateDirect(input.length);
    direct.put(input).flip();

    Blake3.Hasher hasher = Blake3.newHasher().update(input, 0, 777);
    direct.position(777).limit(30_001);
    hasher.update(direct);
    hasher.update(input, 30_001, input.length - 30_001);

    assertThat(hasher.digest()).isEqualTo(Blake3.hash(input));
  }

  @Test
  void offsetAndLengthSelectTheInput() {
    byte[] input = random(5000, 11);
    byte[] part = Arrays.copyOfRange(input, 123, 4567);

    assertThat(Blake3.hash(input, 123, 4567 - 123)).isEqualTo(Blake3.hash(part));
    assertThat(Blake3.newHasher().update(input, 123, 4567 - 123).digest())
        .isEqualTo(Blake3.hash(part));
  }

  @Test
  void rejectsRangesOutsideTheArray() {
    byte[] input = new byte[10];

    assertThatThrownBy(() -> Blake3.hash(input, 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Blake3.newHasher().update(input, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void digestLeavesTheHasherUsable() {
    byte[] input = random(300_000, 3);
    Blake3.Hasher hasher = Blake3.newHasher();
    for (int cut : new int[] {0, 1, 1024, 2048, 131_072, 200_001, 300_000}) {
      hasher.reset();
      hasher.update(input, 0, cut);
      byte[] first = hasher.digest();

      assertThat(hasher.digest()).isEqualTo(first);
      assertThat(first).isEqualTo(Blake3.hash(input, 0, cut));
      hasher.update(input, cut, input.length - cut);
      assertThat(hasher.digest()).as("cut at %d", cut).isEqualTo(Blake3.hash(input));
    }
  }

  @Test
  void resetForgetsEarlierInput() {
    Blake3.Hasher hasher = Blake3.newHasher().update(random(10_000, 4));
    hasher.reset();

    assertThat(hasher.digest()).isEqualTo(Blake3.hash(new byte[0]));
    assertThat(hasher.update("Hello World!".getBytes(UTF_8)).digest())
        .isEqualTo(Blake3.hash("Hello World!".getBytes(UTF_8)));
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("fileSizes")
  void hashFileEqualsHashOfTheBytes(int length, @TempDir Path dir) throws IOException {
    byte[] input = random(length, length ^ 0x5bd1e995);
    Path file = Files.write(dir.resolve("input"), input);

    assertThat(Blake3.hashFile(file)).isEqualTo(Blake3.hash(input));
  }

  static IntStream fileSizes() {
    int k = 1024;
    int m = 1 << 20;
    // Includes the sequential read size, the parallel threshold and segment sizes, and files
    // large enough to be memory-mapped.
    return IntStream.concat(boundarySizes(), IntStream.of(
        4 * k, 64 * k, 1000 * k, 2 * m, 4 * m, 4 * m + 1, 8 * m - 1, 33 * m, 40 * m + 12345));
  }

  @Test
  void hashFileFailsForMissingFiles(@TempDir Path dir) {
    assertThatThrownBy(() -> Blake3.hashFile(dir.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void hashesFromManyThreadsAtOnceAgree(@TempDir Path dir) throws Exception {
    byte[] big = random((6 << 20) + 99, 6);
    Path file = Files.write(dir.resolve("big"), big);
    byte[] expected = Blake3.newHasher().update(big).digest();

    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < 3; i++) {
            assertThat(Blake3.hashFile(file)).isEqualTo(expected);
            assertThat(Blake3.hash(big)).isEqualTo(expected);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
  }

  static byte[] officialInput(int length) {
    byte[] input = new byte[length];
    for (int i = 0; i < length; i++) {
      input[i] = (byte) (i % 251);
    }
    return input;
  }

  static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
