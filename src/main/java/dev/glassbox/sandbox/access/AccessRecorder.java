package dev.glassbox.sandbox.access;

import dev.glassbox.sandbox.fuse.AccessObserver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records one build's input accesses from its FUSE mount, aggregated per path.
 *
 * <p>Cheap enough to leave on: a call looks its path up in a concurrent map and updates a few
 * fields of a small per-path record in place, so a read allocates nothing (the first access to a
 * path allocates its record). Memory is bounded for pathological builds: at most {@code maxPaths}
 * distinct paths and {@code maxFailed} distinct failed names are kept; the rest are counted as
 * dropped. Thread-safe; calls arrive on the FUSE threads concurrently.
 *
 * <p>The mount root itself ("/") is not recorded: the runtime resolves it when it binds the inputs,
 * not the build.
 */
public final class AccessRecorder implements AccessObserver {
  /** Default cap on distinct touched paths (~100 bytes each, so tens of MiB at most). */
  public static final int DEFAULT_MAX_PATHS = 200_000;

  /** Default cap on distinct failed names: a report lists a handful, the rest is noise. */
  public static final int DEFAULT_MAX_FAILED = 2_000;

  private final int maxPaths;
  private final int maxFailed;
  private final Map<String, Entry> paths = new ConcurrentHashMap<>();
  private final Map<String, Miss> failed = new ConcurrentHashMap<>();
  private final AtomicInteger pathCount = new AtomicInteger();
  private final AtomicInteger failedCount = new AtomicInteger();
  private final AtomicLong droppedPaths = new AtomicLong();
  private final AtomicLong droppedFailed = new AtomicLong();
  private volatile long lastLogSeq = -1;

  public AccessRecorder() {
    this(DEFAULT_MAX_PATHS, DEFAULT_MAX_FAILED);
  }

  public AccessRecorder(int maxPaths, int maxFailed) {
    if (maxPaths < 1 || maxFailed < 1) {
      throw new IllegalArgumentException("the access recorder's caps must be at least 1");
    }
    this.maxPaths = maxPaths;
    this.maxFailed = maxFailed;
  }

  /** The build printed the log line {@code seq}; failed lookups from now on point at it. */
  public void logLine(long seq) {
    lastLogSeq = seq;
  }

  @Override
  public void lookup(String path, boolean found) {
    if (path.length() < 2) {
      return;
    }
    if (found) {
      Entry e = entry(path);
      if (e != null) {
        e.mark(PathAccess.LOOKED_UP);
      }
      return;
    }
    Miss m = failed.get(path);
    if (m == null) {
      m = newMiss(path);
      if (m == null) {
        return;
      }
    }
    m.attempts.incrementAndGet();
  }

  @Override
  public void open(String path, int flags) {
    Entry e = entry(path);
    if (e != null) {
      e.mark(
          (flags & FMODE_EXEC) != 0 ? PathAccess.OPENED | PathAccess.EXECUTED : PathAccess.OPENED);
      OPENS.getAndAdd(e, 1L);
    }
  }

  @Override
  public void open(String path) {
    open(path, 0);
  }

  @Override
  public void read(String path, long offset, int bytes) {
    Entry e = entry(path);
    if (e != null) {
      e.mark(PathAccess.READ);
      READS.getAndAdd(e, 1L);
      if (bytes > 0) {
        BYTES.getAndAdd(e, (long) bytes);
      }
    }
  }

  @Override
  public void readlink(String path) {
    Entry e = entry(path);
    if (e != null) {
      e.mark(PathAccess.READLINK);
    }
  }

  @Override
  public void readdir(String path) {
    Entry e = entry(path);
    if (e != null) {
      e.mark(PathAccess.LISTED);
    }
  }

  /** What was recorded so far; call after the unmount for the final picture. */
  public InputAccess snapshot() {
    List<PathAccess> ps = new ArrayList<>(paths.size());
    paths.forEach(
        (p, e) ->
            ps.add(
                new PathAccess(
                    p,
                    (int) FLAGS.getVolatile(e),
                    (long) OPENS.getVolatile(e),
                    (long) READS.getVolatile(e),
                    (long) BYTES.getVolatile(e))));
    List<FailedLookup> fs = new ArrayList<>(failed.size());
    failed.forEach(
        (p, m) -> {
          long n = m.attempts.get();
          if (n > 0) {
            fs.add(new FailedLookup(p, n, m.firstMillis, m.logSeq));
          }
        });
    return new InputAccess(ps, fs, droppedPaths.get(), droppedFailed.get());
  }

  private Entry entry(String path) {
    if (path.length() < 2) {
      return null; // the mount root
    }
    Entry e = paths.get(path);
    if (e != null) {
      return e;
    }
    if (pathCount.get() >= maxPaths) {
      droppedPaths.incrementAndGet();
      return null;
    }
    Entry fresh = new Entry();
    Entry prior = paths.putIfAbsent(path, fresh);
    if (prior != null) {
      return prior;
    }
    if (pathCount.incrementAndGet() > maxPaths) {
      // Lost a race at the cap: take it back out so the cap holds exactly.
      paths.remove(path, fresh);
      pathCount.decrementAndGet();
      droppedPaths.incrementAndGet();
      return null;
    }
    return fresh;
  }

  private Miss newMiss(String path) {
    if (failedCount.get() >= maxFailed) {
      droppedFailed.incrementAndGet();
      return null;
    }
    Miss fresh = new Miss(System.currentTimeMillis(), lastLogSeq);
    Miss prior = failed.putIfAbsent(path, fresh);
    if (prior != null) {
      return prior;
    }
    if (failedCount.incrementAndGet() > maxFailed) {
      failed.remove(path, fresh);
      failedCount.decrementAndGet();
      droppedFailed.incrementAndGet();
      return null;
    }
    return fresh;
  }

  /** Per-path counters, updated in place through the VarHandles below. */
  private static final class Entry {
    @SuppressWarnings("unused") // through FLAGS
    private volatile int flags;

    @SuppressWarnings("unused") // through OPENS
    private volatile long opens;

    @SuppressWarnings("unused") // through READS
    private volatile long reads;

    @SuppressWarnings("unused") // through BYTES
    private volatile long bytes;

    void mark(int bits) {
      // Most calls repeat a flag already set: a plain read then avoids a contended write.
      if (((int) FLAGS.getVolatile(this) & bits) != bits) {
        FLAGS.getAndBitwiseOr(this, bits);
      }
    }
  }

  /** A failed name: first time and log position, and how often it was tried. */
  private static final class Miss {
    final long firstMillis;
    final long logSeq;
    final AtomicLong attempts = new AtomicLong();

    Miss(long firstMillis, long logSeq) {
      this.firstMillis = firstMillis;
      this.logSeq = logSeq;
    }
  }

  private static final VarHandle FLAGS;
  private static final VarHandle OPENS;
  private static final VarHandle READS;
  private static final VarHandle BYTES;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      FLAGS = l.findVarHandle(Entry.class, "flags", int.class);
      OPENS = l.findVarHandle(Entry.class, "opens", long.class);
      READS = l.findVarHandle(Entry.class, "reads", long.class);
      BYTES = l.findVarHandle(Entry.class, "bytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
