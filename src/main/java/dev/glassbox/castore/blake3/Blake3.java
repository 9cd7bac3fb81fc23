package dev.glassbox.castore.blake3;

import static dev.glassbox.castore.blake3.Compress.BLOCK_LEN;
import static dev.glassbox.castore.blake3.Compress.CHUNK_END;
import static dev.glassbox.castore.blake3.Compress.CHUNK_LEN;
import static dev.glassbox.castore.blake3.Compress.CHUNK_START;
import static dev.glassbox.castore.blake3.Compress.ROOT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/** BLAKE3 in its default (unkeyed) hash mode with a 32-byte output, written from the spec. */
public final class Blake3 {
  /** Length in bytes of every digest this class returns. */
  public static final int OUT_LEN = 32;

  /** Inputs at least this large are split across threads when more than one core is available. */
  static final long PARALLEL_MIN = 1L << 20;

  /** Read size of the sequential file path: one full lane batch. */
  private static final int READ_LEN = Lanes.MAX_LANES * CHUNK_LEN;

  private static final ThreadLocal<Hasher> ONE_SHOT = ThreadLocal.withInitial(Hasher::new);

  private Blake3() {}

  /** Returns the BLAKE3 digest of {@code data}. */
  public static byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  /** Returns the BLAKE3 digest of {@code data[off..off+len)}. */
  public static byte[] hash(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (len <= CHUNK_LEN) {
      return singleChunk(data, off, len);
    }
    if (len >= PARALLEL_MIN && Parallel.THREADS > 1) {
      return Parallel.hash(data, off, len);
    }
    // A cached hasher keeps one-shot calls free of the hasher's own allocations.
    Hasher hasher = ONE_SHOT.get();
    hasher.reset();
    return hasher.update(data, off, len).digest();
  }

  /** Returns a new incremental hasher. */
  public static Hasher newHasher() {
    return new Hasher();
  }

