package dev.glassbox.browse;

/**
 * Per-path marks shown next to a browsed tree, keyed by the path as the build saw it inside its
 * sandbox (for example {@code /nix/store/src/build.sh}). The input-access tracing fills these in; a
 * browser without such data uses {@link #NONE} and shows no mark column.
 */
public interface PathMarks {

  /** What is known about one path. */
  enum Mark {
    /** The build read, opened or executed it (or, for a directory, something inside it). */
    READ("read"),
    /** The build looked it up (stat'ed it, walked through it) but read nothing of it. */
    LOOKED_UP_ONLY("looked up only"),
    /** The build never touched it. */
    NOT_READ("not read"),
    /** The build looked it up and it was not there. */
    MISSING("missing"),
    /** Nothing was recorded about it. */
    UNKNOWN("");

    private final String label;

    Mark(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The mark of {@code sandboxPath}; never null. Called on the UI thread: must be quick. */
  Mark markOf(String sandboxPath);

  /** Whether there is anything to show at all. */
  default boolean available() {
    return true;
  }

  /** No data: every path is {@link Mark#UNKNOWN} and no column is shown. */
  PathMarks NONE =
      new PathMarks() {
        @Override
        public Mark markOf(String sandboxPath) {
          return Mark.UNKNOWN;
        }

        @Override
        public boolean available() {
          return false;
        }
      };
}
