package dev.glassbox.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.Phase;
import dev.glassbox.sandbox.PhaseTiming;
import dev.glassbox.sandbox.RuntimeMode;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.sandbox.access.InputAccessCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The build history of one store: an SQLite database at {@code <store>/history.db}.
 *
 * <p>All writes of a process go through one writer thread, which commits whatever accumulated
 * every {@value #FLUSH_MILLIS} ms in one transaction with prepared statements; log lines are packed
 * into chunk rows. So a build that prints a million lines costs a few hundred inserts, and a
 * process killed mid-build loses at most the last fraction of a second of its log. Reads use a
 * separate connection and see every committed write. Thread-safe.
 */
public final class History implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(History.class);

  /** The database file inside the store directory. */
  public static final String FILE_NAME = "history.db";

  /** How often the writer commits what builds streamed; bounds what a crash can lose. */
  static final long FLUSH_MILLIS = 100;

  /** Waiting for another process's write transaction longer than this is an error. */
  static final int BUSY_TIMEOUT_MS = 30_000;

  static final int CHUNK_MAX_LINES = 8192;
  static final int CHUNK_MAX_BYTES = 512 * 1024;

  /** A recorder this far ahead of the writer wakes it instead of waiting for the next tick. */
  private static final int WAKE_WRITER_AT = 16_384;

  /**
   * A recorder this far ahead makes its producer wait: only reached when the disk stalls for
   * seconds, and then losing log lines would be worse than slowing the build.
   */
  private static final int BLOCK_PRODUCER_AT = 1 << 20;

  private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f]{1,64}");

  private final Path file;
  private final ProcessOwner owner;
  private final Connection reader;
  private final Writer writer;
  private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();

  private History(Path file, ProcessOwner owner, Connection reader, Connection writerConnection) throws SQLException {
    this.file = file;
    this.owner = owner;
    this.reader = reader;
    this.writer = new Writer(writerConnection);
  }

  /** Opens (creating or upgrading) the history of the store at {@code storeDir}. */
  public static History open(Path storeDir) throws HistoryException {
    return openFile(storeDir.resolve(FILE_NAME), Migrations.LATEST, ProcessOwner.current());
  }

  /** Opens a database file migrated up to {@code version}; tests use older versions. */
  static History openFile(Path file, int version, ProcessOwner owner) throws HistoryException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new HistoryException(
          "cannot create the folder of the history database " + file + ": " + e.getMessage()
              + "; check that the store directory is writable",
          e);
    }
    Connection w = null;
    Connection r = null;
    try {
      w = connect(file);
      Migrations.migrate(w, version);
      r = connect(file);
      History h = new History(file, owner, r, w);
      h.writer.start();
      return h;
    } catch (SQLException e) {
      closeQuietly(w);
      closeQuietly(r);
      throw new HistoryException(
          "cannot open the build history " + file + ": " + e.getMessage()
              + "; if another Glassbox is upgrading it, try again, otherwise move the file away to"
              + " start a new history",
          e);
    } catch (HistoryException e) {
      closeQuietly(w);
      closeQuietly(r);
      throw e;
    }
  }

  static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // NORMAL in WAL mode: a commit survives any process crash; only a power cut can lose the last.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    // Auto-commit on purpose: the JDBC non-auto-commit mode keeps a transaction open between
    // commits, and an open write transaction would lock out every other process. Writes bracket
    // themselves with begin()/commit() instead.
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * Starts a write transaction holding the write lock from its start, so that two processes
   * never deadlock upgrading read transactions (the busy timeout then simply queues them).
   */
  static void begin(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
  }

  static void commit(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("COMMIT");
    }
  }

  static void rollback(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      // "no transaction is active": the failure happened before or at BEGIN
      if (!String.valueOf(e.getMessage()).contains("no transaction")) {
        throw e;
      }
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** The process this history records its builds as owned by. */
  public ProcessOwner owner() {
    return owner;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Records a queued build (its event 0, {@link RecordedEvent.Queued}); the future completes once
   * the row is committed.
   */
  public CompletableFuture<Void> insert(NewBuild b) {
    return writer.submit(
        (c, st) -> {
          PreparedStatement ps = st.insertBuild;
          ps.setString(1, b.id());
          ps.setString(2, BuildStatus.QUEUED.label());
          setNullable(ps, 3, b.requestJson().orElse(null));
          setNullable(ps, 4, b.requestFile().map(Path::toString).orElse(null));
          ps.setString(5, b.command());
          ps.setLong(6, b.submittedAt().toEpochMilli());
          setNullable(ps, 7, b.rebuildOf().orElse(null));
          ps.setString(8, b.keep().name().toLowerCase(Locale.ROOT));
          ps.setLong(9, b.timeout().toMillis());
          ps.setLong(10, b.owner().pid());
          ps.setString(11, b.owner().host());
          ps.setLong(12, b.owner().startMillis());
          ps.executeUpdate();
          insertEvent(st, b.id(), new RecordedEvent.Queued(0, b.submittedAt()));
          return null;
        });
  }

  /**
   * The recorder of a build this process runs: appends its events (index 1 on) in order. Events
   * become durable within about {@value #FLUSH_MILLIS} ms.
   */
  public Recorder recorder(String buildId) {
    return recorders.computeIfAbsent(buildId, Recorder::new);
  }

  /**
   * Asks whichever process runs the build to cancel it (that process polls {@link
   * #cancelRequests}). Returns false when the build has already ended.
   */
  public boolean requestCancel(String buildId) throws HistoryException {
    return await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE builds SET cancel_requested = 1 WHERE id = ? AND status IN ('queued', 'running')")) {
                ps.setString(1, buildId);
                return ps.executeUpdate() == 1;
              }
            }),
        "record the cancel request of build " + buildId);
  }

  /**
   * Marks builds recorded as queued or running by a process that is gone as {@link
   * BuildStatus#INTERRUPTED}, closing their event stream with a final event. Their logs stay as
   * far as they were written.
   *
   * @return the ids of the builds marked
   */
  public List<String> recoverInterrupted() throws HistoryException {
    return await(
        writer.submit(
            (c, st) -> {
              List<String> ids = new ArrayList<>();
              List<ProcessOwner> owners = new ArrayList<>();
              try (Statement s = c.createStatement();
                  ResultSet rs =
                      s.executeQuery(
                          "SELECT id, owner_pid, owner_host, owner_start FROM builds WHERE status IN ('queued', 'running')")) {
                while (rs.next()) {
                  ids.add(rs.getString(1));
                  owners.add(new ProcessOwner(rs.getLong(2), rs.getString(3), rs.getLong(4)));
                }
              }
              Map<ProcessOwner, Boolean> alive = new HashMap<>();
              List<String> marked = new ArrayList<>();
              long now = Instant.now().toEpochMilli();
              for (int i = 0; i < ids.size(); i++) {
                ProcessOwner o = owners.get(i);
                if (o.equals(owner) || alive.computeIfAbsent(o, ProcessOwner::isAlive)) {
                  continue;
                }
                String id = ids.get(i);
                long next = nextIndex(c, id);
                insertEvent(st, id, new RecordedEvent.Finished(next, Instant.ofEpochMilli(now)));
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE builds SET status = 'interrupted', finished_at = ?, message = ? WHERE id = ?")) {
                  ps.setLong(1, now);
                  ps.setString(
                      2,
                      "the Glassbox process that ran this build (" + o + ") ended without finishing it;"
                          + " its log is kept up to that point");
                  ps.setString(3, id);
                  ps.executeUpdate();
                }
                marked.add(id);
              }
              return marked;
            }),
        "mark builds of ended processes as interrupted");
  }

  /** Records that a kept sandbox was deleted. */
  public void markSandboxDeleted(String buildId, Instant at) throws HistoryException {
    await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps = c.prepareStatement("UPDATE builds SET sandbox_deleted_at = ? WHERE id = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, buildId);
                ps.executeUpdate();
              }
              return null;
            }),
        "record the deletion of the sandbox of build " + buildId);
  }

  /** Keeps {@code node} (and everything below it) alive through garbage collection. */
  public void addRoot(Node node, String label) throws HistoryException {
    Digest d = digestOf(node);
    String kind = node instanceof DirectoryNode ? "directory" : "file";
    await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO gc_roots (digest, kind, label, added_at) VALUES (?, ?, ?, ?)"
                          + " ON CONFLICT (digest, kind) DO UPDATE SET label = excluded.label, added_at = excluded.added_at")) {
                ps.setString(1, d.toString());
                ps.setString(2, kind);
                ps.setString(3, label);
                ps.setLong(4, Instant.now().toEpochMilli());
                ps.executeUpdate();
              }
              return null;
            }),
        "record a gc root");
  }

  /** Drops an explicit root; returns whether there was one. */
  public boolean removeRoot(Digest digest) throws HistoryException {
    return await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps = c.prepareStatement("DELETE FROM gc_roots WHERE digest = ?")) {
                ps.setString(1, digest.toString());
                return ps.executeUpdate() > 0;
              }
            }),
        "remove a gc root");
  }

  /** Waits until everything queued so far is committed (for tests and orderly shutdown). */
  public void flush() throws HistoryException {
    await(writer.submit((c, st) -> null), "flush the history");
  }

  // ---------------------------------------------------------------- reads

  /** The build with exactly this id. */
  public Optional<BuildRecord> find(String id) throws HistoryException {
    synchronized (reader) {
      try (PreparedStatement ps = reader.prepareStatement("SELECT * FROM builds WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(record(rs)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw readFailed("build " + id, e);
      }
    }
  }

  /**
   * Keeps the {@code config.json} a build's bundle was written with (replacing an earlier one of
   * the same build); the future completes once it is committed.
   */
  public CompletableFuture<Void> recordSandbox(SandboxConfig config) {
    return writer.submit(
        (c, st) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO build_sandboxes"
                      + " (build_id, bundle, config_json, written_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, config.buildId());
            ps.setString(2, config.bundle().toString());
            ps.setString(3, config.configJson());
            ps.setLong(4, config.writtenAt().toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** The {@code config.json} build {@code id} ran with; empty if it never wrote a bundle. */
  public Optional<SandboxConfig> sandboxConfig(String id) throws HistoryException {
    synchronized (reader) {
      try (PreparedStatement ps =
          reader.prepareStatement(
              "SELECT bundle, config_json, written_at FROM build_sandboxes WHERE build_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(
              new SandboxConfig(
                  id,
                  Path.of(rs.getString(1)),
                  rs.getString(2),
                  Instant.ofEpochMilli(rs.getLong(3))));
        }
      } catch (SQLException e) {
        throw readFailed("the sandbox of build " + id, e);
      }
    }
  }

  /** The build a user means by {@code idOrPrefix}: an exact id or a prefix matching exactly one. */
  public BuildRecord resolve(String idOrPrefix) throws HistoryException {
    String p = idOrPrefix.strip().toLowerCase(Locale.ROOT);
    if (!ID_PREFIX.matcher(p).matches()) {
      throw new UnknownBuildException(
          "'" + idOrPrefix + "' is not a build id; ids are hex digits, see 'glassbox history'");
    }
    List<String> ids = new ArrayList<>();
    synchronized (reader) {
      try (PreparedStatement ps = reader.prepareStatement("SELECT id FROM builds WHERE id GLOB ? ORDER BY id LIMIT 6")) {
        ps.setString(1, p + "*");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      } catch (SQLException e) {
        throw readFailed("builds starting with " + p, e);
      }
    }
    if (ids.contains(p)) {
      ids = List.of(p);
    }
    if (ids.isEmpty()) {
      throw new UnknownBuildException(
          "no build id starts with '" + p + "' in " + file + "; see 'glassbox history'");
    }
    if (ids.size() > 1) {
      throw new UnknownBuildException(
          "'" + p + "' is ambiguous: it starts " + (ids.size() > 5 ? "more than 5" : ids.size()) + " build ids ("
              + String.join(", ", ids.subList(0, Math.min(5, ids.size()))) + "); give more digits");
    }
    return find(ids.get(0)).orElseThrow(() -> new UnknownBuildException("build " + p + " vanished while it was read"));
  }

  /** The most recently submitted builds, newest first. */
  public List<BuildRecord> recent(int limit) throws HistoryException {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return query("SELECT * FROM builds ORDER BY submitted_at DESC, rowid DESC LIMIT " + limit, "recent builds");
  }

  /** Builds whose kept sandbox has not been deleted, newest first. */
  public List<BuildRecord> keptSandboxes() throws HistoryException {
    return query(
        "SELECT * FROM builds WHERE kept_sandbox IS NOT NULL AND sandbox_deleted_at IS NULL"
            + " ORDER BY submitted_at DESC, rowid DESC",
        "kept sandboxes");
  }

  /** Builds queued or running, oldest first. */
  public List<BuildRecord> active() throws HistoryException {
    return query(
        "SELECT * FROM builds WHERE status IN ('queued', 'running') ORDER BY submitted_at, rowid", "active builds");
  }

  /** Ids of builds owned by {@code owner} that another process asked to cancel. */
  public List<String> cancelRequests(ProcessOwner owner) throws HistoryException {
    List<String> ids = new ArrayList<>();
    synchronized (reader) {
      try (PreparedStatement ps =
          reader.prepareStatement(
              "SELECT id FROM builds WHERE cancel_requested = 1 AND status IN ('queued', 'running')"
                  + " AND owner_pid = ? AND owner_host = ?")) {
        ps.setLong(1, owner.pid());
        ps.setString(2, owner.host());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      } catch (SQLException e) {
        throw readFailed("cancel requests", e);
      }
    }
    return ids;
  }

  /**
   * Up to {@code max} events of a build from index {@code from} on, in order and without gaps;
   * fewer (possibly none) when the rest is not committed yet.
   */
  public List<RecordedEvent> events(String buildId, long from, int max) throws HistoryException {
    List<RecordedEvent> out = new ArrayList<>();
    synchronized (reader) {
      try {
        List<RecordedEvent> marks = new ArrayList<>();
        try (PreparedStatement ps =
            reader.prepareStatement(
                "SELECT idx, kind, at, phase, duration_ms FROM build_events WHERE build_id = ? AND idx >= ? ORDER BY idx LIMIT ?")) {
          ps.setString(1, buildId);
          ps.setLong(2, from);
          ps.setInt(3, max);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              marks.add(event(rs));
            }
          }
        }
        // The two queries may see different commits; a line is only taken when it directly follows
        // the previous event, so a newer commit can end the page early but never leave a gap.
        int mi = 0;
        long next = from;
        List<LogLine> chunk = List.of();
        long chunkFirst = 0;
        try (PreparedStatement ps =
            reader.prepareStatement(
                "SELECT first_index, first_seq, first_time, line_count, data FROM log_chunks"
                    + " WHERE build_id = ? AND last_index >= ? ORDER BY last_index LIMIT 1")) {
          while (out.size() < max) {
            if (mi < marks.size() && marks.get(mi).index() == next) {
              out.add(marks.get(mi++));
              next++;
              continue;
            }
            if (next >= chunkFirst && next < chunkFirst + chunk.size()) {
              out.add(new RecordedEvent.Log(next, chunk.get((int) (next - chunkFirst))));
              next++;
              continue;
            }
            ps.setString(1, buildId);
            ps.setLong(2, next);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || rs.getLong(1) > next) {
                break; // not committed yet
              }
              chunkFirst = rs.getLong(1);
              chunk = LogChunkCodec.decode(rs.getBytes(5), rs.getLong(2), rs.getLong(3), rs.getInt(4));
            }
          }
        }
      } catch (SQLException e) {
        throw readFailed("the events of build " + buildId, e);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- input access traces

  /**
   * Stores what a build did with its inputs (replacing an earlier trace of it); the future
   * completes once it is committed.
   */
  public CompletableFuture<Void> recordInputAccess(String buildId, InputAccess access) {
    String data = InputAccessCodec.encode(access);
    return writer.submit(
        (c, st) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO input_access (build_id, recorded_at, data)"
                      + " VALUES (?, ?, ?)")) {
            ps.setString(1, buildId);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, data);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /**
   * What a build did with its inputs; empty when it was not traced (tracing off, it never mounted
   * its inputs, or it ran before Glassbox traced inputs).
   */
  public Optional<InputAccess> inputAccess(String buildId) throws HistoryException {
    synchronized (reader) {
      try (PreparedStatement ps =
          reader.prepareStatement("SELECT data FROM input_access WHERE build_id = ?")) {
        ps.setString(1, buildId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(InputAccessCodec.decode(rs.getString(1)));
        }
      } catch (SQLException | IllegalArgumentException e) {
        throw readFailed("the input access trace of build " + buildId, e);
      }
    }
  }

  /**
   * The committed log lines of a build whose sequence numbers lie in {@code [fromSeq, toSeq]}, in
   * order: the lines around a moment of the build.
   */
  public List<LogLine> logLines(String buildId, long fromSeq, long toSeq) throws HistoryException {
    List<LogLine> out = new ArrayList<>();
    if (toSeq < fromSeq) {
      return out;
    }
    synchronized (reader) {
      // Chunks hold increasing seqs; walk back from the last chunk starting at or before toSeq
      // until one starts at or before fromSeq.
      try (PreparedStatement ps =
          reader.prepareStatement(
              "SELECT first_seq, first_time, line_count, data FROM log_chunks"
                  + " WHERE build_id = ? AND first_seq <= ? ORDER BY first_seq DESC")) {
        ps.setString(1, buildId);
        ps.setLong(2, toSeq);
        try (ResultSet rs = ps.executeQuery()) {
          List<List<LogLine>> chunks = new ArrayList<>();
          while (rs.next()) {
            long first = rs.getLong(1);
            chunks.add(LogChunkCodec.decode(rs.getBytes(4), first, rs.getLong(2), rs.getInt(3)));
            if (first <= fromSeq) {
              break;
            }
          }
          for (int i = chunks.size() - 1; i >= 0; i--) {
            for (LogLine l : chunks.get(i)) {
              if (l.seq() >= fromSeq && l.seq() <= toSeq) {
                out.add(l);
              }
            }
          }
        }
      } catch (SQLException e) {
        throw readFailed("the log of build " + buildId, e);
      }
    }
    return out;
  }

  /**
   * Calls {@code sink} with every node a recorded build refers to: the inputs of every request
   * and every output. Used by garbage collection, under its exclusive lock.
   */
  void forEachReferencedNode(Consumer<Node> sink) throws HistoryException {
    synchronized (reader) {
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT request_json, outputs_json FROM builds")) {
        while (rs.next()) {
          String request = rs.getString(1);
          if (request != null) {
            NodeCodec.digestsOf(NodeCodec.MAPPER.readTree(request).path("inputs"), sink);
          }
          String outputs = rs.getString(2);
          if (outputs != null) {
            NodeCodec.digestsOf(NodeCodec.MAPPER.readTree(outputs), sink);
          }
        }
        try (ResultSet roots = s.executeQuery("SELECT digest, kind FROM gc_roots")) {
          while (roots.next()) {
            Digest d = Digest.parse(roots.getString(1));
            sink.accept(roots.getString(2).equals("directory") ? new DirectoryNode(d, 0) : new FileNode(d, 0, false));
          }
        }
      } catch (SQLException | JsonProcessingException e) {
        throw readFailed("the references of recorded builds", e);
      }
    }
  }

  /** Explicit roots: digest, kind, label. */
  public List<GcRoot> roots() throws HistoryException {
    List<GcRoot> out = new ArrayList<>();
    synchronized (reader) {
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT digest, kind, label, added_at FROM gc_roots ORDER BY added_at")) {
        while (rs.next()) {
          out.add(new GcRoot(Digest.parse(rs.getString(1)), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
        }
      } catch (SQLException e) {
        throw readFailed("gc roots", e);
      }
    }
    return out;
  }

  /** Runs SQLite's own consistency check; returns its findings ("ok" when sound). */
  public List<String> integrityCheck() throws HistoryException {
    List<String> out = new ArrayList<>();
    synchronized (reader) {
      try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      } catch (SQLException e) {
        throw readFailed("the integrity check", e);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- paused builds

  /** Records that a build paused after a failed attempt (replacing an earlier pause of it). */
  public void markPaused(PausedBuild p) throws HistoryException {
    await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT OR REPLACE INTO paused_builds"
                          + " (build_id, paused_at, attempt, status, bundle, container, request)"
                          + " VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                ps.setString(1, p.buildId());
                ps.setLong(2, p.pausedAt().toEpochMilli());
                ps.setInt(3, p.attempt());
                ps.setInt(4, p.status());
                ps.setString(5, p.bundle().toString());
                ps.setString(6, p.container());
                ps.executeUpdate();
              }
              return null;
            }),
        "record that build " + p.buildId() + " paused");
  }

  /** Records that a build is no longer paused (resumed, stopped or ended). */
  public void clearPaused(String buildId) throws HistoryException {
    await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM paused_builds WHERE build_id = ?")) {
                ps.setString(1, buildId);
                ps.executeUpdate();
              }
              return null;
            }),
        "record that build " + buildId + " is no longer paused");
  }

  /**
   * Asks whichever process runs a paused build to resume or stop it (that process polls {@link
   * #pauseRequests}). Returns false when the build is not paused.
   */
  public boolean requestPaused(String buildId, PausedBuild.Request request)
      throws HistoryException {
    return await(
        writer.submit(
            (c, st) -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE paused_builds SET request = ? WHERE build_id = ? AND build_id IN"
                          + " (SELECT id FROM builds WHERE status = 'running')")) {
                ps.setString(1, request.label());
                ps.setString(2, buildId);
                return ps.executeUpdate() == 1;
              }
            }),
        "record the " + request.label() + " request of build " + buildId);
  }

  /** The pause of a build that is still running, if it is paused. */
  public Optional<PausedBuild> paused(String buildId) throws HistoryException {
    List<PausedBuild> found =
        pausedWhere(" AND p.build_id = ?", ps -> ps.setString(1, buildId), "build " + buildId);
    return found.stream().findFirst();
  }

  /** Builds paused now, by any process, oldest pause first. */
  public List<PausedBuild> pausedBuilds() throws HistoryException {
    return pausedWhere("", ps -> {}, "paused builds");
  }

  /** Paused builds of {@code owner} with a request from another process waiting. */
  public List<PausedBuild> pauseRequests(ProcessOwner owner) throws HistoryException {
    return pausedWhere(
        " AND p.request IS NOT NULL AND b.owner_pid = ? AND b.owner_host = ?",
        ps -> {
          ps.setLong(1, owner.pid());
          ps.setString(2, owner.host());
        },
        "pause requests");
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<PausedBuild> pausedWhere(String where, Binder binder, String what)
      throws HistoryException {
    List<PausedBuild> out = new ArrayList<>();
    synchronized (reader) {
      try (PreparedStatement ps =
          reader.prepareStatement(
              "SELECT p.* FROM paused_builds p JOIN builds b ON b.id = p.build_id"
                  + " WHERE b.status = 'running'" + where + " ORDER BY p.paused_at")) {
        binder.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String req = rs.getString("request");
            out.add(
                new PausedBuild(
                    rs.getString("build_id"),
                    Instant.ofEpochMilli(rs.getLong("paused_at")),
                    rs.getInt("attempt"),
                    rs.getInt("status"),
                    Path.of(rs.getString("bundle")),
                    rs.getString("container"),
                    req == null ? Optional.empty() : Optional.of(PausedBuild.Request.parse(req))));
          }
        }
      } catch (SQLException e) {
        throw readFailed(what, e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    writer.shutdown();
    closeQuietly(reader);
  }

  // ---------------------------------------------------------------- recorder

  /**
   * Appends one build's events in index order; thread-safe, never blocks in normal operation.
   * Log lines are kept as they are (their index follows from their position), so recording a line
   * allocates nothing.
   */
  public final class Recorder {
    private final String buildId;
    private ArrayList<Object> pending = new ArrayList<>();
    /** The index of the first indexed item in {@code pending}. */
    private long pendingStart = 1;
    /** The index the next event must have. */
    private long next = 1;
    private volatile long committed;

    private Recorder(String buildId) {
      this.buildId = buildId;
    }

    /** Everything below this index is committed to the database. */
    public long committedIndex() {
      return committed;
    }

    /** The build left the queue. */
    public void started(long index, Instant at) {
      add(index, new RecordedEvent.Started(index, at));
    }

    /** The request file was read and its host-path inputs imported; the future says it is durable. */
    public CompletableFuture<Void> resolved(String requestJson, String command) {
      Resolved r = new Resolved(requestJson, command, new CompletableFuture<>());
      add(-1, r);
      writer.wake();
      return r.done;
    }

    public void phaseStarted(long index, Phase phase, Instant at) {
      add(index, new RecordedEvent.PhaseStarted(index, phase, at));
    }

    public void phaseFinished(long index, PhaseTiming timing) {
      add(index, new RecordedEvent.PhaseFinished(index, timing));
    }

    public void log(long index, LogLine line) {
      add(index, line);
    }

    /**
     * The build ended: its last event and its outcome. The future completes when both are
     * committed; after that this recorder is retired.
     */
    public CompletableFuture<Void> finish(
        long index, Instant at, BuildOutcome outcome, Optional<Path> keptSandbox, Optional<RuntimeMode> mode) {
      Finish f = new Finish(index, at, outcome, keptSandbox, mode, new CompletableFuture<>());
      add(index, f);
      writer.wake();
      return f.done;
    }

    /** Adds an item; {@code index} is -1 for items that are not events. */
    private void add(long index, Object item) {
      int size;
      synchronized (this) {
        if (index >= 0) {
          if (index != next) {
            throw new IllegalStateException("build " + buildId + ": event " + index + " recorded where " + next + " was due");
          }
          next++;
        }
        pending.add(item);
        size = pending.size();
        while (size > BLOCK_PRODUCER_AT && !writer.stopped) {
          try {
            wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
          size = pending.size();
        }
      }
      if (size == WAKE_WRITER_AT) {
        writer.wake();
      }
    }

    synchronized Batch take() {
      if (pending.isEmpty()) {
        return null;
      }
      Batch b = new Batch(this, pendingStart, pending);
      pending = new ArrayList<>(Math.min(Math.max(16, b.items.size()), WAKE_WRITER_AT * 2));
      pendingStart = next;
      notifyAll();
      return b;
    }

    /** A failed commit gives its items back, ahead of anything added since. */
    synchronized void putBack(Batch b) {
      ArrayList<Object> all = new ArrayList<>(b.items.size() + pending.size());
      all.addAll(b.items);
      all.addAll(pending);
      pending = all;
      pendingStart = b.firstIndex;
    }
  }

  /** Items taken from a recorder; the first indexed one has {@code firstIndex}. */
  private record Batch(Recorder recorder, long firstIndex, List<Object> items) {}

  private record Resolved(String json, String command, CompletableFuture<Void> done) {}

  private record Finish(
      long index,
      Instant at,
      BuildOutcome outcome,
      Optional<Path> kept,
      Optional<RuntimeMode> mode,
      CompletableFuture<Void> done) {}

  // ---------------------------------------------------------------- writer thread

  /** Work done on the writer thread inside its transaction. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c, Statements st) throws SQLException, HistoryException;
  }

  private record Op(SqlWork<?> work, CompletableFuture<Object> done) {}

  /** The writer's prepared statements, made once. */
  private static final class Statements {
    final PreparedStatement insertBuild;
    final PreparedStatement insertEvent;
    final PreparedStatement insertChunk;
    final PreparedStatement started;
    final PreparedStatement resolved;
    final PreparedStatement finished;

    Statements(Connection c) throws SQLException {
      insertBuild =
          c.prepareStatement(
              "INSERT INTO builds (id, status, request_json, request_file, command, submitted_at, rebuild_of,"
                  + " keep, timeout_ms, owner_pid, owner_host, owner_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insertEvent =
          c.prepareStatement("INSERT INTO build_events (build_id, idx, kind, at, phase, duration_ms) VALUES (?, ?, ?, ?, ?, ?)");
      insertChunk =
          c.prepareStatement(
              "INSERT INTO log_chunks (build_id, first_index, last_index, first_seq, first_time, line_count, data)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)");
      started = c.prepareStatement("UPDATE builds SET status = 'running', started_at = ? WHERE id = ?");
      resolved = c.prepareStatement("UPDATE builds SET request_json = ?, command = ? WHERE id = ?");
      finished =
          c.prepareStatement(
              "UPDATE builds SET status = ?, finished_at = ?, exit_code = ?, signal = ?, message = ?, setup_step = ?,"
                  + " cancelled_phase = ?, outputs_json = ?, needles_json = ?, kept_sandbox = ?, runtime_mode = ?"
                  + " WHERE id = ?");
    }
  }

  private final class Writer implements Runnable {
    private final Connection c;
    private final Statements st;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final LogChunkCodec.Encoder encoder = new LogChunkCodec.Encoder();
    private volatile boolean closing;
    volatile boolean stopped;
    private int failures;

    Writer(Connection c) throws SQLException {
      this.c = c;
      this.st = new Statements(c);
      this.thread = new Thread(this, "glassbox-history-writer");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private static final Object WAKE = new Object();

    void wake() {
      queue.offer(WAKE);
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> submit(SqlWork<T> work) {
      CompletableFuture<Object> done = new CompletableFuture<>();
      if (stopped) {
        done.completeExceptionally(new HistoryException("the history " + file + " is closed"));
      } else {
        queue.offer(new Op(work, done));
      }
      return (CompletableFuture<T>) (CompletableFuture<?>) done;
    }

    @Override
    public void run() {
      List<Object> batch = new ArrayList<>();
      while (true) {
        try {
          Object first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
          if (first != null) {
            batch.add(first);
            queue.drainTo(batch);
          }
        } catch (InterruptedException e) {
          closing = true;
        }
        boolean wrote = cycle(batch);
        batch.clear();
        if (closing && !wrote && queue.isEmpty()) {
          break;
        }
        if (!wrote && failures > 0) {
          // A failing database (disk full, another process holding a long lock): retry, but slowly.
          sleepQuietly(Math.min(2_000, 50L * failures));
        }
      }
      stopped = true;
      for (Object o : queue) {
        if (o instanceof Op op) {
          op.done().completeExceptionally(new HistoryException("the history " + file + " was closed"));
        }
      }
      closeQuietly(c);
    }

    /** Applies queued operations, then every recorder's pending events; returns whether it did anything. */
    private boolean cycle(List<Object> items) {
      boolean did = false;
      for (Object o : items) {
        if (o instanceof Op op) {
          did = true;
          try {
            begin(c);
            Object result = op.work().run(c, st);
            commit(c);
            op.done().complete(result);
          } catch (SQLException | HistoryException | RuntimeException e) {
            rollbackQuietly();
            op.done().completeExceptionally(e instanceof HistoryException ? e : new HistoryException("cannot write to the build history " + file + ": " + e.getMessage(), e));
          }
        }
      }
      List<Batch> taken = new ArrayList<>();
      for (Recorder r : recorders.values()) {
        Batch b = r.take();
        if (b != null) {
          taken.add(b);
        }
      }
      if (taken.isEmpty()) {
        return did;
      }
      Map<Recorder, Long> maxIndex = new HashMap<>();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      List<Recorder> finished = new ArrayList<>();
      try {
        begin(c);
        for (Batch b : taken) {
          maxIndex.put(b.recorder(), write(b, done, finished));
        }
        commit(c);
        failures = 0;
      } catch (SQLException | HistoryException | RuntimeException e) {
        rollbackQuietly();
        failures++;
        LOG.warn("cannot write build events to {} (attempt {}): {}", file, failures, e.toString());
        if (failures >= 100) {
          // Give up on these events rather than retrying forever; the builds still finish.
          for (Batch b : taken) {
            for (Object o : b.items()) {
              if (o instanceof Finish f) {
                f.done().completeExceptionally(new HistoryException("cannot record a build in " + file + ": " + e.getMessage(), e));
              } else if (o instanceof Resolved r) {
                r.done().completeExceptionally(new HistoryException("cannot record a build in " + file + ": " + e.getMessage(), e));
              }
            }
          }
          failures = 0;
        } else {
          taken.forEach(b -> b.recorder().putBack(b));
        }
        return true;
      }
      maxIndex.forEach((r, max) -> r.committed = Math.max(r.committed, max + 1));
      for (Recorder r : finished) {
        recorders.remove(r.buildId, r);
      }
      done.forEach(f -> f.complete(null));
      return true;
    }

    /** Writes one recorder's items; log lines are packed into chunks. Returns the highest index. */
    private long write(Batch batch, List<CompletableFuture<Void>> done, List<Recorder> finished)
        throws SQLException, HistoryException {
      Recorder r = batch.recorder();
      long max = r.committed - 1;
      long index = batch.firstIndex();
      encoder.reset();
      for (Object o : batch.items()) {
        if (o instanceof LogLine line) {
          if (encoder.lines() > 0
              && (index != encoder.nextIndex()
                  || encoder.lines() >= CHUNK_MAX_LINES
                  || encoder.bytes() >= CHUNK_MAX_BYTES)) {
            flushChunk(r.buildId);
          }
          encoder.add(index, line);
          max = Math.max(max, index);
          index++;
          continue;
        }
        flushChunk(r.buildId);
        if (!(o instanceof Resolved)) {
          index++;
        }
        if (o instanceof RecordedEvent e) {
          insertEvent(st, r.buildId, e);
          max = Math.max(max, e.index());
          if (e instanceof RecordedEvent.Started s) {
            st.started.setLong(1, s.at().toEpochMilli());
            st.started.setString(2, r.buildId);
            st.started.executeUpdate();
          }
        } else if (o instanceof Resolved res) {
          st.resolved.setString(1, res.json());
          st.resolved.setString(2, res.command());
          st.resolved.setString(3, r.buildId);
          st.resolved.executeUpdate();
          done.add(res.done());
        } else if (o instanceof Finish f) {
          insertEvent(st, r.buildId, new RecordedEvent.Finished(f.index(), f.at()));
          max = Math.max(max, f.index());
          writeOutcome(r.buildId, f);
          done.add(f.done());
          finished.add(r);
        }
      }
      flushChunk(r.buildId);
      return max;
    }

    private void flushChunk(String buildId) throws SQLException {
      if (encoder.lines() == 0) {
        return;
      }
      PreparedStatement ps = st.insertChunk;
      ps.setString(1, buildId);
      ps.setLong(2, encoder.firstIndex());
      ps.setLong(3, encoder.nextIndex() - 1);
      ps.setLong(4, encoder.firstSeq());
      ps.setLong(5, encoder.firstMillis());
      ps.setInt(6, encoder.lines());
      ps.setBytes(7, encoder.toBytes());
      ps.executeUpdate();
      encoder.reset();
    }

    private void writeOutcome(String buildId, Finish f) throws SQLException {
      BuildOutcome o = f.outcome();
      PreparedStatement ps = st.finished;
      ps.setString(1, BuildStatus.of(o).label());
      ps.setLong(2, f.at().toEpochMilli());
      Integer exit = null;
      Integer signal = null;
      String message = messageOf(o);
      String step = null;
      String phase = null;
      String outputs = null;
      String needles = null;
      if (o instanceof BuildOutcome.Succeeded s) {
        exit = 0;
        outputs = NodeCodec.outputsToJson(s.outputs());
        needles = NodeCodec.needlesToJson(s.outputsNeedles());
      } else if (o instanceof BuildOutcome.Failed fl) {
        exit = fl.exitCode();
        signal = fl.signal();
      } else if (o instanceof BuildOutcome.SetupFailed sf) {
        step = sf.step().name();
      } else if (o instanceof BuildOutcome.Cancelled cn) {
        phase = cn.during() == null ? null : cn.during().name();
      }
      setNullable(ps, 3, exit);
      setNullable(ps, 4, signal);
      ps.setString(5, message);
      setNullable(ps, 6, step);
      setNullable(ps, 7, phase);
      setNullable(ps, 8, outputs);
      setNullable(ps, 9, needles);
      setNullable(ps, 10, f.kept().map(Path::toString).orElse(null));
      setNullable(ps, 11, f.mode().map(RuntimeMode::label).orElse(null));
      ps.setString(12, buildId);
      ps.executeUpdate();
    }

    private void rollbackQuietly() {
      try {
        rollback(c);
      } catch (SQLException e) {
        LOG.warn("rollback of a failed history write failed: {}", e.toString());
      }
    }

    void shutdown() {
      closing = true;
      wake();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn("the history writer did not finish within 30 s; the last events may be lost");
        thread.interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- row mapping

  /** The one-sentence message recorded with an outcome ("" for a success). */
  public static String messageOf(BuildOutcome o) {
    if (o instanceof BuildOutcome.Failed f) {
      return f.reason();
    }
    if (o instanceof BuildOutcome.SetupFailed sf) {
      return sf.message();
    }
    if (o instanceof BuildOutcome.Cancelled cn) {
      return cn.during() == null ? "cancelled while queued" : "cancelled during " + cn.during().label();
    }
    if (o instanceof BuildOutcome.TimedOut t) {
      return "the command ran longer than its limit of " + t.limit().toSeconds() + " s and was killed";
    }
    return "";
  }

  private static void insertEvent(Statements st, String buildId, RecordedEvent e) throws SQLException {
    PreparedStatement ps = st.insertEvent;
    ps.setString(1, buildId);
    ps.setLong(2, e.index());
    String kind;
    long at;
    String phase = null;
    Long duration = null;
    if (e instanceof RecordedEvent.Queued q) {
      kind = "queued";
      at = q.at().toEpochMilli();
    } else if (e instanceof RecordedEvent.Started s) {
      kind = "started";
      at = s.at().toEpochMilli();
    } else if (e instanceof RecordedEvent.PhaseStarted p) {
      kind = "phase-started";
      at = p.at().toEpochMilli();
      phase = p.phase().name();
    } else if (e instanceof RecordedEvent.PhaseFinished p) {
      kind = "phase-finished";
      at = p.timing().start().toEpochMilli();
      phase = p.timing().phase().name();
      duration = p.timing().durationMillis();
    } else if (e instanceof RecordedEvent.Finished f) {
      kind = "finished";
      at = f.at().toEpochMilli();
    } else {
      throw new IllegalArgumentException("log lines are stored in chunks, not as events");
    }
    ps.setString(3, kind);
    ps.setLong(4, at);
    setNullable(ps, 5, phase);
    setNullable(ps, 6, duration);
    ps.executeUpdate();
  }

  private static RecordedEvent event(ResultSet rs) throws SQLException, HistoryException {
    long idx = rs.getLong(1);
    String kind = rs.getString(2);
    Instant at = Instant.ofEpochMilli(rs.getLong(3));
    switch (kind) {
      case "queued":
        return new RecordedEvent.Queued(idx, at);
      case "started":
        return new RecordedEvent.Started(idx, at);
      case "phase-started":
        return new RecordedEvent.PhaseStarted(idx, phase(rs.getString(4)), at);
      case "phase-finished":
        return new RecordedEvent.PhaseFinished(idx, new PhaseTiming(phase(rs.getString(4)), at, rs.getLong(5)));
      case "finished":
        return new RecordedEvent.Finished(idx, at);
      default:
        throw new HistoryException("the history has an event of unknown kind '" + kind + "'; was it written by a newer Glassbox?");
    }
  }

  private static Phase phase(String name) throws HistoryException {
    try {
      return Phase.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new HistoryException("the history names an unknown phase '" + name + "'", e);
    }
  }

  private static long nextIndex(Connection c, String id) throws SQLException {
    long next = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT max((SELECT coalesce(max(idx), -1) FROM build_events WHERE build_id = ?),"
                + " (SELECT coalesce(max(last_index), -1) FROM log_chunks WHERE build_id = ?))")) {
      ps.setString(1, id);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          next = rs.getLong(1) + 1;
        }
      }
    }
    return next;
  }

  private List<BuildRecord> query(String sql, String what) throws HistoryException {
    List<BuildRecord> out = new ArrayList<>();
    synchronized (reader) {
      try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          out.add(record(rs));
        }
      } catch (SQLException e) {
        throw readFailed(what, e);
      }
    }
    return out;
  }

  /** Maps a {@code builds} row (reader lock held). */
  private BuildRecord record(ResultSet rs) throws SQLException, HistoryException {
    String id = rs.getString("id");
    BuildStatus status;
    try {
      status = BuildStatus.parse(rs.getString("status"));
    } catch (IllegalArgumentException e) {
      throw new HistoryException("build " + id + ": " + e.getMessage(), e);
    }
    List<PhaseTiming> phases = new ArrayList<>();
    try (PreparedStatement ps =
        reader.prepareStatement(
            "SELECT phase, at, duration_ms FROM build_events WHERE build_id = ? AND kind = 'phase-finished' ORDER BY idx")) {
      ps.setString(1, id);
      try (ResultSet p = ps.executeQuery()) {
        while (p.next()) {
          phases.add(new PhaseTiming(phase(p.getString(1)), Instant.ofEpochMilli(p.getLong(2)), p.getLong(3)));
        }
      }
    }
    Duration timeout = Duration.ofMillis(rs.getLong("timeout_ms"));
    String message = rs.getString("message");
    Optional<BuildOutcome> outcome = outcome(rs, status, message, timeout);
    return new BuildRecord(
        id,
        status,
        Optional.ofNullable(rs.getString("request_json")),
        Optional.ofNullable(rs.getString("request_file")).map(Path::of),
        rs.getString("command"),
        Instant.ofEpochMilli(rs.getLong("submitted_at")),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        phases,
        outcome,
        message,
        Optional.ofNullable(rs.getString("rebuild_of")),
        KeepSandbox.valueOf(rs.getString("keep").toUpperCase(Locale.ROOT)),
        timeout,
        Optional.ofNullable(rs.getString("kept_sandbox")).map(Path::of),
        instant(rs, "sandbox_deleted_at"),
        Optional.ofNullable(rs.getString("runtime_mode")).map(History::mode),
        new ProcessOwner(rs.getLong("owner_pid"), rs.getString("owner_host"), rs.getLong("owner_start")),
        rs.getInt("cancel_requested") != 0);
  }

  private static Optional<BuildOutcome> outcome(ResultSet rs, BuildStatus status, String message, Duration timeout)
      throws SQLException, HistoryException {
    switch (status) {
      case SUCCEEDED:
        return Optional.of(
            new BuildOutcome.Succeeded(
                NodeCodec.outputsFromJson(rs.getString("outputs_json")), NodeCodec.needlesFromJson(rs.getString("needles_json"))));
      case FAILED:
        return Optional.of(new BuildOutcome.Failed(integer(rs, "exit_code"), integer(rs, "signal"), message));
      case SETUP_FAILED:
        try {
          return Optional.of(new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.valueOf(rs.getString("setup_step")), message));
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new HistoryException("a recorded setup failure names an unknown step '" + rs.getString("setup_step") + "'", e);
        }
      case CANCELLED:
        String phase = rs.getString("cancelled_phase");
        return Optional.of(new BuildOutcome.Cancelled(phase == null ? null : phase(phase)));
      case TIMED_OUT:
        return Optional.of(new BuildOutcome.TimedOut(timeout));
      default:
        return Optional.empty();
    }
  }

  private static RuntimeMode mode(String label) {
    for (RuntimeMode m : RuntimeMode.values()) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown runtime mode '" + label + "'");
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static Digest digestOf(Node node) {
    if (node instanceof FileNode f) {
      return f.digest();
    }
    if (node instanceof DirectoryNode d) {
      return d.digest();
    }
    throw new IllegalArgumentException("a symlink has no digest to keep alive");
  }

  private static void setNullable(PreparedStatement ps, int i, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.NULL);
    } else if (v instanceof String s) {
      ps.setString(i, s);
    } else if (v instanceof Integer n) {
      ps.setInt(i, n);
    } else if (v instanceof Long n) {
      ps.setLong(i, n);
    } else {
      throw new IllegalArgumentException("unsupported column value " + v.getClass());
    }
  }

  private HistoryException readFailed(String what, Exception e) {
    return new HistoryException(
        "cannot read " + what + " from the build history " + file + ": " + e.getMessage()
            + "; if it is damaged, move it away (Glassbox starts a new one)",
        e);
  }

  private static <T> T await(CompletableFuture<T> f, String what) throws HistoryException {
    try {
      return f.get(2L * BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HistoryException h) {
        throw h;
      }
      throw new HistoryException("cannot " + what + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new HistoryException(
          "cannot " + what + ": the history database stayed locked for a minute; is another Glassbox stuck?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HistoryException("interrupted while waiting to " + what, e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing a history connection: {}", e.toString());
      }
    }
  }
}
