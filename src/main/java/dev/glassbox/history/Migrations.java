package dev.glassbox.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history's schema, as ordered migration steps. A database records the last step applied in
 * {@code schema_version}; opening it applies the missing steps in one transaction, so two processes
 * opening an old database at once upgrade it exactly once. Steps are never edited once released:
 * a change is a new step.
 */
final class Migrations {
  /** One step: its version and the statements that bring the previous version to it. */
  record Step(int version, String description, List<String> statements) {}

  static final List<Step> STEPS =
      List.of(
          new Step(
              1,
              "builds, their events and their logs",
              List.of(
                  """
                  CREATE TABLE builds (
                    id            TEXT PRIMARY KEY,
                    status        TEXT NOT NULL,
                    request_json  TEXT,
                    request_file  TEXT,
                    command       TEXT NOT NULL,
                    submitted_at  INTEGER NOT NULL,
                    started_at    INTEGER,
                    finished_at   INTEGER,
                    exit_code     INTEGER,
                    signal        INTEGER,
                    message       TEXT NOT NULL DEFAULT '',
                    setup_step    TEXT,
                    cancelled_phase TEXT,
                    outputs_json  TEXT,
                    needles_json  TEXT,
                    rebuild_of    TEXT REFERENCES builds(id),
                    keep          TEXT NOT NULL,
                    timeout_ms    INTEGER NOT NULL,
                    kept_sandbox  TEXT,
                    runtime_mode  TEXT,
                    owner_pid     INTEGER NOT NULL,
                    owner_host    TEXT NOT NULL,
                    owner_start   INTEGER NOT NULL
                  )""",
                  "CREATE INDEX builds_by_time ON builds(submitted_at)",
                  "CREATE INDEX builds_by_status ON builds(status)",
                  // Phase and lifecycle events; log lines live in log_chunks and share the index space.
                  """
                  CREATE TABLE build_events (
                    build_id    TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
                    idx         INTEGER NOT NULL,
                    kind        TEXT NOT NULL,
                    at          INTEGER NOT NULL,
                    phase       TEXT,
                    duration_ms INTEGER,
                    PRIMARY KEY (build_id, idx)
                  ) WITHOUT ROWID""",
                  """
                  CREATE TABLE log_chunks (
                    build_id    TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
                    first_index INTEGER NOT NULL,
                    last_index  INTEGER NOT NULL,
                    first_seq   INTEGER NOT NULL,
                    first_time  INTEGER NOT NULL,
                    line_count  INTEGER NOT NULL,
                    data        BLOB NOT NULL
                  )""",
                  "CREATE UNIQUE INDEX log_chunks_by_build ON log_chunks(build_id, last_index)")),
          new Step(
              2,
              "cancel requests from other processes, deleted sandboxes and explicit gc roots",
              List.of(
                  "ALTER TABLE builds ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0",
                  "ALTER TABLE builds ADD COLUMN sandbox_deleted_at INTEGER",
                  """
                  CREATE TABLE gc_roots (
                    digest   TEXT NOT NULL,
                    kind     TEXT NOT NULL,
                    label    TEXT NOT NULL,
                    added_at INTEGER NOT NULL,
                    PRIMARY KEY (digest, kind)
                  )""")),
          new Step(
              3,
              "input access traces: what each build read of its inputs",
              List.of(
                  // One row per traced build; data is InputAccessCodec's compact JSON.
                  """
                  CREATE TABLE input_access (
                    build_id    TEXT PRIMARY KEY REFERENCES builds(id) ON DELETE CASCADE,
                    recorded_at INTEGER NOT NULL,
                    data        TEXT NOT NULL
                  ) WITHOUT ROWID""")),
          new Step(
              4,
              "each build's config.json and bundle path, for explaining its sandbox afterwards",
              List.of(
                  """
                  CREATE TABLE build_sandboxes (
                    build_id    TEXT PRIMARY KEY REFERENCES builds(id) ON DELETE CASCADE,
                    bundle      TEXT NOT NULL,
                    config_json TEXT NOT NULL,
                    written_at  INTEGER NOT NULL
                  )""")),
          new Step(
              5,
              "builds paused after a failure, and resume/stop requests from other processes",
              List.of(
                  """
                  CREATE TABLE paused_builds (
                    build_id   TEXT PRIMARY KEY REFERENCES builds(id) ON DELETE CASCADE,
                    paused_at  INTEGER NOT NULL,
                    attempt    INTEGER NOT NULL,
                    status     INTEGER NOT NULL,
                    bundle     TEXT NOT NULL,
                    container  TEXT NOT NULL,
                    request    TEXT
                  )""")));

  static final int LATEST = STEPS.get(STEPS.size() - 1).version();

  private Migrations() {}

  /**
   * Brings the database to {@code target} (tests pass an older version to make an old database).
   * The version is read and the steps applied in one IMMEDIATE transaction, so they are one atomic
   * unit against other processes opening the same database.
   *
   * @return the version before migrating
   */
  static int migrate(Connection c, int target) throws SQLException, HistoryException {
    History.begin(c);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int current = 0;
      try (ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
        if (rs.next()) {
          current = rs.getInt(1);
        }
      }
      if (current > LATEST) {
        History.rollback(c);
        throw new HistoryException(
            "the history database was written by a newer Glassbox (schema version "
                + current
                + ", this Glassbox knows up to "
                + LATEST
                + "); run a newer Glassbox on this store");
      }
      for (Step step : STEPS) {
        if (step.version() > current && step.version() <= target) {
          for (String sql : step.statements()) {
            s.execute(sql);
          }
          s.execute("DELETE FROM schema_version");
          s.execute("INSERT INTO schema_version (version) VALUES (" + step.version() + ")");
        }
      }
      History.commit(c);
      return current;
    } catch (SQLException e) {
      History.rollback(c);
      throw e;
    }
  }

  /** The version a database is at (0 for an empty one). */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
      rs.next();
      if (rs.getInt(1) == 0) {
        return 0;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
