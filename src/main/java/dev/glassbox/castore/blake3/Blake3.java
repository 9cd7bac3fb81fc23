package dev.glassbox.castore.blake3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Interim straightforward BLAKE3 (replaced by the optimised implementation on merge). */
public final class Blake3 {
  public static final int OUT_LEN = 32;
  private static final int[] IV = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19
  };
  private static final int[] PERM = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
  private static final int CHUNK_START = 1, CHUNK_END = 2, PARENT = 4, ROOT = 8;

  private Blake3() {}

  public static byte[] hash(byte[] data) {
    return newHasher().update(data).digest();
  }

  public static byte[] hash(byte[] data, int off, int len) {
    return newHasher().update(data, off, len).digest();
  }

  public static Hasher newHasher() {
    return new Hasher();
  }

  public static byte[] hashFile(Path file) throws IOException {
    return hash(Files.readAllBytes(file));
  }

  private static int[] compress(int[] cv, int[] m, long counter, int len, int flags) {
    int[] v = {
      cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7], IV[0], IV[1], IV[2], IV[3],
      (int) counter, (int) (counter >>> 32), len, flags
    };
    int[] msg = m.clone();
    for (int r = 0; r < 7; r++) {
      g(v, 0, 4, 8, 12, msg[0], msg[1]);
      g(v, 1, 5, 9, 13, msg[2], msg[3]);
      g(v, 2, 6, 10, 14, msg[4], msg[5]);
      g(v, 3, 7, 11, 15, msg[6], msg[7]);
      g(v, 0, 5, 10, 15, msg[8], msg[9]);
      g(v, 1, 6, 11, 12, msg[10], msg[11]);
      g(v, 2, 7, 8, 13, msg[12], msg[13]);
      g(v, 3, 4, 9, 14, msg[14], msg[15]);
      int[] p = new int[16];
      for (int i = 0; i < 16; i++) {
        p[i] = msg[PERM[i]];
      }
      msg = p;
    }
    for (int i = 0; i < 8; i++) {
      v[i] ^= v[i + 8];
      v[i + 8] ^= cv[i];
    }
    return v;
  }

  private static void g(int[] v, int a, int b, int c, int d, int x, int y) {
    v[a] = v[a] + v[b] + x;
    v[d] = Integer.rotateRight(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = Integer.rotateRight(v[b] ^ v[c], 12);
    v[a] = v[a] + v[b] + y;
    v[d] = Integer.rotateRight(v[d] ^ v[a], 8);
    v[c] = v[c] + v[d];
    v[b] = Integer.rotateRight(v[b] ^ v[c], 7);
  }

  private static int[] words(byte[] block) {
    int[] w = new int[16];
    for (int i = 0; i < 16; i++) {
      w[i] =
          (block[4 * i] & 0xff)
              | (block[4 * i + 1] & 0xff) << 8
              | (block[4 * i + 2] & 0xff) << 16
              | (block[4 * i + 3] & 0xff) << 24;
    }
    return w;
  }

  /** Incremental hasher. */
  public static final class Hasher {
    private int[] cv = IV.clone();
    private long chunkCounter;
    private final byte[] block = new byte[64];
    private int blockLen;
    private int blocksCompressed;
    private final int[][] stack = new int[54][];
    private int stackLen;

    public Hasher update(byte[] b) {
      return update(b, 0, b.length);
    }

    public Hasher update(ByteBuffer buf) {
      byte[] tmp = new byte[buf.remaining()];
      buf.get(tmp);
      return update(tmp);
    }

    public Hasher update(byte[] b, int off, int len) {
      while (len > 0) {
        if (blockLen == 64) {
          if (blocksCompressed == 15) {
            // chunk is full and more input follows: finish the chunk
            int[] out = compress(cv, words(block), chunkCounter, 64, flagsForBlock() | CHUNK_END);
            addChunkCv(java.util.Arrays.copyOf(out, 8));
            cv = IV.clone();
            blocksCompressed = 0;
            blockLen = 0;
          } else {
            int[] out = compress(cv, words(block), chunkCounter, 64, flagsForBlock());
            cv = java.util.Arrays.copyOf(out, 8);
            blocksCompressed++;
            blockLen = 0;
          }
        }
        int take = Math.min(64 - blockLen, len);
        System.arraycopy(b, off, block, blockLen, take);
        blockLen += take;
        off += take;
        len -= take;
      }
      return this;
    }

    private int flagsForBlock() {
      return blocksCompressed == 0 ? CHUNK_START : 0;
    }

    private void addChunkCv(int[] newCv) {
      long total = ++chunkCounter;
      while ((total & 1) == 0) {
        newCv = parentCv(stack[--stackLen], newCv, 0);
        total >>= 1;
      }
      stack[stackLen++] = newCv;
    }

    private static int[] parentWords(int[] l, int[] r) {
      int[] m = new int[16];
      System.arraycopy(l, 0, m, 0, 8);
      System.arraycopy(r, 0, m, 8, 8);
      return m;
    }

    private static int[] parentCv(int[] l, int[] r, int extra) {
      return java.util.Arrays.copyOf(compress(IV, parentWords(l, r), 0, 64, PARENT | extra), 8);
    }

    public byte[] digest() {
      byte[] padded = java.util.Arrays.copyOf(block, 64);
      java.util.Arrays.fill(padded, blockLen, 64, (byte) 0);
      int flags = flagsForBlock() | CHUNK_END;
      int[] outCv;
      int[] finalWords = words(padded);
      long counter = chunkCounter;
      int len = blockLen;
      int[] inCv = cv;
      int fl = flags;
      int i = stackLen;
      while (i > 0) {
        int[] chunkOut = java.util.Arrays.copyOf(compress(inCv, finalWords, counter, len, fl), 8);
        finalWords = parentWords(stack[--i], chunkOut);
        inCv = IV;
        counter = 0;
        len = 64;
        fl = PARENT;
      }
      outCv = compress(inCv, finalWords, counter, len, fl | ROOT);
      byte[] out = new byte[32];
      for (int w = 0; w < 8; w++) {
        int x = outCv[w];
        out[4 * w] = (byte) x;
        out[4 * w + 1] = (byte) (x >>> 8);
        out[4 * w + 2] = (byte) (x >>> 16);
        out[4 * w + 3] = (byte) (x >>> 24);
      }
      return out;
    }

    public void reset() {
      cv = IV.clone();
      chunkCounter = 0;
      blockLen = 0;
      blocksCompressed = 0;
      stackLen = 0;
    }
  }
}
