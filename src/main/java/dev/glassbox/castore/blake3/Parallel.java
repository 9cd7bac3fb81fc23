package dev.glassbox.castore.blake3;

import static dev.glassbox.castore.blake3.Compress.CHUNK_LEN;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Multi-threaded hashing of large inputs: the input is cut into equal, aligned segments whose
 * subtrees are hashed in parallel, and the calling thread then merges them in order.
 */
final class Parallel {
  /** Threads that work on one input, the caller included. */
  static final int THREADS = Math.min(16, Runtime.getRuntime().availableProcessors());

  /** One lane batch; smaller segments would leave lanes empty. */
  private static final int MIN_SEGMENT = Lanes.MAX_LANES * CHUNK_LEN;

  /** Large enough to amortize a read call, small enough to balance the last few segments. */
  private static final int MAX_SEGMENT = 1 << 20;

  /**
   * Below this many bytes a file is read with positional reads instead of being mapped: a
   * mapping costs two system calls and stays until the garbage collector frees the buffer.
   */
  private static final long MAP_MIN = 32L << 20;

  /** Mapping window; a multiple of every segment length, so no segment straddles two. */
  private static final long WINDOW = 1L << 30;

  private Parallel() {}

  /** The work of one segment: hash segment {@code index} into {@code cvs} with {@code lanes}. */
  private interface SegmentTask {
    void run(int index, Lanes lanes) throws IOException;
  }

  static byte[] hash(byte[] data, int off, int len) {
    int segment = segmentLength(len);
    int segmentChunks = segment / CHUNK_LEN;
    int full = (len - 1) / segment;
    int[] cvs = new int[8 * full];
    try {
      forEach(full, (i, lanes) -> lanes.subtree(
          data, off + i * segment, segmentChunks, (long) i * segmentChunks, cvs, 8 * i));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: no I/O on arrays
    }
    Blake3.Hasher hasher = Blake3.newHasher();
    for (int i = 0; i < full; i++) {
      hasher.pushSubtree(cvs, 8 * i, segmentChunks);
    }
    int tail = full * segment;
    return hasher.update(data, off + tail, len - tail).digest();
  }

  static byte[] hash(FileChannel channel, long size) throws IOException {
    int segment = segmentLength(size);
    int segmentChunks = segment / CHUNK_LEN;
    // NOTE: the segment holding the last byte is left to the tail below: only the final merge
    // can know which node is the root.
    int full = (int) ((size - 1) / segment);
    int[] cvs = new int[8 * full];
    long mapped = (long) full * segment;
    MappedByteBuffer[] windows = mapped >= MAP_MIN ? map(channel, mapped) : null;
    forEach(full, (i, lanes) -> {
      byte[] buffer = lanes.buffer(segment);
      long position = (long) i * segment;
      if (windows != null) {
        copy(windows, position, buffer, segment);
      } else {
        ByteBuffer direct = lanes.directBuffer(segment);
        readFully(channel, direct, segment, position);
        direct.flip().get(buffer, 0, segment);
      }
      lanes.subtree(buffer, 0, segmentChunks, (long) i * segmentChunks, cvs, 8 * i);
    });
    Blake3.Hasher hasher = Blake3.newHasher();
    for (int i = 0; i < full; i++) {
      hasher.pushSubtree(cvs, 8 * i, segmentChunks);
    }
    Lanes lanes = Lanes.local();
    byte[] buffer = lanes.buffer(segment);
    ByteBuffer direct = lanes.directBuffer(segment);
    long position = (long) full * segment;
    while (true) {
      direct.clear().limit(segment);
      int n = channel.read(direct, position);
      if (n < 0) {
        break;
      }
      direct.flip().get(buffer, 0, n);
      hasher.update(buffer, 0, n);
      position += n;
    }
    if (position < size) {
      throw new EOFException("file shrank while being hashed");
    }
    return hasher.digest();
  }

  /**
   * Maps the first {@code length} bytes in windows of {@link #WINDOW} bytes, or returns null
   * where the file system cannot map. Copying out of a mapping measured about 1.6 times as fast
   * as positional reads, which copy twice (kernel to direct buffer to array).
   */
  private static MappedByteBuffer[] map(FileChannel channel, long length) {
    MappedByteBuffer[] windows = new MappedByteBuffer[(int) ((length + WINDOW - 1) / WINDOW)];
    try {
      for (int w = 0; w < windows.length; w++) {
        long start = (long) w * WINDOW;
        long windowLength = Math.min(WINDOW, length - start);
        windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, start, windowLength);
      }
      return windows;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void copy(MappedByteBuffer[] windows, long position, byte[] dst, int len)
      throws IOException {
    try {
      windows[(int) (position / WINDOW)].get((int) (position % WINDOW), dst, 0, len);
    } catch (InternalError e) {
      // How the JVM reports SIGBUS, i.e. a mapped page that the file no longer has.
      throw new EOFException("file shrank while being hashed: " + e.getMessage());
    }
  }

  /** Picks a power-of-two segment giving every thread several segments, within bounds. */
  private static int segmentLength(long size) {
    long target = size / (THREADS * 8L);
    int segment = MIN_SEGMENT;
    while (segment < MAX_SEGMENT && segment * 2L <= target) {
      segment *= 2;
    }
    return segment;
  }

  private static void readFully(FileChannel channel, ByteBuffer direct, int len, long position)
      throws IOException {
    direct.clear().limit(len);
    while (direct.hasRemaining()) {
      if (channel.read(direct, position + direct.position()) < 0) {
        throw new EOFException("file shrank while being hashed");
      }
    }
  }

  /** Runs {@code task} for indices 0..count-1 on the calling thread and the helper pool. */
  private static void forEach(int count, SegmentTask task) throws IOException {
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(count);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      Lanes lanes = Lanes.local();
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            task.run(i, lanes);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    };
    int helpers = Math.min(THREADS - 1, count - 1);
    for (int h = 0; h < helpers; h++) {
      Helpers.POOL.execute(worker);
    }
    // The caller works too, so progress never depends on a free helper: helpers busy with
    // other inputs just find nothing left to do when they get here.
    worker.run();
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        // Helpers are at most one segment each from done; finish rather than leave them behind.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof IOException) {
      throw (IOException) t;
    } else if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    } else if (t instanceof Error) {
      throw (Error) t;
    } else if (t != null) {
      throw new IOException(t);
    }
  }

  /** Lazily started daemon helpers, shared by all callers; they exit when idle. */
  private static final class Helpers {
    static final ExecutorService POOL = create();

    private static ExecutorService create() {
      AtomicInteger ids = new AtomicInteger();
      ThreadFactory factory = r -> {
        Thread t = new Thread(r, "blake3-helper-" + ids.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      int n = Math.max(1, THREADS - 1);
      ThreadPoolExecutor pool = new ThreadPoolExecutor(
          n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