  /**
   * Hashes a whole file; uses several threads for large files (memory-mapped or positional reads,
   * independent subtrees hashed in parallel), single-threaded streaming for small ones. Reads
   * until end of file, so bytes appended while hashing may or may not be included; callers that
   * need a stable answer must not hash files that are being written.
   */
  public static byte[] hashFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size >= PARALLEL_MIN && Parallel.THREADS > 1) {
        return Parallel.hash(channel, size);
      }
      return hashSequentially(channel);
    }
  }

  private static byte[] hashSequentially(FileChannel channel) throws IOException {
    Lanes lanes = Lanes.local();
    // Reading into a direct buffer of our own and copying out measured faster than reading
    // into a heap buffer, which the JDK stages through a temporary direct buffer anyway.
    ByteBuffer direct = lanes.directBuffer(READ_LEN);
    byte[] buffer = lanes.buffer(READ_LEN);
    int filled = fill(channel, direct, buffer);
    if (filled < READ_LEN) {
      return hash(buffer, 0, filled);
    }
    Hasher hasher = ONE_SHOT.get();
    hasher.reset();
    while (filled > 0) {
      hasher.update(buffer, 0, filled);
      filled = fill(channel, direct, buffer);
    }
    return hasher.digest();
  }

  /** Reads until {@link #READ_LEN} bytes or the end of the file; returns the count read. */
  private static int fill(FileChannel channel, ByteBuffer direct, byte[] buffer)
      throws IOException {
    direct.clear().limit(READ_LEN);
    while (direct.hasRemaining()) {
      if (channel.read(direct) < 0) {
        break;
      }
    }
    direct.flip();
    int n = direct.remaining();
    direct.get(buffer, 0, n);
    return n;
  }

  /** The whole input fits in one chunk, which is then also the root: no tree, no hasher. */
  private static byte[] singleChunk(byte[] data, int off, int len) {
    int[] cv = new int[8];
    Compress.setIv(cv, 0);
    int blocks = Math.max(1, (len + BLOCK_LEN - 1) / BLOCK_LEN);
    for (int b = 0; b < blocks - 1; b++) {
      Compress.block(cv, 0, data, off + b * BLOCK_LEN, 0, BLOCK_LEN, b == 0 ? CHUNK_START : 0);
    }
    int lastOff = off + (blocks - 1) * BLOCK_LEN;
    int lastLen = len - (blocks - 1) * BLOCK_LEN;
    int flags = (blocks == 1 ? CHUNK_START : 0) | CHUNK_END | ROOT;
    if (lastLen == BLOCK_LEN) {
      Compress.block(cv, 0, data, lastOff, 0, BLOCK_LEN, flags);
    } else {
      byte[] padded = new byte[BLOCK_LEN];
      System.arraycopy(data, lastOff, padded, 0, lastLen);
      Compress.block(cv, 0, padded, 0, 0, lastLen, flags);
    }
    byte[] out = new byte[OUT_LEN];
    Compress.toBytes(cv, 0, out, 0);
    return out;
  }

  /** An incremental BLAKE3 hasher, to be used by one thread at a time. */
  public static final class Hasher {
    /** Chaining values on the stack: one per set bit of a 54-bit chunk count, plus one. */
    private static final int MAX_STACK = 56;

    private static final int[] NO_STACK = new int[0];

    // The chunk being filled: its chaining value so far, and its last, not yet compressed block.
    private final int[] cv = new int[8];
    private final byte[] block = new byte[BLOCK_LEN];
    private int blockLen;
    private int blocksDone;
    /** Index of the chunk being filled, equal to the number of complete chunks before it. */
    private long chunkCounter;

    /**
     * Chaining values of complete subtrees, left to right. Merging is lazy: the top two entries
     * may be siblings not yet combined, because until more input arrives we cannot tell whether
     * their parent is the root, which is compressed with a different flag.
     */
    private int[] stack = NO_STACK;
    private int stackLen;

    private final int[] scratch = new int[16];

    private Hasher() {
      Compress.setIv(cv, 0);
    }

    /**
     * Adds {@code b[off..off+len)} to the input. Allocates nothing, apart from buffers made once
     * on first use (by this hasher, or for large inputs by the calling thread).
     */
    public Hasher update(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      while (len > 0) {
        if (chunkLen() == CHUNK_LEN) {
          // More input follows, so the buffered chunk is not the last one.
          finishChunk();
        }
        if (chunkLen() == 0 && len > CHUNK_LEN) {
          int n = updateSubtree(b, off, len);
          off += n;
          len -= n;
        } else {
          int n = updateChunk(b, off, len);
          off += n;
          len -= n;
        }
      }
      return this;
    }

    /** Adds all of {@code b} to the input. */
    public Hasher update(byte[] b) {
      return update(b, 0, b.length);
    }

    /** Adds the remaining bytes of {@code buf} to the input and moves its position to its limit. */
    public Hasher update(ByteBuffer buf) {
      if (buf.hasArray()) {
        int len = buf.remaining();
        update(buf.array(), buf.arrayOffset() + buf.position(), len);
        buf.position(buf.limit());
        return this;
      }
      byte[] copy = Lanes.local().copyBuffer();
      while (buf.hasRemaining()) {
        int n = Math.min(copy.length, buf.remaining());
        buf.get(copy, 0, n);
        update(copy, 0, n);
      }
      return this;
    }

    /**
     * Returns the 32-byte digest of everything added so far. The hasher stays usable: more
     * updates may follow, and a later digest covers all input since creation or {@link #reset}.
     */
    public byte[] digest() {
      int[] out = scratch;
      int next;
      if (chunkLen() > 0 || stackLen == 0) {
        if (stackLen > 0) {
          mergeStack(chunkCounter);
        }
        int flags = startFlag() | CHUNK_END | (stackLen == 0 ? ROOT : 0);
        Arrays.fill(block, blockLen, BLOCK_LEN, (byte) 0);
        System.arraycopy(cv, 0, out, 0, 8);
        Compress.block(out, 0, block, 0, chunkCounter, blockLen, flags);
        next = stackLen - 1;
      } else {
        // All input went into whole subtrees; the top two entries are the root's children.
        assert stackLen >= 2;
        int left = stackLen - 2;
        Compress.parent(stack, 8 * left, stack, 8 * left + 8, left == 0 ? ROOT : 0, out, 0);
        next = left - 1;
      }
      for (int i = next; i >= 0; i--) {
        Compress.parent(stack, 8 * i, out, 0, i == 0 ? ROOT : 0, out, 0);
      }
      byte[] digest = new byte[OUT_LEN];
      Compress.toBytes(out, 0, digest, 0);
      return digest;
    }

    /** Forgets all input, making this hasher equivalent to a new one. */
    public void reset() {
      Compress.setIv(cv, 0);
      blockLen = 0;
      blocksDone = 0;
      chunkCounter = 0;
      stackLen = 0;
    }

    /**
     * Appends the chaining value of a complete subtree of {@code chunks} chunks hashed
     * elsewhere; the subtree must start at a chunk boundary that is a multiple of its size.
     */
    void pushSubtree(int[] cvs, int off, long chunks) {
      assert chunkLen() == 0 && (chunkCounter & (chunks - 1)) == 0;
      pushCv(cvs, off, chunkCounter);
      chunkCounter += chunks;
    }

    private int chunkLen() {
      return blocksDone * BLOCK_LEN + blockLen;
    }

    private int startFlag() {
      return blocksDone == 0 ? CHUNK_START : 0;
    }

    /**
     * Hashes the largest whole subtree that starts here and fits in {@code len} bytes, which
     * exceed one chunk; returns the bytes consumed.
     */
    private int updateSubtree(byte[] b, int off, int len) {
      int chunks = Integer.highestOneBit(len) / CHUNK_LEN;
      // A subtree must start at a multiple of its own size in the chunk sequence.
      while ((chunkCounter & (chunks - 1)) != 0) {
        chunks >>>= 1;
      }
      if (chunks == 1) {
        // Only possible when more input follows, so this chunk is not the root.
        Compress.chunk(b, off, chunkCounter, scratch, 0);
        pushCv(scratch, 0, chunkCounter);
      } else {
        // Pushed as two children, so that digest() can still make their parent the root.
        Lanes.local().halves(b, off, chunks, chunkCounter, scratch, 0);
        pushCv(scratch, 0, chunkCounter);
        pushCv(scratch, 8, chunkCounter + chunks / 2);
      }
      chunkCounter += chunks;
      return chunks * CHUNK_LEN;
    }

    /** Adds bytes to the current chunk, up to its end; returns the bytes consumed. */
    private int updateChunk(byte[] b, int off, int len) {
      int take = Math.min(len, CHUNK_LEN - chunkLen());
      int end = off + take;
      while (off < end) {
        if (blockLen == BLOCK_LEN) {
          Compress.block(cv, 0, block, 0, chunkCounter, BLOCK_LEN, startFlag());
          blocksDone++;
          blockLen = 0;
        }
        if (blockLen == 0) {
          // Whole blocks straight from the input, except the last, which may end the chunk.
          while (end - off > BLOCK_LEN) {
            Compress.block(cv, 0, b, off, chunkCounter, BLOCK_LEN, startFlag());
            blocksDone++;
            off += BLOCK_LEN;
          }
        }
        int n = Math.min(BLOCK_LEN - blockLen, end - off);
        System.arraycopy(b, off, block, blockLen, n);
        blockLen += n;
        off += n;
      }
      return take;
    }

    private void finishChunk() {
      Compress.block(cv, 0, block, 0, chunkCounter, BLOCK_LEN, startFlag() | CHUNK_END);
      pushCv(cv, 0, chunkCounter);
      chunkCounter++;
      Compress.setIv(cv, 0);
      blockLen = 0;
      blocksDone = 0;
    }

    /** Pushes the chaining value of a subtree whose first chunk has index {@code counter}. */
    private void pushCv(int[] src, int srcOff, long counter) {
      mergeStack(counter);
      if (stack == NO_STACK) {
        stack = new int[8 * MAX_STACK];
      }
      System.arraycopy(src, srcOff, stack, 8 * stackLen, 8);
      stackLen++;
    }

    /**
     * Merges completed sibling pairs: after {@code chunks} chunks, the finished subtrees
     * correspond to the set bits of {@code chunks}, one stack entry each.
     */
    private void mergeStack(long chunks) {
      int target = Long.bitCount(chunks);
      while (stackLen > target) {
        stackLen--;
        int right = 8 * stackLen;
        Compress.parent(stack, right - 8, stack, right, 0, stack, right - 8);
      }
    }
  }
}
