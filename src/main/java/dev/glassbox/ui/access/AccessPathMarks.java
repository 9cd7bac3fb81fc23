package dev.glassbox.ui.access;

import dev.glassbox.browse.PathMarks;
import dev.glassbox.history.History;
import dev.glassbox.sandbox.access.AccessMark;
import dev.glassbox.sandbox.access.AccessReport;

/**
 * The input-access trace of a build as marks on the Inputs tree: read, looked up only, not read,
 * missing. Loaded off the FX thread; a build without a trace (still running, traced off, too old)
 * gives {@link PathMarks#NONE}, so the tree simply shows no mark column.
 */
public final class AccessPathMarks implements PathMarks {
  private final AccessReport report;

  private AccessPathMarks(AccessReport report) {
    this.report = report;
  }

  /** The marks of build {@code id}; blocks on the history, so call it off the FX thread. */
  public static PathMarks load(History history, String id) {
    try {
      return AccessReports.load(history, id) instanceof AccessReports.Found f
          ? new AccessPathMarks(f.report())
          : PathMarks.NONE;
    } catch (Exception e) {
      return PathMarks.NONE; // marks decorate the tree; a history problem shows in the Access tab
    }
  }

  @Override
  public Mark markOf(String sandboxPath) {
    return of(report.mark(sandboxPath));
  }

  static Mark of(AccessMark m) {
    return switch (m) {
      case READ -> Mark.READ;
      case LOOKED_UP_ONLY -> Mark.LOOKED_UP_ONLY;
      case NOT_READ -> Mark.NOT_READ;
      case MISSING -> Mark.MISSING;
      case NOT_TRACED -> Mark.UNKNOWN;
    };
  }
}
