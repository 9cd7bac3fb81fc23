package dev.glassbox.castore.blake3;

import static dev.glassbox.castore.blake3.Compress.BLOCK_LEN;
import static dev.glassbox.castore.blake3.Compress.CHUNK_END;
import static dev.glassbox.castore.blake3.Compress.CHUNK_LEN;
import static dev.glassbox.castore.blake3.Compress.CHUNK_START;
import static dev.glassbox.castore.blake3.Compress.IV0;
import static dev.glassbox.castore.blake3.Compress.IV1;
import static dev.glassbox.castore.blake3.Compress.IV2;
import static dev.glassbox.castore.blake3.Compress.IV3;
import static dev.glassbox.castore.blake3.Compress.IV4;
import static dev.glassbox.castore.blake3.Compress.IV5;
import static dev.glassbox.castore.blake3.Compress.IV6;
import static dev.glassbox.castore.blake3.Compress.IV7;
import static dev.glassbox.castore.blake3.Compress.LE_LONG;
import static dev.glassbox.castore.blake3.Compress.PARENT;

import java.nio.ByteBuffer;

/**
 * A per-thread workspace that hashes up to {@link #MAX_LANES} chunks side by side, one chunk per
 * lane, laid out so that C2's superword pass compiles every mixing step to SIMD instructions.
 *
 * <p>This is plain Java: no incubator module is needed. The state is "structure of arrays" (one
 * {@code int[]} per state word, indexed by lane), so each G step becomes a simple counted loop
 * over lanes, which is the shape superword vectorizes (measured on JDK 17, AVX-512: about 4x
 * the throughput of the scalar compression function on one core).
 */
final class Lanes {
  /** Chunks per batch; on the development machine 64 lanes ran 30% slower and 256 no faster. */
  static final int MAX_LANES = 128;

  /** Below this many lanes the loops are too short to vectorize well; scalar code is faster. */
  static final int MIN_LANES = 16;

  /**
   * Batches run with at most {@link #MIN_LANES} lanes until this many have been hashed (by all
   * threads together; the count is approximate). Until C2 has compiled the lane loops they run
   * in the interpreter and C1, where each call costs time in proportion to its lanes, while
   * the JIT's thresholds count calls and loop iterations. Narrow batches reach the thresholds
   * after a few megabytes instead of tens. Measured on a cold JVM (2 cores): the first hashFile
   * of 512 MiB took about 0.45 s instead of 0.7 s; later ones take about 0.18 s either way.
   */
  static final int WARM_UP_BATCHES = 300;

  /** Narrow batches hashed so far; racy by design, as an estimate is all it needs to be. */
  static int warmUpBatches; // package-private so that tests can exercise both widths

  private static final ThreadLocal<Lanes> LOCAL = ThreadLocal.withInitial(Lanes::new);

