package dev.glassbox.castore.blake3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanesTest {
  @Test
  void subtreesEqualChunkByChunkMergingDuringAndAfterWarmUp() {
    int saved = Lanes.warmUpBatches;
    try {
      checkSubtrees(0); // narrow batches, G over all lanes
      checkSubtrees(Lanes.WARM_UP_BATCHES); // full-width batches
    } finally {
      Lanes.warmUpBatches = Math.max(saved, Lanes.warmUpBatches);
    }
  }

  private static void checkSubtrees(int warmUpBatches) {
    byte[] input = Blake3Test.random(1024 * 1024, 42);
    Lanes lanes = Lanes.local();
    // Counters beyond 2^32 exercise the high counter word, which only inputs over 4 TiB reach.
    long[] counters = {0, 1L << 32, (1L << 40) + (1L << 20)};
    for (long base : counters) {
      for (int chunks = 1; chunks <= 1024; chunks *= 2) {
        long counter = base + chunks; // a multiple of chunks, as subtrees require
        int[] actual = new int[8];
        Lanes.warmUpBatches = warmUpBatches;
        lanes.subtree(input, 0, chunks, counter, actual, 0);

        assertThat(actual).as("%d chunks at %d", chunks, counter)
            .isEqualTo(reference(input, 0, chunks, counter));
      }
    }
  }

  @Test
  void halvesAreTheTwoChildSubtrees() {
    Lanes.warmUpBatches = Math.max(Lanes.warmUpBatches, Lanes.WARM_UP_BATCHES);
    byte[] input = Blake3Test.random(512 * 1024, 7);
    Lanes lanes = Lanes.local();
    for (int chunks = 2; chunks <= 512; chunks *= 2) {
      int[] actual = new int[16];
      lanes.halves(input, 0, chunks, chunks, actual, 0);

      int half = chunks / 2;
      int[] expected = new int[16];
      System.arraycopy(reference(input, 0, half, chunks), 0, expected, 0, 8);
      System.arraycopy(reference(input, half * 1024, half, chunks + half), 0, expected, 8, 8);
      assertThat(actual).as("%d chunks", chunks).isEqualTo(expected);
    }
  }

  /** Straight from the definition: chunk chaining values, then parents of equal halves. */
  private static int[] reference(byte[] input, int off, int chunks, long counter) {
    int[] cv = new int[8];
    if (chunks == 1) {
      Compress.setIv(cv, 0);
      for (int b = 0; b < 16; b++) {
        int flags = (b == 0 ? Compress.CHUNK_START : 0) | (b == 15 ? Compress.CHUNK_END : 0);
        Compress.block(cv, 0, input, off + 64 * b, counter, 64, flags);
      }
      return cv;
    }
    int half = chunks / 2;
    int[] left = reference(input, off, half, counter);
    int[] right = reference(input, off + half * 1024, half, counter + half);
    Compress.parent(left, 0, right, 0, 0, cv, 0);
    return cv;
  }
}
