package dev.glassbox.castore.refscan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures scanning throughput: 256 MiB of random bytes, 100 random 32-character nixbase32
 * needles, in-memory and through the streaming window. Run by hand (not a test):
 * {@code java -cp target/classes:target/test-classes dev.glassbox.castore.refscan.RefscanBenchmark}.
 */
public final class RefscanBenchmark {
  private RefscanBenchmark() {}

  public static void main(String[] args) throws IOException {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    Random rnd = new Random(1);
    byte[] data = new byte[mib << 20];
    rnd.nextBytes(data);
    String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
    List<String> needles = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 32; j++) {
        sb.append(alphabet.charAt(rnd.nextInt(32)));
      }
      needles.add(sb.toString());
    }
    ReferencePattern p = ReferencePattern.ofStrings(needles);
    for (int round = 0; round < 5; round++) {
      ReferenceScanner s = new ReferenceScanner(p);
      long t0 = System.nanoTime();
      s.scan(data);
      long t1 = System.nanoTime();
      ReferenceScanner st = new ReferenceScanner(p);
      st.scanStream(new ByteArrayInputStream(data));
      long t2 = System.nanoTime();
      System.out.printf(
          "round %d: in-memory %.0f MB/s, streamed (8 KiB windows) %.0f MB/s, found %d/%d%n",
          round, mb(data.length, t1 - t0), mb(data.length, t2 - t1), s.found().length, st.found().length);
    }
    // A text-like worst case: every window end is a block that occurs in the needles.
    byte[] text = new byte[64 << 20];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) alphabet.charAt(rnd.nextInt(32));
    }
    for (int round = 0; round < 3; round++) {
      ReferenceScanner s = new ReferenceScanner(p);
      long t0 = System.nanoTime();
      s.scan(text);
      System.out.printf("round %d: nixbase32 text %.0f MB/s%n", round, mb(text.length, System.nanoTime() - t0));
    }
  }

  private static double mb(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