  private static final int[][] SCHEDULE = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
  };

  // NOTE: one array per state word rather than one flat array: superword only packs loads and
  // stores it can prove independent, which it can for distinct array objects.
  private final int[] v0 = new int[MAX_LANES];
  private final int[] v1 = new int[MAX_LANES];
  private final int[] v2 = new int[MAX_LANES];
  private final int[] v3 = new int[MAX_LANES];
  private final int[] v4 = new int[MAX_LANES];
  private final int[] v5 = new int[MAX_LANES];
  private final int[] v6 = new int[MAX_LANES];
  private final int[] v7 = new int[MAX_LANES];
  private final int[] v8 = new int[MAX_LANES];
  private final int[] v9 = new int[MAX_LANES];
  private final int[] v10 = new int[MAX_LANES];
  private final int[] v11 = new int[MAX_LANES];
  private final int[] v12 = new int[MAX_LANES];
  private final int[] v13 = new int[MAX_LANES];
  private final int[] v14 = new int[MAX_LANES];
  private final int[] v15 = new int[MAX_LANES];
  private final int[][] m = new int[16][MAX_LANES];
  /** The message arrays in the order each of the seven rounds consumes them. */
  private final int[][][] rounds = new int[7][16][];
  private final int[] counterLo = new int[MAX_LANES];
  private final int[] counterHi = new int[MAX_LANES];

  /** Chaining values of the narrow top levels of a batch, which are merged with scalar code. */
  private final int[] narrow = new int[8 * 2 * MIN_LANES];
  /** Stack of subtree chaining values while merging batches (or, for small subtrees, chunks). */
  private final int[] stack = new int[8 * 64];

  /** Read buffer for callers that hash from a file; grown on demand. */
  private byte[] buffer = new byte[0];
  /** Staging area for input that is not in a byte array; kept apart from {@link #buffer}. */
  private byte[] copyBuffer;
  private ByteBuffer directBuffer;

  private Lanes() {
    for (int r = 0; r < 7; r++) {
      for (int i = 0; i < 16; i++) {
        rounds[r][i] = m[SCHEDULE[r][i]];
      }
    }
  }

  /** Returns this thread's workspace. */
  static Lanes local() {
    return LOCAL.get();
  }

  /** Returns a scratch byte array of at least {@code size} bytes owned by this workspace. */
  byte[] buffer(int size) {
    if (buffer.length < size) {
      buffer = new byte[size];
    }
    return buffer;
  }

  /** Returns a direct buffer of at least {@code size} bytes for file reads; grown on demand. */
  ByteBuffer directBuffer(int size) {
    if (directBuffer == null || directBuffer.capacity() < size) {
      directBuffer = ByteBuffer.allocateDirect(size);
    }
    return directBuffer;
  }

  /** Returns a scratch byte array of one full batch, distinct from {@link #buffer(int)}. */
  byte[] copyBuffer() {
    if (copyBuffer == null) {
      copyBuffer = new byte[MAX_LANES * CHUNK_LEN];
    }
    return copyBuffer;
  }

  /**
   * Writes the (non-root) chaining value of the complete subtree of {@code chunks} whole chunks
   * at {@code in[off..)} to {@code out[outOff..outOff+8)}; {@code chunks} is a power of two and
   * {@code counter}, the index of the first chunk, a multiple of it.
   */
  void subtree(byte[] in, int off, int chunks, long counter, int[] out, int outOff) {
    int width = width();
    if (chunks == 1) {
      Compress.chunk(in, off, counter, out, outOff);
    } else if (chunks < MIN_LANES) {
      scalarSubtree(in, off, chunks, counter, out, outOff);
    } else if (chunks <= width) {
      batch(in, off, chunks, counter, 1, out, outOff);
    } else {
      // Batch after batch, merging equal-sized neighbours as the binary counter carries.
      int batches = chunks / width;
      int depth = 0;
      for (int b = 0; b < batches; b++) {
        batch(in, off + b * width * CHUNK_LEN, width, counter + (long) b * width, 1,
            stack, 8 * depth);
        depth++;
        for (int done = b + 1; (done & 1) == 0; done >>>= 1) {
          depth--;
          Compress.parent(stack, 8 * (depth - 1), stack, 8 * depth, 0, stack, 8 * (depth - 1));
        }
      }
      System.arraycopy(stack, 0, out, outOff, 8);
    }
  }

  /**
   * Like {@link #subtree} for at least two chunks, but stops one level short of the subtree's
   * own node: writes its left child's chaining value to {@code out[outOff..+8)} and its right
   * child's to {@code out[outOff+8..+16)}. Callers that cannot yet tell whether the subtree is
   * the whole input need this, because a root node is compressed differently.
   */
  void halves(byte[] in, int off, int chunks, long counter, int[] out, int outOff) {
    if (chunks >= MIN_LANES && chunks <= width()) {
      batch(in, off, chunks, counter, 2, out, outOff);
    } else {
      int half = chunks >>> 1;
      subtree(in, off, half, counter, out, outOff);
      subtree(in, off + half * CHUNK_LEN, half, counter + half, out, outOff + 8);
    }
  }

  /** Merges fewer than {@code MIN_LANES} chunks one at a time; too few lanes to vectorize. */
  private void scalarSubtree(byte[] in, int off, int chunks, long counter, int[] out, int outOff) {
    int depth = 0;
    for (int c = 0; c < chunks; c++) {
      Compress.chunk(in, off + c * CHUNK_LEN, counter + c, stack, 8 * depth);
      depth++;
      for (int done = c + 1; (done & 1) == 0; done >>>= 1) {
        depth--;
        Compress.parent(stack, 8 * (depth - 1), stack, 8 * depth, 0, stack, 8 * (depth - 1));
      }
    }
    System.arraycopy(stack, 0, out, outOff, 8);
  }

  /**
   * Hashes {@code n} chunks (a power of two, {@code MIN_LANES <= n <= MAX_LANES}) in lanes and
   * merges them down to {@code roots} (1 or 2) chaining values written to {@code out}.
   */
  private void batch(byte[] in, int off, int n, long counter, int roots, int[] out, int outOff) {
    if (n == MIN_LANES && warmUpBatches < WARM_UP_BATCHES) {
      warmUpBatches++;
    }
    setCounters(counter, n);
    setIv(n);
    for (int b = 0; b < 16; b++) {
      loadBlock(in, off + b * BLOCK_LEN, n);
      compress(n, b == 0 ? CHUNK_START : b == 15 ? CHUNK_END : 0);
    }
    int lanes = n;
    while (lanes >= 2 * MIN_LANES) {
      lanes >>>= 1;
      loadParents(lanes);
      setIv(lanes);
      compress(lanes, PARENT);
    }
    toNarrow(lanes);
    for (; lanes > roots; lanes >>>= 1) {
      for (int i = 0; i < lanes; i += 2) {
        Compress.parent(narrow, 8 * i, narrow, 8 * i + 8, 0, narrow, 4 * i);
      }
    }
    System.arraycopy(narrow, 0, out, outOff, 8 * roots);
  }

  private static boolean warmingUp() {
    return warmUpBatches < WARM_UP_BATCHES;
  }

  private static int width() {
    return warmingUp() ? MIN_LANES : MAX_LANES;
  }

  private int[] word(int w) {
    switch (w) {
      case 0: return v0;
      case 1: return v1;
      case 2: return v2;
      case 3: return v3;
      case 4: return v4;
      case 5: return v5;
      case 6: return v6;
      default: return v7;
    }
  }

  // NOTE on the shape of the methods below, which is about JIT warm-up. Every loop over lanes
  // sits in a small leaf method of its own, and the methods above contain none. A small method
  // is compiled by C2 a few milliseconds after it gets hot; until then its loops run without
  // SIMD (and the VarHandle loads ten times slower still). compress() inlines the eight G loops
  // and takes C2 about 100 ms of CPU, but meanwhile its C1 version calls the compiled g() and is
  // not much slower. Once compress() is compiled, C2 refuses to inline it ("already
  // compiled into a big method"), so it is compiled exactly once. A caller with its own lane
  // loop would instead get hot through loop back-edges first, be compiled (OSR) with compress()
  // and all the G loops inlined, and cost another such compile per loop.

  /** Transposes block {@code off} of n consecutive chunks into message lanes 0..n-1. */
  private void loadBlock(byte[] in, int off, int n) {
    final int[] m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6];
    final int[] m7 = m[7], m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12];
    final int[] m13 = m[13], m14 = m[14], m15 = m[15];
    // Lane-major: each chunk's block is one cache line, read once. Word-major order would
    // stride by 1 KiB, which maps all lanes to a few L1 sets and thrashes. Long loads: as fast
    // as int loads once compiled by C2, and twice as fast before that.
    for (int i = 0, p = off; i < n; i++, p += CHUNK_LEN) {
      long w01 = (long) LE_LONG.get(in, p);
      long w23 = (long) LE_LONG.get(in, p + 8);
      long w45 = (long) LE_LONG.get(in, p + 16);
      long w67 = (long) LE_LONG.get(in, p + 24);
      long w89 = (long) LE_LONG.get(in, p + 32);
      long w1011 = (long) LE_LONG.get(in, p + 40);
      long w1213 = (long) LE_LONG.get(in, p + 48);
      long w1415 = (long) LE_LONG.get(in, p + 56);
      m0[i] = (int) w01;
      m1[i] = (int) (w01 >>> 32);
      m2[i] = (int) w23;
      m3[i] = (int) (w23 >>> 32);
      m4[i] = (int) w45;
      m5[i] = (int) (w45 >>> 32);
      m6[i] = (int) w67;
      m7[i] = (int) (w67 >>> 32);
      m8[i] = (int) w89;
      m9[i] = (int) (w89 >>> 32);
      m10[i] = (int) w1011;
      m11[i] = (int) (w1011 >>> 32);
      m12[i] = (int) w1213;
      m13[i] = (int) (w1213 >>> 32);
      m14[i] = (int) w1415;
      m15[i] = (int) (w1415 >>> 32);
    }
  }

  /** Moves the chaining values of lanes 2i and 2i+1 into message lane i, counter zero. */
  private void loadParents(int half) {
    for (int w = 0; w < 8; w++) {
      int[] src = word(w);
      int[] left = m[w];
      int[] right = m[w + 8];
      for (int i = 0; i < half; i++) {
        left[i] = src[2 * i];
        right[i] = src[2 * i + 1];
      }
    }
    for (int i = 0; i < half; i++) {
      counterLo[i] = 0;
      counterHi[i] = 0;
    }
  }

  private void setCounters(long counter, int n) {
    for (int i = 0; i < n; i++) {
      long c = counter + i;
      counterLo[i] = (int) c;
      counterHi[i] = (int) (c >>> 32);
    }
  }

  /** Copies the chaining values of lanes 0..n-1 to {@link #narrow}, one after another. */
  private void toNarrow(int n) {
    for (int w = 0; w < 8; w++) {
      int[] src = word(w);
      for (int i = 0; i < n; i++) {
        narrow[8 * i + w] = src[i];
      }
    }
  }

  private void setIv(int n) {
    final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3;
    final int[] v4 = this.v4, v5 = this.v5, v6 = this.v6, v7 = this.v7;
    for (int i = 0; i < n; i++) {
      v0[i] = IV0;
      v1[i] = IV1;
      v2[i] = IV2;
      v3[i] = IV3;
      v4[i] = IV4;
      v5[i] = IV5;
      v6[i] = IV6;
      v7[i] = IV7;
    }
  }

  /** One full 64-byte block per lane; v0..v7 hold the input CVs on entry, output CVs on exit. */
  private void compress(int n, int flags) {
    initLanes(n, flags);
    final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3;
    final int[] v4 = this.v4, v5 = this.v5, v6 = this.v6, v7 = this.v7;
    final int[] v8 = this.v8, v9 = this.v9, v10 = this.v10, v11 = this.v11;
    final int[] v12 = this.v12, v13 = this.v13, v14 = this.v14, v15 = this.v15;
    // While warming up, G runs over all lanes, the unused ones on stale data: C2 sizes its
    // vectors by the loop trip counts profiled before compiling, and a profile of 16-lane calls
    // gives 128-bit vectors (measured: 20% slower) instead of 256-bit ones.
    final int gn = warmingUp() ? MAX_LANES : n;
    for (int r = 0; r < 7; r++) {
      final int[][] s = rounds[r];
      g(v0, v4, v8, v12, s[0], s[1], gn);
      g(v1, v5, v9, v13, s[2], s[3], gn);
      g(v2, v6, v10, v14, s[4], s[5], gn);
      g(v3, v7, v11, v15, s[6], s[7], gn);
      g(v0, v5, v10, v15, s[8], s[9], gn);
      g(v1, v6, v11, v12, s[10], s[11], gn);
      g(v2, v7, v8, v13, s[12], s[13], gn);
      g(v3, v4, v9, v14, s[14], s[15], gn);
    }
    finishLanes(n);
  }

  private void initLanes(int n, int flags) {
    final int[] v8 = this.v8, v9 = this.v9, v10 = this.v10, v11 = this.v11;
    final int[] v12 = this.v12, v13 = this.v13, v14 = this.v14, v15 = this.v15;
    final int[] lo = counterLo, hi = counterHi;
    for (int i = 0; i < n; i++) {
      v8[i] = IV0;
      v9[i] = IV1;
      v10[i] = IV2;
      v11[i] = IV3;
      v12[i] = lo[i];
      v13[i] = hi[i];
      v14[i] = BLOCK_LEN;
      v15[i] = flags;
    }
  }

  private void finishLanes(int n) {
    final int[] v0 = this.v0, v1 = this.v1, v2 = this.v2, v3 = this.v3;
    final int[] v4 = this.v4, v5 = this.v5, v6 = this.v6, v7 = this.v7;
    final int[] v8 = this.v8, v9 = this.v9, v10 = this.v10, v11 = this.v11;
    final int[] v12 = this.v12, v13 = this.v13, v14 = this.v14, v15 = this.v15;
    for (int i = 0; i < n; i++) {
      v0[i] ^= v8[i];
      v1[i] ^= v9[i];
      v2[i] ^= v10[i];
      v3[i] ^= v11[i];
      v4[i] ^= v12[i];
      v5[i] ^= v13[i];
      v6[i] ^= v14[i];
      v7[i] ^= v15[i];
    }
  }

  /** The G function applied to lanes 0..n-1 of the given state and message words. */
  private static void g(int[] a, int[] b, int[] c, int[] d, int[] x, int[] y, int n) {
    for (int i = 0; i < n; i++) {
      int va = a[i];
      int vb = b[i];
      int vc = c[i];
      int vd = d[i];
      va += vb + x[i];
      vd = Integer.rotateRight(vd ^ va, 16);
      vc += vd;
      vb = Integer.rotateRight(vb ^ vc, 12);
      va += vb + y[i];
      vd = Integer.rotateRight(vd ^ va, 8);
      vc += vd;
      vb = Integer.rotateRight(vb ^ vc, 7);
      a[i] = va;
      b[i] = vb;
      c[i] = vc;
      d[i] = vd;
    }
  }
}
