package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds every match of a pattern in a {@link LogDocument} on its own thread, so that searching
 * millions of lines never blocks the caller. Starting a new search cancels the old one, even in the
 * middle of a runaway regex. A finished search can be {@link #extend extended} to lines that
 * arrived since, so the matches of a live log stay complete.
 *
 * <p>Results are published every {@value #PUBLISH_MILLIS} ms while scanning and once at the end, on
 * the search thread; the listener must hand them to its own thread. Empty matches are skipped. A
 * line that was still growing when scanned is not scanned again.
 */
final class LogSearch implements AutoCloseable {
  static final int PUBLISH_MILLIS = 100;
  // Positions beyond this are counted but not kept; 2 million matches take 24 MB.
  static final int MAX_STORED = 2_000_000;
  private static final int CHUNK_LINES = 8192;

  /**
   * What to search for.
   *
   * @param pattern the compiled pattern
   * @param stdout whether to search stdout lines
   * @param stderr whether to search stderr lines
   */
  record Query(Pattern pattern, boolean stdout, boolean stderr) {
    Query {
      Objects.requireNonNull(pattern, "pattern");
    }

    boolean includes(LogStream stream) {
      return stream == LogStream.STDOUT ? stdout : stderr;
    }
  }

  /**
   * The matches found so far; the arrays are shared with later results and only ever appended to.
   *
   * @param generation identifies the search; a newer search has a higher number
   * @param query what was searched for
   * @param lines line of each stored match, ascending
   * @param starts start of each stored match in its line
   * @param ends end of each stored match in its line
   * @param stored how many matches have positions in the arrays
   * @param count how many matches there are, stored or not
   * @param scanned lines {@code [0, scanned)} have been searched
   * @param done whether the search has caught up with the document
   */
  record Result(
      long generation,
      Query query,
      int[] lines,
      int[] starts,
      int[] ends,
      int stored,
      long count,
      int scanned,
      boolean done) {

    /** The first stored match at or after {@code (line, start)}, or {@code stored} if none. */
    int indexAtOrAfter(int line, int start) {
      int lo = 0;
      int hi = stored;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (lines[mid] < line || (lines[mid] == line && starts[mid] < start)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "glassbox-log-search");
            t.setDaemon(true);
            return t;
          });
  private long generations;
  private Job current; // guarded by this

  /** Starts searching {@code doc}; cancels any search still running; returns its generation. */
  synchronized long start(LogDocument doc, Query query, Consumer<Result> listener) {
    cancel();
    current = new Job(++generations, doc, query, listener);
    current.schedule(executor);
    return current.generation;
  }

  /** Searches lines that arrived since the current search last finished scanning. */
  synchronized void extend() {
    if (current != null) {
      current.schedule(executor);
    }
  }

  /** Cancels the current search; no more results will be published for it. */
  synchronized void cancel() {
    if (current != null) {
      current.cancelled = true;
      current = null;
    }
  }

  @Override
  public void close() {
    cancel();
    executor.shutdownNow();
  }

  /** One search; its fields are only touched on the search thread, except the two flags. */
  private static final class Job {
    final long generation;
    final LogDocument doc;
    final Query query;
    final Consumer<Result> listener;
    volatile boolean cancelled;
    final AtomicBoolean scheduled = new AtomicBoolean();

    int[] lines = new int[256];
    int[] starts = new int[256];
    int[] ends = new int[256];
    int stored;
    long count;
    int scanned;

    Job(long generation, LogDocument doc, Query query, Consumer<Result> listener) {
      this.generation = generation;
      this.doc = doc;
      this.query = query;
      this.listener = listener;
    }

    void schedule(ExecutorService executor) {
      if (!cancelled && scheduled.compareAndSet(false, true)) {
        executor.execute(this::run);
      }
    }

    private void run() {
      scheduled.set(false);
      if (cancelled) {
        return;
      }
      int target;
      try {
        target = doc.lineCount();
      } catch (IllegalStateException closed) {
        return;
      }
      if (scanned >= target && scanned > 0) {
        return; // nothing new since the last result
      }
      Matcher matcher = query.pattern().matcher("");
      long lastPublish = System.nanoTime();
      try {
        while (scanned < target) {
          int to = (int) Math.min(target, (long) scanned + CHUNK_LINES);
          doc.scan(
              scanned,
              to,
              (line, stream, time, offset, text, last) -> {
                if (cancelled) {
                  throw new CancellationException();
                }
                if (query.includes(stream)) {
                  matcher.reset(new GuardedChars(text, () -> cancelled));
                  while (matcher.find()) {
                    if (matcher.end() > matcher.start()) {
                      add(line, offset + matcher.start(), offset + matcher.end());
                    }
                  }
                }
              });
          scanned = to;
          if (System.nanoTime() - lastPublish > PUBLISH_MILLIS * 1_000_000L && scanned < target) {
            publish(false);
            lastPublish = System.nanoTime();
          }
        }
        publish(true);
      } catch (IllegalStateException stopped) {
        // A CancellationException (cancelled), or the document was closed under us: either way a
        // newer search or none replaces this one.
      }
    }

    private void add(int line, int start, int end) {
      count++;
      if (stored == MAX_STORED) {
        return;
      }
      if (stored == lines.length) {
        int n = Math.min(MAX_STORED, stored * 2);
        lines = Arrays.copyOf(lines, n);
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
      }
      lines[stored] = line;
      starts[stored] = start;
      ends[stored] = end;
      stored++;
    }

    private void publish(boolean done) {
      if (!cancelled) {
        listener.accept(
            new Result(generation, query, lines, starts, ends, stored, count, scanned, done));
      }
    }
  }
}
