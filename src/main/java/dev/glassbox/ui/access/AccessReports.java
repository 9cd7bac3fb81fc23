package dev.glassbox.ui.access;

import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.sandbox.access.AccessReport;
import dev.glassbox.sandbox.access.InputAccess;
import java.util.Optional;

/** Builds a report from the history; blocking, so call it off the FX thread. */
public final class AccessReports {
  private AccessReports() {}

  /** What loading a build's report found. */
  public sealed interface Loaded {}

  /** The build's report. */
  public record Found(BuildRecord record, AccessReport report) implements Loaded {}

  /** The build has no trace; {@code why} is a sentence for the user. */
  public record NoTrace(String why) implements Loaded {}

  /**
   * Loads the report of build {@code id}.
   *
   * @throws HistoryException when the history cannot be read
   */
  public static Loaded load(History history, String id) throws Exception {
    Optional<BuildRecord> r = history.find(id);
    if (r.isEmpty()) {
      return new NoTrace("The build " + id + " is not in the history.");
    }
    BuildRecord record = r.get();
    Optional<InputAccess> access = history.inputAccess(id);
    if (access.isEmpty()) {
      return new NoTrace(
          record.status().isFinal()
              ? "This build has no input access trace: it never mounted its inputs, ran with"
                  + " tracing off, or ran before Glassbox traced inputs. Rebuild it to trace it."
              : "The input access report appears when the build has finished.");
    }
    AccessReport report =
        AccessReport.of(
            record.requestJson().orElse("{}"),
            access.get(),
            (from, to) -> history.logLines(id, from, to));
    return new Found(record, report);
  }
}
