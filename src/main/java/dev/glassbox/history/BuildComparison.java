package dev.glassbox.history;

import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.sandbox.LogLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Two finished builds side by side: outcome, exit code, duration, log and outputs. Made for
 * "what if…" experiments, where the second build is the first with one change.
 *
 * @param a the first build
 * @param b the second build
 * @param log how their logs differ
 * @param outputs every output either build produced, by name, with its identity in each
 */
public record BuildComparison(BuildRecord a, BuildRecord b, LogDiff log, List<OutputDiff> outputs) {
  /** Log events read per query: bounded memory for logs of any length. */
  private static final int PAGE = 4096;

  public BuildComparison {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(log, "log");
    outputs = List.copyOf(outputs);
  }

  /**
   * How two logs differ: their line counts and the first line (0-based, stdout and stderr counted
   * together in arrival order) where the text or stream differs.
   *
   * @param lineA the text of that line in the first log, empty if that log ended before it
   * @param lineB likewise for the second log
   */
  public record LogDiff(
      long linesA, long linesB, OptionalLong firstDifference, Optional<String> lineA,
      Optional<String> lineB) {
    public boolean same() {
      return firstDifference.isEmpty();
    }
  }

  /**
   * One output in both builds.
   *
   * @param name the output's name
   * @param a its identity in the first build ({@code b3:…} digest or symlink target), empty if
   *     that build did not produce it
   * @param b likewise for the second build
   */
  public record OutputDiff(String name, Optional<String> a, Optional<String> b) {
    public boolean same() {
      return a.isPresent() && a.equals(b);
    }
  }

  /** Whether both builds ended the same way (status and exit code or signal). */
  public boolean sameOutcome() {
    return a.status() == b.status() && a.exitCode().equals(b.exitCode())
        && a.signal().equals(b.signal());
  }

  /** How long each build ran, from start to end; zero when it never started. */
  public static Duration duration(BuildRecord r) {
    Instant end = r.finishedAt().orElse(r.startedAt().orElse(r.submittedAt()));
    return r.startedAt().map(s -> Duration.between(s, end)).orElse(Duration.ZERO);
  }

  /**
   * Compares two finished builds of {@code history}.
   *
   * @throws HistoryException when either build is unknown or still running, or the history
   *     cannot be read
   */
  public static BuildComparison of(History history, String idA, String idB)
      throws HistoryException {
    BuildRecord a = finished(history, idA);
    BuildRecord b = finished(history, idB);
    return new BuildComparison(a, b, logDiff(history, a.id(), b.id()), outputs(a, b));
  }

  private static BuildRecord finished(History h, String id) throws HistoryException {
    BuildRecord r =
        h.find(id)
            .orElseThrow(
                () -> new UnknownBuildException("no build " + id + " in the history to compare"));
    if (!r.status().isFinal()) {
      throw new HistoryException(
          "build " + id + " is still " + r.status().label() + "; compare it once it has ended");
    }
    return r;
  }

  private static List<OutputDiff> outputs(BuildRecord a, BuildRecord b) {
    Map<String, String[]> byName = new LinkedHashMap<>();
    for (NamedNode n : a.outputs()) {
      byName.computeIfAbsent(n.name().asUtf8(), k -> new String[2])[0] = identity(n.node());
    }
    for (NamedNode n : b.outputs()) {
      byName.computeIfAbsent(n.name().asUtf8(), k -> new String[2])[1] = identity(n.node());
    }
    List<OutputDiff> out = new ArrayList<>();
    byName.forEach(
        (name, ids) ->
            out.add(
                new OutputDiff(name, Optional.ofNullable(ids[0]), Optional.ofNullable(ids[1]))));
    return out;
  }

  static String identity(Node n) {
    if (n instanceof DirectoryNode d) {
      return d.digest().toString();
    }
    if (n instanceof FileNode f) {
      return f.digest().toString() + (f.executable() ? " (executable)" : "");
    }
    return "-> " + ((SymlinkNode) n).target().asUtf8();
  }

  private static LogDiff logDiff(History h, String idA, String idB) throws HistoryException {
    Lines la = new Lines(h, idA);
    Lines lb = new Lines(h, idB);
    long i = 0;
    OptionalLong first = OptionalLong.empty();
    Optional<String> textA = Optional.empty();
    Optional<String> textB = Optional.empty();
    while (true) {
      LogLine x = la.next();
      LogLine y = lb.next();
      if (x == null && y == null) {
        break;
      }
      boolean differ =
          x == null || y == null || !x.text().equals(y.text()) || x.stream() != y.stream();
      if (differ && first.isEmpty()) {
        first = OptionalLong.of(i);
        textA = Optional.ofNullable(x).map(LogLine::text);
        textB = Optional.ofNullable(y).map(LogLine::text);
      }
      i++;
    }
    return new LogDiff(la.count, lb.count, first, textA, textB);
  }

  /** A build's log lines, read page by page. */
  private static final class Lines {
    private final History history;
    private final String id;
    private final ArrayDeque<LogLine> buffer = new ArrayDeque<>();
    private long from;
    private boolean done;
    long count;

    Lines(History history, String id) {
      this.history = history;
      this.id = id;
    }

    LogLine next() throws HistoryException {
      while (buffer.isEmpty() && !done) {
        List<RecordedEvent> page = history.events(id, from, PAGE);
        if (page.isEmpty()) {
          done = true;
          break;
        }
        for (RecordedEvent e : page) {
          from = e.index() + 1;
          if (e instanceof RecordedEvent.Log l) {
            buffer.add(l.line());
          }
        }
      }
      LogLine l = buffer.poll();
      if (l != null) {
        count++;
      }
      return l;
    }
  }
}
