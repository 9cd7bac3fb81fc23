package dev.glassbox.castore.blake3;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The scalar BLAKE3 compression function, specialised for chunk blocks and parent nodes. */
final class Compress {
  static final int IV0 = 0x6A09E667;
  static final int IV1 = 0xBB67AE85;
  static final int IV2 = 0x3C6EF372;
  static final int IV3 = 0xA54FF53A;
  static final int IV4 = 0x510E527F;
  static final int IV5 = 0x9B05688C;
  static final int IV6 = 0x1F83D9AB;
  static final int IV7 = 0x5BE0CD19;

  static final int BLOCK_LEN = 64;
  static final int CHUNK_LEN = 1024;
  static final int CHUNK_START = 1;
  static final int CHUNK_END = 2;
  static final int PARENT = 4;
  static final int ROOT = 8;

  // A byte-array view compiles to one unaligned little-endian load, far cheaper than assembling
  // bytes by hand. (Here single words measured 10% faster than pairs split from a long.)
  static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Compress() {}

  static void setIv(int[] cv, int cvOff) {
    cv[cvOff] = IV0;
    cv[cvOff + 1] = IV1;
    cv[cvOff + 2] = IV2;
    cv[cvOff + 3] = IV3;
    cv[cvOff + 4] = IV4;
    cv[cvOff + 5] = IV5;
    cv[cvOff + 6] = IV6;
    cv[cvOff + 7] = IV7;
  }

  /**
   * Replaces {@code cv[cvOff..cvOff+8)} by the chaining value of the 64-byte block at
   * {@code in[off..off+64)}; a shorter final block must be zero-padded by the caller.
   */
  static void block(int[] cv, int cvOff, byte[] in, int off, long counter, int blockLen, int flags) {
    // NOTE: the seven rounds are unrolled and the message permutation is applied by renaming
    // m0..m15 in each round, so the whole state lives in locals and nothing is allocated.
    final int m0 = (int) LE_INT.get(in, off + 0);
    final int m1 = (int) LE_INT.get(in, off + 4);
    final int m2 = (int) LE_INT.get(in, off + 8);
    final int m3 = (int) LE_INT.get(in, off + 12);
    final int m4 = (int) LE_INT.get(in, off + 16);
    final int m5 = (int) LE_INT.get(in, off + 20);
    final int m6 = (int) LE_INT.get(in, off + 24);
    final int m7 = (int) LE_INT.get(in, off + 28);
    final int m8 = (int) LE_INT.get(in, off + 32);
    final int m9 = (int) LE_INT.get(in, off + 36);
    final int m10 = (int) LE_INT.get(in, off + 40);
    final int m11 = (int) LE_INT.get(in, off + 44);
    final int m12 = (int) LE_INT.get(in, off + 48);
    final int m13 = (int) LE_INT.get(in, off + 52);
    final int m14 = (int) LE_INT.get(in, off + 56);
    final int m15 = (int) LE_INT.get(in, off + 60);
    int v0 = cv[cvOff], v1 = cv[cvOff + 1], v2 = cv[cvOff + 2], v3 = cv[cvOff + 3];
    int v4 = cv[cvOff + 4], v5 = cv[cvOff + 5], v6 = cv[cvOff + 6], v7 = cv[cvOff + 7];
    int v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
    int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLen, v15 = flags;
    // round 1
    v0 += v4 + m0; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m1; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m2; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m4; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m5; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m8; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m9; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m12; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m13; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m14; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 2
    v0 += v4 + m2; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m6; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m10; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m7; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m0; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m4; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m13; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m1; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m11; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m12; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m5; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m9; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m14; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m8; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 3
    v0 += v4 + m3; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m4; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m10; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m12; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m13; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m2; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m14; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m6; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m5; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m9; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m0; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m11; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m15; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m8; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m1; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 4
    v0 += v4 + m10; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m7; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m12; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m9; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m14; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m3; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m13; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m15; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m4; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m0; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m2; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m5; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m8; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m1; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m6; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 5
    v0 += v4 + m12; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m13; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m9; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m11; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m15; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m10; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m14; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m8; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m7; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m2; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m5; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m3; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m0; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m1; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m6; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m4; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 6
    v0 += v4 + m9; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m14; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m11; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m5; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m8; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m12; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m15; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m1; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m13; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m3; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m0; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m2; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m6; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m4; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m7; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 7
    v0 += v4 + m11; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m15; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m5; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m0; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m1; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m9; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m8; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m14; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m10; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m2; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m12; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m3; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m4; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m7; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m13; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    cv[cvOff] = v0 ^ v8;
    cv[cvOff + 1] = v1 ^ v9;
    cv[cvOff + 2] = v2 ^ v10;
    cv[cvOff + 3] = v3 ^ v11;
    cv[cvOff + 4] = v4 ^ v12;
    cv[cvOff + 5] = v5 ^ v13;
    cv[cvOff + 6] = v6 ^ v14;
    cv[cvOff + 7] = v7 ^ v15;
  }

