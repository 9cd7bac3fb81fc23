package dev.glassbox.castore;

/** A stored blob or directory whose contents no longer hash to the digest it is stored under. */
public final class CorruptEntryException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final Digest expected;

  public CorruptEntryException(String kind, Digest expected, String problem) {
    super(
        "the stored "
            + kind
            + " "
            + expected
            + " is corrupt ("
            + problem
            + "); run 'glassbox verify' to list damaged entries, then re-import the data that"
            + " produced it");
    this.expected = expected;
  }

  public Digest expected() {
    return expected;
  }
}
