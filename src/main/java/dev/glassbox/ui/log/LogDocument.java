package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogSink;
import dev.glassbox.sandbox.LogStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one build as the view shows it: logical lines in arrival order, kept in a temporary
 * file with a small index in memory, safe to append to from any thread and to read from another.
 *
 * <p>It turns {@link LogLine}s into display lines:
 *
 * <ul>
 *   <li>the {@code partial} pieces of one stream are joined into one logical line, which takes the
 *       place (and the time) of its first piece and grows as more pieces arrive;
 *   <li>ANSI escape sequences are parsed once, on arrival: the stored text is plain, and SGR
 *       colours are kept as style runs (see {@link AnsiParser}); a colour left on at the end of a
 *       line carries over to the next line of the same stream, as in a terminal;
 *   <li>carriage returns collapse: trailing {@code \r}s are dropped (CRLF output), then only the
 *       text after the last remaining {@code \r} is kept, in the colours it had, so a progress bar
 *       redrawn a thousand times is one short line, even across pieces.
 * </ul>
 *
 * <p>Lines up to {@link Integer#MAX_VALUE} characters and up to {@link Integer#MAX_VALUE} lines are
 * supported; the heap cost is about 25 bytes a line. Appends take one lock, copy the text into a 1
 * MiB buffer and return, so {@link #accept} is fit to be a build's {@link LogSink}. Listeners are
 * told after every append, on the appending thread; the view coalesces them to one update a frame.
 */
public final class LogDocument implements LogSink, Closeable {
  private static final byte STDERR = 1;
  private static final byte WIDE = 2; // the first segment is stored as UTF-16, not Latin-1
  private static final byte MULTI = 4; // the line has several segments, kept in 'multi'
  private static final byte OPEN = 8; // the last piece was partial: the line may still grow

  // scan() hands huge lines over in parts of this many characters, so no one needs them whole.
  static final int SCAN_PART = 1 << 20;
  private static final int SCAN_BATCH_LINES = 4096;
  private static final int SCAN_BATCH_BYTES = 4 << 20;
  static final int APPEND_BATCH = 4096;

  /**
   * What a reader needs to know about the document at one moment.
   *
   * @param lineCount logical lines so far
   * @param stdoutLines of which on stdout
   * @param stderrLines of which on stderr
   * @param openStdout the stdout line that may still grow, or -1
   * @param openStderr the stderr line that may still grow, or -1
   * @param revision counts appends; changes whenever anything changed
   * @param firstError the first line matching the error pattern, or -1
   * @param firstStderr the first stderr line, or -1
   * @param finished whether {@link #finish} was called
   */
  public record State(
      int lineCount,
      int stdoutLines,
      int stderrLines,
      int openStdout,
      int openStderr,
      long revision,
      int firstError,
      int firstStderr,
      boolean finished) {

    /** Lines of one stream. */
    public int lines(LogStream stream) {
      return stream == LogStream.STDOUT ? stdoutLines : stderrLines;
    }

    /** The open line of one stream, or -1. */
    public int openLine(LogStream stream) {
      return stream == LogStream.STDOUT ? openStdout : openStderr;
    }
  }

  /** Receives plain line text from {@link #scan}. */
  @FunctionalInterface
  public interface LineVisitor {
    /**
     * One line, or one part of a very long line: {@code offset} is where {@code text} starts in the
     * line and {@code last} is false while more parts of the same line follow.
     */
    void visit(int line, LogStream stream, long epochMillis, int offset, String text, boolean last);
  }

  /** The stored segments of a line that arrived in several pieces. */
  private static final class Segments {
    long[] pos = new long[4];
    int[] chars = new int[4];
    int[] runs = new int[4];
    boolean[] wide = new boolean[4];
    int count;

    void add(long p, int c, int r, boolean w) {
      if (count == pos.length) {
        int n = count * 2;
        pos = Arrays.copyOf(pos, n);
        chars = Arrays.copyOf(chars, n);
        runs = Arrays.copyOf(runs, n);
        wide = Arrays.copyOf(wide, n);
      }
      pos[count] = p;
      chars[count] = c;
      runs[count] = r;
      wide[count] = w;
      count++;
    }

    Segments copy() {
      Segments s = new Segments();
      s.pos = pos.clone();
      s.chars = chars.clone();
      s.runs = runs.clone();
      s.wide = wide.clone();
      s.count = count;
      return s;
    }
  }

  /** One line's text read by {@link #scan} under the lock, handed to the visitor after it. */
  private record Scanned(int line, LogStream stream, long epochMillis, String text) {}

  /** Per-stream parsing state that spans lines and pieces. */
  private static final class StreamState {
    final AnsiParser parser = new AnsiParser();
    int openLine = -1;
    boolean pendingCr; // the open line's text so far ended in '\r's that were dropped
  }

  // Writers take it with lock(), readers with lockToRead(), which spins instead of parking.
  private final ReentrantLock lock = new ReentrantLock();
  private final ChunkedStore store;
  private final ErrorPattern errorPattern;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  // Index, one entry per logical line; all guarded by lock.
  private final Columns.Longs pos = new Columns.Longs(); // first segment, -1 if empty
  private final Columns.Ints chars = new Columns.Ints(); // whole line
  private final Columns.Ints runCounts = new Columns.Ints(); // first segment
  private final Columns.Longs times = new Columns.Longs();
  private final Columns.Bytes flags = new Columns.Bytes();
  private final Columns.Ints[] streamLines = {new Columns.Ints(), new Columns.Ints()};
  private final Map<Integer, Segments> multi = new HashMap<>();
  private final StreamState[] streams = {new StreamState(), new StreamState()};
  private int count;
  private long revision;
  private int firstError = -1;
  private int firstStderr = -1;
  private boolean finished;
  private boolean closed;
  private IOException failure;

  // Scratch space for appends and reads; guarded by lock.
  private byte[] scratch = new byte[16 << 10];
  private final StyledBuilder styled = new StyledBuilder();

  private LogDocument(Path directory, ErrorPattern errorPattern) throws IOException {
    this.store = new ChunkedStore(directory);
    this.errorPattern = Objects.requireNonNull(errorPattern, "errorPattern");
  }

  /** A new, empty document stored in the system's temporary folder. */
  public static LogDocument create() throws IOException {
    return create(Path.of(System.getProperty("java.io.tmpdir")), ErrorPattern.DEFAULT);
  }

  /** A new, empty document stored in {@code directory}, finding errors with {@code pattern}. */
  public static LogDocument create(Path directory, ErrorPattern pattern) throws IOException {
    return new LogDocument(directory, pattern);
  }

  public ErrorPattern errorPattern() {
    return errorPattern;
  }

  /** Calls {@code listener} after every change, on the changing thread; it must be quick. */
  public void addListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** Appends one line; thread-safe, never blocks for long. */
  @Override
  public void accept(LogLine line) {
    lock.lock();
    try {
      appendLocked(line);
    } finally {
      lock.unlock();
    }
    fire();
  }

  /**
   * Appends lines in order: a live batch, or a whole log loaded from history. The lock is released
   * every {@value #APPEND_BATCH} lines, so a view reading the document meanwhile, or another
   * writer, waits for a batch at most, not for a million lines.
   */
  public void append(List<LogLine> lines) {
    for (int from = 0; from < lines.size(); from += APPEND_BATCH) {
      int to = Math.min(lines.size(), from + APPEND_BATCH);
      lock.lock();
      try {
        for (int i = from; i < to; i++) {
          appendLocked(lines.get(i));
        }
      } finally {
        lock.unlock();
      }
      fire();
    }
  }

  /** Marks the log complete: open lines stop growing and later appends are refused. */
  public void finish() {
    lock.lock();
    try {
      for (StreamState st : streams) {
        if (st.openLine >= 0) {
          flags.set(st.openLine, (byte) (flags.get(st.openLine) & ~OPEN));
          st.openLine = -1;
        }
      }
      finished = true;
      revision++;
    } finally {
      lock.unlock();
    }
    fire();
  }

  private void fire() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  private void appendLocked(LogLine l) {
    if (closed) {
      throw new IllegalStateException("the log document is closed");
    }
    if (finished) {
      throw new IllegalStateException("the log document is finished; no more lines");
    }
    if (failure != null) {
      return; // storage failed; the view shows why, and the build must not be disturbed
    }
    int s = l.stream().ordinal();
    StreamState st = streams[s];
    int line = st.openLine;
    if (line < 0) {
      line = count;
      pos.add(-1);
      chars.add(0);
      runCounts.add(0);
      times.add(l.epochMillis());
      flags.add(s == 1 ? STDERR : 0);
      streamLines[s].add(line);
      count++;
      if (s == 1 && firstStderr < 0) {
        firstStderr = line;
      }
    }
    try {
      String visible = appendPiece(line, st, l.text());
      if (firstError < 0 && visible != null && errorPattern.matches(visible)) {
        firstError = line;
      }
    } catch (UncheckedIOException e) {
      failure = e.getCause();
    }
    if (l.partial()) {
      st.openLine = line;
      flags.set(line, (byte) (flags.get(line) | OPEN));
    } else {
      st.openLine = -1;
      st.pendingCr = false;
      st.parser.endLine();
      flags.set(line, (byte) (flags.get(line) & ~OPEN));
    }
    revision++;
  }

  /** Adds one piece to a line; returns the piece's visible text, for error matching. */
  private String appendPiece(int line, StreamState st, String text) {
    int n = text.length();
    // Fast path for the common line: no escapes, no control characters, style plain.
    boolean simple = st.parser.isIdle();
    boolean wide = false;
    if (simple) {
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c < 0x20) {
          if (c != '\t') {
            simple = false;
            break;
          }
        } else if (c >= 0x7F) {
          if (c <= 0x9F) {
            simple = false;
            break;
          }
          if (c > 0xFF) {
            wide = true;
          }
        }
      }
    }
    String plain;
    int[] runs = null;
    int start = 0;
    int end;
    if (simple) {
      plain = text;
      end = n;
      if (st.pendingCr && end > 0) {
        resetContent(line); // the '\r' that ended the last piece is followed by new text
        st.pendingCr = false;
      }
    } else {
      styled.reset();
      st.parser.feed(text, styled);
      plain = styled.text.toString();
      end = plain.length();
      while (end > 0 && plain.charAt(end - 1) == '\r') {
        end--;
      }
      boolean trailingCr = end < plain.length();
      if (st.pendingCr && end > 0) {
        resetContent(line); // the '\r' that ended the last piece is followed by new text
        st.pendingCr = false;
      }
      st.pendingCr |= trailingCr;
      int cr = plain.lastIndexOf('\r', end - 1);
      if (cr >= 0) {
        resetContent(line);
        start = cr + 1;
      }
      if (end > start) {
        runs = styled.runsBetween(start, end);
        for (int i = start; i < end && !wide; i++) {
          wide = plain.charAt(i) > 0xFF;
        }
      }
    }
    if (end > start) {
      writeSegment(line, plain, start, end, runs, wide);
      return start == 0 && end == plain.length() ? plain : plain.substring(start, end);
    }
    return null;
  }

  private void resetContent(int line) {
    pos.set(line, -1);
    chars.set(line, 0);
    runCounts.set(line, 0);
    flags.set(line, (byte) (flags.get(line) & ~(MULTI | WIDE)));
    multi.remove(line);
  }

  private void writeSegment(int line, String plain, int start, int end, int[] runs, boolean wide) {
    int len = end - start;
    int nRuns = runs == null ? 0 : runs.length / StyledText.RUN_INTS;
    long textBytes = (long) len * (wide ? 2 : 1);
    long total = textBytes + (long) nRuns * 16;
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("a log line piece is too long: " + len + " characters");
    }
    if (scratch.length < total) {
      scratch = new byte[(int) Math.max(total, scratch.length * 2L)];
    }
    byte[] b = scratch;
    int o = 0;
    if (wide) {
      for (int i = start; i < end; i++) {
        char c = plain.charAt(i);
        b[o++] = (byte) c;
        b[o++] = (byte) (c >>> 8);
      }
    } else {
      for (int i = start; i < end; i++) {
        b[o++] = (byte) plain.charAt(i);
      }
    }
    for (int r = 0; r < nRuns * StyledText.RUN_INTS; r++) {
      int v = runs[r];
      b[o++] = (byte) v;
      b[o++] = (byte) (v >>> 8);
      b[o++] = (byte) (v >>> 16);
      b[o++] = (byte) (v >>> 24);
    }
    long p = store.append(b, 0, o);
    byte f = flags.get(line);
    if ((f & MULTI) == 0 && pos.get(line) < 0) {
      pos.set(line, p);
      chars.set(line, len);
      runCounts.set(line, nRuns);
      flags.set(line, (byte) (wide ? f | WIDE : f & ~WIDE));
      return;
    }
    Segments segs = multi.get(line);
    if (segs == null) {
      segs = new Segments();
      segs.add(pos.get(line), chars.get(line), runCounts.get(line), (f & WIDE) != 0);
      multi.put(line, segs);
      flags.set(line, (byte) (f | MULTI));
    }
    segs.add(p, len, nRuns, wide);
    long newChars = (long) chars.get(line) + len;
    chars.set(line, (int) Math.min(Integer.MAX_VALUE, newChars));
  }

  /**
   * Takes the lock for a reader. A writer fed by a fast build re-locks a million times a second for
   * about a microsecond each; a reader that parked would be woken only after the writer took the
   * lock again, and again (an unfair lock), or, with a fair lock, after a wake-up that costs a
   * millisecond on a busy machine, for each of the forty rows of a frame. So readers spin on
   * tryLock, which wins in the gaps between the writer's appends, and park only after that.
   */
  private void lockToRead() {
    for (int i = 0; i < 20_000; i++) {
      if (lock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    lock.lock();
  }

  /** The document's state right now. */
  public State state() {
    lockToRead();
    try {
      return new State(
          count,
          streamLines[0].size(),
          streamLines[1].size(),
          streams[0].openLine,
          streams[1].openLine,
          revision,
          firstError,
          firstStderr,
          finished);
    } finally {
      lock.unlock();
    }
  }

  /** Number of logical lines so far. */
  public int lineCount() {
    lockToRead();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes written to the temporary file and its buffer so far. */
  long storedBytes() {
    lockToRead();
    try {
      return store.size();
    } finally {
      lock.unlock();
    }
  }

  /** Why storing the log failed, if it did; lines after the failure were dropped. */
  public Optional<IOException> failure() {
    lockToRead();
    try {
      return Optional.ofNullable(failure);
    } finally {
      lock.unlock();
    }
  }

  public LogStream stream(int line) {
    lockToRead();
    try {
      checkLine(line);
      return (flags.get(line) & STDERR) != 0 ? LogStream.STDERR : LogStream.STDOUT;
    } finally {
      lock.unlock();
    }
  }

  /** Length of a line in characters, after escape sequences and {@code \r} were taken out. */
  public int length(int line) {
    lockToRead();
    try {
      checkLine(line);
      return chars.get(line);
    } finally {
      lock.unlock();
    }
  }

  /** The document index of the {@code k}-th line of one stream. */
  public int streamLine(LogStream stream, int k) {
    lockToRead();
    try {
      Columns.Ints lines = streamLines[stream.ordinal()];
      if (k < 0 || k >= lines.size()) {
        throw new IndexOutOfBoundsException(k + " of " + lines.size() + " " + stream + " lines");
      }
      return lines.get(k);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Where {@code line} is among the lines of {@code stream}: its position if it is one of them,
   * otherwise the position of the next line of the stream after it (as in a binary search).
   */
  public int streamPosition(LogStream stream, int line) {
    lockToRead();
    try {
      Columns.Ints lines = streamLines[stream.ordinal()];
      return lines.lowerBound(line, lines.size());
    } finally {
      lock.unlock();
    }
  }

  /** Reads characters {@code [from, from + max)} of a line, clipped to its length. */
  public LineSlice read(int line, int from, int max) {
    lockToRead();
    try {
      checkLine(line);
      int total = chars.get(line);
      int start = Math.max(0, Math.min(from, total));
      int end = (int) Math.min(total, (long) start + Math.max(0, max));
      byte f = flags.get(line);
      StringBuilder text = new StringBuilder(end - start);
      RunList runs = new RunList();
      if (end > start) {
        if ((f & MULTI) == 0) {
          readSegment(
              pos.get(line), total, runCounts.get(line), (f & WIDE) != 0, start, end, text, runs);
        } else {
          Segments segs = multi.get(line);
          int base = 0;
          for (int k = 0; k < segs.count && base < end; k++) {
            int segEnd = base + segs.chars[k];
            if (segEnd > start) {
              runs.boundary(text.length());
              readSegment(
                  segs.pos[k],
                  segs.chars[k],
                  segs.runs[k],
                  segs.wide[k],
                  Math.max(start, base) - base,
                  Math.min(end, segEnd) - base,
                  text,
                  runs);
            }
            base = segEnd;
          }
        }
      }
      LogStream stream = (f & STDERR) != 0 ? LogStream.STDERR : LogStream.STDOUT;
      return new LineSlice(
          line,
          stream,
          times.get(line),
          total,
          start,
          new StyledText(text.toString(), runs.toArray(text.length())),
          (f & OPEN) != 0);
    } finally {
      lock.unlock();
    }
  }

  /** Reads one stored segment's characters {@code [from, to)} and their runs; holds the lock. */
  private void readSegment(
      long p,
      int segChars,
      int nRuns,
      boolean wide,
      int from,
      int to,
      StringBuilder text,
      RunList runs) {
    int width = wide ? 2 : 1;
    int outBase = text.length();
    text.append(decode(p + (long) from * width, (to - from) * width, wide));
    if (nRuns == 0) {
      return;
    }
    long runsAt = p + (long) segChars * width;
    // The last run starting at or before 'from' styles the start of the slice.
    int lo = 0;
    int hi = nRuns - 1;
    int first = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (store.readInt(runsAt + mid * 16L) <= from) {
        first = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    int r = Math.max(0, first);
    byte[] buf = new byte[16];
    for (; r < nRuns; r++) {
      store.read(runsAt + r * 16L, buf, 0, 16);
      int runStart = le(buf, 0);
      if (runStart >= to) {
        break;
      }
      runs.add(outBase + Math.max(0, runStart - from), le(buf, 4), le(buf, 8), le(buf, 12));
    }
  }

  private String decode(long p, int bytes, boolean wide) {
    if (scratch.length < bytes) {
      scratch = new byte[Math.max(bytes, scratch.length * 2)];
    }
    store.read(p, scratch, 0, bytes);
    return new String(
        scratch, 0, bytes, wide ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
  }

  private static int le(byte[] b, int o) {
    return (b[o] & 0xFF)
        | (b[o + 1] & 0xFF) << 8
        | (b[o + 2] & 0xFF) << 16
        | (b[o + 3] & 0xFF) << 24;
  }

  private void checkLine(int line) {
    if (closed) {
      throw new IllegalStateException("the log document is closed");
    }
    if (line < 0 || line >= count) {
      throw new IndexOutOfBoundsException("line " + line + " of " + count);
    }
  }

  /** Style runs of a slice being read, normalised as they are added. */
  private static final class RunList {
    private int[] a = new int[16];
    private int n;

    /** A new segment starts at {@code at}: what styled the previous segment must end there. */
    void boundary(int at) {
      if (n > 0) {
        add(at, AnsiStyle.DEFAULT, AnsiStyle.DEFAULT, 0);
      }
    }

    void add(int start, int fg, int bg, int attributes) {
      // A run at the same start as the last one replaces it.
      while (n > 0 && a[n - 4] >= start) {
        n -= 4;
      }
      boolean plain = fg == AnsiStyle.DEFAULT && bg == AnsiStyle.DEFAULT && attributes == 0;
      if (n == 0 ? plain : a[n - 3] == fg && a[n - 2] == bg && a[n - 1] == attributes) {
        return; // changes nothing
      }
      if (n + 4 > a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = start;
      a[n++] = fg;
      a[n++] = bg;
      a[n++] = attributes;
    }

    int[] toArray(int textLength) {
      while (n > 0 && a[n - 4] >= textLength) {
        n -= 4; // runs that style nothing
      }
      return Arrays.copyOf(a, n);
    }
  }

  /**
   * Reads the plain text of lines {@code [from, to)} in order, handing very long lines over in
   * parts of at most a million characters. The lock is taken per batch of lines and released before
   * the visitor runs, so appends go on meanwhile.
   */
  public void scan(int from, int to, LineVisitor visitor) {
    int line = Math.max(0, from);
    while (true) {
      List<Scanned> batch = new ArrayList<>();
      int bigLine = -1;
      lockToRead();
      try {
        if (closed) {
          throw new IllegalStateException("the log document is closed");
        }
        int end = Math.min(to, count);
        if (line >= end) {
          return;
        }
        long spanStart = -1;
        long spanEnd = -1;
        List<Integer> members = new ArrayList<>();
        while (line < end && members.size() < SCAN_BATCH_LINES) {
          byte f = flags.get(line);
          int c = chars.get(line);
          int width = (f & WIDE) != 0 ? 2 : 1;
          if ((f & MULTI) != 0 || c > SCAN_PART) {
            if (members.isEmpty()) {
              bigLine = line++;
            }
            break;
          }
          long p = pos.get(line);
          long bytes = (long) c * width;
          if (c > 0) {
            if (spanStart < 0) {
              spanStart = p;
              spanEnd = p + bytes;
            } else if (p < spanStart || p + bytes - spanStart > SCAN_BATCH_BYTES) {
              break;
            } else {
              spanEnd = Math.max(spanEnd, p + bytes);
            }
          }
          members.add(line);
          line++;
        }
        if (!members.isEmpty()) {
          byte[] span = new byte[(int) Math.max(0, spanEnd - spanStart)];
          if (span.length > 0) {
            store.read(spanStart, span, 0, span.length);
          }
          for (int i : members) {
            byte f = flags.get(i);
            int c = chars.get(i);
            String text;
            if (c == 0) {
              text = "";
            } else {
              boolean wide = (f & WIDE) != 0;
              int offset = (int) (pos.get(i) - spanStart);
              text =
                  new String(
                      span,
                      offset,
                      wide ? c * 2 : c,
                      wide ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
            }
            LogStream stream = (f & STDERR) != 0 ? LogStream.STDERR : LogStream.STDOUT;
            batch.add(new Scanned(i, stream, times.get(i), text));
          }
        }
      } finally {
        lock.unlock();
      }
      for (Scanned item : batch) {
        visitor.visit(item.line(), item.stream(), item.epochMillis(), 0, item.text(), true);
      }
      if (bigLine >= 0) {
        scanBig(bigLine, visitor);
      }
    }
  }

  private void scanBig(int line, LineVisitor visitor) {
    int offset = 0;
    while (true) {
      LineSlice part = read(line, offset, SCAN_PART);
      boolean last = part.charsAfter() <= 0;
      visitor.visit(line, part.stream(), part.epochMillis(), offset, part.text().text(), last);
      if (last) {
        return;
      }
      offset += part.text().text().length();
    }
  }

  /** Deletes the temporary file; the document cannot be used afterwards. */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      multi.clear();
      store.close();
    } finally {
      lock.unlock();
    }
  }
}
