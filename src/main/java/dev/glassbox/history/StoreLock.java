package dev.glassbox.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps garbage collection and store writers apart, across threads and processes.
 *
 * <p>A build writes to the store (importing host-path inputs, ingesting outputs) before the history
 * records what it wrote, and it may find an entry already present and skip writing it. A collector
 * running in between would delete an entry the build is about to rely on. So writers hold the lock
 * <em>shared</em> from before they write until their record is committed, and the collector holds
 * it <em>exclusive</em> from before it reads the roots until it has deleted.
 *
 * <p>Across processes this is an {@code fcntl} lock on {@code <store>/gc.lock}; inside a JVM,
 * where such locks cannot be taken twice, a counter per store stands in front of it, which is why
 * there is one instance per store ({@link #of}).
 */
public final class StoreLock {
  private static final Map<Path, StoreLock> LOCKS = new ConcurrentHashMap<>();

  /** The lock file inside the store directory. */
  public static final String FILE_NAME = "gc.lock";

  private final Path file;
  private FileChannel channel;
  private FileLock fileLock;
  private int shared;
  private boolean exclusive;

  private StoreLock(Path file) {
    this.file = file;
  }

  /** The lock of the store at {@code storeDir}, one per JVM. */
  public static StoreLock of(Path storeDir) {
    Path key = storeDir.toAbsolutePath().normalize();
    return LOCKS.computeIfAbsent(key, k -> new StoreLock(k.resolve(FILE_NAME)));
  }

  /** A held lock; closing releases it. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the lock shared: waits while a collection runs (in any process), then lets other writers
   * in alongside.
   */
  public synchronized Held shared() throws HistoryException {
    while (exclusive) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HistoryException("interrupted while waiting for garbage collection to finish", e);
      }
    }
    if (shared == 0) {
      try {
        open();
        // Blocks while a collector in another process holds the lock; collections are short.
        fileLock = channel.lock(0, Long.MAX_VALUE, true);
      } catch (IOException e) {
        closeChannel();
        throw new HistoryException(
            "cannot lock " + file + " for writing to the store: " + e.getMessage()
                + "; check that the store directory is writable",
            e);
      }
    }
    shared++;
    return this::releaseShared;
  }

  private synchronized void releaseShared() {
    if (--shared == 0) {
      closeChannel();
    }
    notifyAll();
  }

  /**
   * Takes the lock exclusive, waiting up to {@code patience} for writers in this and other
   * processes to finish.
   *
   * @throws HistoryException when they did not finish in time
   */
  public Held exclusive(Duration patience) throws HistoryException {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (this) {
      while (shared > 0 || exclusive) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw busy(patience);
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new HistoryException("interrupted while waiting for builds to finish writing", e);
        }
      }
      exclusive = true;
    }
    try {
      synchronized (this) {
        open();
      }
      // Poll rather than block: a blocking request would let newly arriving shared holders in
      // other processes starve us, and we must be able to give up at the deadline.
      while (true) {
        FileLock l = channel.tryLock(0, Long.MAX_VALUE, false);
        if (l != null) {
          synchronized (this) {
            fileLock = l;
          }
          return this::releaseExclusive;
        }
        if (System.nanoTime() > deadline) {
          throw busy(patience);
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      releaseExclusive();
      throw new HistoryException("cannot lock " + file + ": " + e.getMessage(), e);
    } catch (HistoryException e) {
      releaseExclusive();
      throw e;
    } catch (InterruptedException e) {
      releaseExclusive();
      Thread.currentThread().interrupt();
      throw new HistoryException("interrupted while waiting for builds to finish writing", e);
    }
  }

  private synchronized void releaseExclusive() {
    exclusive = false;
    closeChannel();
    notifyAll();
  }

  private HistoryException busy(Duration patience) {
    return new HistoryException(
        "builds were still writing to the store after " + patience.toSeconds()
            + " s (importing inputs or ingesting outputs); run gc again when they are done");
  }

  private void open() throws IOException {
    if (channel == null) {
      Files.createDirectories(file.getParent());
      // Readable too: a shared (read) lock needs a readable descriptor.
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
  }

  private void closeChannel() {
    try {
      if (fileLock != null) {
        fileLock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing the channel drops the lock anyway
    } finally {
      fileLock = null;
      channel = null;
    }
  }
}
