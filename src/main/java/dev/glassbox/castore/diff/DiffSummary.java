package dev.glassbox.castore.diff;

/**
 * The counts of one comparison.
 *
 * @param added entries only on the right (an added directory counts once)
 * @param removed entries only on the left (a removed directory counts once)
 * @param changed files whose contents differ
 * @param typeChanged entries that became another kind (file, directory, symlink)
 * @param executableChanged files whose exec bit alone differs
 * @param targetChanged symlinks pointing elsewhere
 * @param unchangedEntries entries known identical, counting everything inside collapsed directories
 * @param entriesInAdded entries inside added directories (not counted in {@code added})
 * @param entriesInRemoved entries inside removed directories
 * @param ignored entries skipped by an ignore glob (a skipped directory counts once)
 * @param directoriesRead directories the comparison had to read from the store
 */
public record DiffSummary(
    long added,
    long removed,
    long changed,
    long typeChanged,
    long executableChanged,
    long targetChanged,
    long unchangedEntries,
    long entriesInAdded,
    long entriesInRemoved,
    long ignored,
    long directoriesRead) {

  /** How many paths differ: every change, an added or removed directory counting once. */
  public long differences() {
    return added + removed + changed + typeChanged + executableChanged + targetChanged;
  }

  public boolean identical() {
    return differences() == 0;
  }

  /** One line: {@code 2 changed, 1 added (3 entries inside), 40 unchanged}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    part(b, changed, "changed");
    part(b, added, "added");
    if (entriesInAdded > 0) {
      b.append(" (").append(entriesInAdded).append(" entries inside)");
    }
    part(b, removed, "removed");
    if (entriesInRemoved > 0) {
      b.append(" (").append(entriesInRemoved).append(" entries inside)");
    }
    part(b, typeChanged, "type changed");
    part(b, executableChanged, "exec bit changed");
    part(b, targetChanged, "symlink target changed");
    part(b, unchangedEntries, "unchanged");
    part(b, ignored, "ignored");
    return b.length() == 0 ? "nothing to compare" : b.toString();
  }

  /** The reproducibility verdict: {@code outputs identical} or {@code 2 files differ}. */
  public String verdict() {
    long n = differences();
    if (n == 0) {
      return "reproducible: outputs identical";
    }
    return "not reproducible: " + n + (n == 1 ? " file differs" : " files differ");
  }

  private static void part(StringBuilder b, long n, String what) {
    if (n == 0) {
      return;
    }
    if (b.length() > 0) {
      b.append(", ");
    }
    b.append(n).append(' ').append(what);
  }
}