  /**
   * Writes the chaining value of the parent node over two child chaining values to
   * {@code out[outOff..outOff+8)}; {@code out} may alias either child.
   */
  static void parent(int[] left, int lOff, int[] right, int rOff, int flags, int[] out, int outOff) {
    final int m0 = left[lOff + 0];
    final int m1 = left[lOff + 1];
    final int m2 = left[lOff + 2];
    final int m3 = left[lOff + 3];
    final int m4 = left[lOff + 4];
    final int m5 = left[lOff + 5];
    final int m6 = left[lOff + 6];
    final int m7 = left[lOff + 7];
    final int m8 = right[rOff + 0];
    final int m9 = right[rOff + 1];
    final int m10 = right[rOff + 2];
    final int m11 = right[rOff + 3];
    final int m12 = right[rOff + 4];
    final int m13 = right[rOff + 5];
    final int m14 = right[rOff + 6];
    final int m15 = right[rOff + 7];
    int v0 = IV0, v1 = IV1, v2 = IV2, v3 = IV3, v4 = IV4, v5 = IV5, v6 = IV6, v7 = IV7;
    int v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
    int v12 = 0, v13 = 0, v14 = BLOCK_LEN, v15 = PARENT | flags;
    // round 1
    v0 += v4 + m0; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m1; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m2; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m4; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m5; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m8; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m9; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m12; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m13; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m14; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 2
    v0 += v4 + m2; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m6; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m10; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m7; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m0; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m4; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m13; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m1; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m11; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m12; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m5; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m9; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m14; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m8; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 3
    v0 += v4 + m3; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m4; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m10; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m12; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m13; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m2; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m14; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m6; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m5; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m9; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m0; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m11; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m15; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m8; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m1; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 4
    v0 += v4 + m10; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m7; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m12; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m9; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m14; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m3; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m13; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m15; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m4; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m0; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m2; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m5; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m8; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m1; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m6; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 5
    v0 += v4 + m12; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m13; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m9; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m11; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m15; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m10; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m14; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m8; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m7; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m2; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m5; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m3; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m0; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m1; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m6; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m4; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 6
    v0 += v4 + m9; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m14; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m11; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m5; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m8; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m12; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m15; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m1; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m13; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m3; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m0; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m2; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m6; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m4; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m7; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    // round 7
    v0 += v4 + m11; v12 = Integer.rotateRight(v12 ^ v0, 16);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
    v0 += v4 + m15; v12 = Integer.rotateRight(v12 ^ v0, 8);
    v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
    v1 += v5 + m5; v13 = Integer.rotateRight(v13 ^ v1, 16);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
    v1 += v5 + m0; v13 = Integer.rotateRight(v13 ^ v1, 8);
    v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
    v2 += v6 + m1; v14 = Integer.rotateRight(v14 ^ v2, 16);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
    v2 += v6 + m9; v14 = Integer.rotateRight(v14 ^ v2, 8);
    v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
    v3 += v7 + m8; v15 = Integer.rotateRight(v15 ^ v3, 16);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
    v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 8);
    v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
    v0 += v5 + m14; v15 = Integer.rotateRight(v15 ^ v0, 16);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
    v0 += v5 + m10; v15 = Integer.rotateRight(v15 ^ v0, 8);
    v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
    v1 += v6 + m2; v12 = Integer.rotateRight(v12 ^ v1, 16);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
    v1 += v6 + m12; v12 = Integer.rotateRight(v12 ^ v1, 8);
    v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
    v2 += v7 + m3; v13 = Integer.rotateRight(v13 ^ v2, 16);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
    v2 += v7 + m4; v13 = Integer.rotateRight(v13 ^ v2, 8);
    v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
    v3 += v4 + m7; v14 = Integer.rotateRight(v14 ^ v3, 16);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
    v3 += v4 + m13; v14 = Integer.rotateRight(v14 ^ v3, 8);
    v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
    out[outOff + 0] = v0 ^ v8;
    out[outOff + 1] = v1 ^ v9;
    out[outOff + 2] = v2 ^ v10;
    out[outOff + 3] = v3 ^ v11;
    out[outOff + 4] = v4 ^ v12;
    out[outOff + 5] = v5 ^ v13;
    out[outOff + 6] = v6 ^ v14;
    out[outOff + 7] = v7 ^ v15;
  }

  /** Writes the chaining value of the whole (non-root) chunk at {@code in[off..off+1024)}. */
  static void chunk(byte[] in, int off, long counter, int[] out, int outOff) {
    setIv(out, outOff);
    block(out, outOff, in, off, counter, BLOCK_LEN, CHUNK_START);
    for (int b = 1; b < 15; b++) {
      block(out, outOff, in, off + b * BLOCK_LEN, counter, BLOCK_LEN, 0);
    }
    block(out, outOff, in, off + 15 * BLOCK_LEN, counter, BLOCK_LEN, CHUNK_END);
  }

  /** Writes the eight words of a chaining value as 32 little-endian bytes. */
  static void toBytes(int[] cv, int cvOff, byte[] out, int outOff) {
    for (int i = 0; i < 8; i++) {
      LE_INT.set(out, outOff + 4 * i, cv[cvOff + i]);
    }
  }
}

