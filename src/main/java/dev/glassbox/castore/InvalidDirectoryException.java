package dev.glassbox.castore;

/**
 * A directory that breaks a rule of engine-spec §1.5 (named after tvix's error kinds so tests can
 * compare them with the vectors).
 */
public final class InvalidDirectoryException extends CastoreException {
  private static final long serialVersionUID = 1L;

  /** tvix's {@code DirectoryError} variants. */
  public enum Kind {
    INVALID_NAME("InvalidName"),
    INVALID_NODE("InvalidNode"),
    DUPLICATE_NAME("DuplicateName"),
    WRONG_SORTING("WrongSorting"),
    SIZE_OVERFLOW("SizeOverflow"),
    MALFORMED("Malformed");

    private final String tvixName;

    Kind(String tvixName) {
      this.tvixName = tvixName;
    }

    public String tvixName() {
      return tvixName;
    }
  }

  private final Kind kind;
  private final String detail;

  public InvalidDirectoryException(Kind kind, String detail, String message) {
    super(message);
    this.kind = kind;
    this.detail = detail;
  }

  public Kind kind() {
    return kind;
  }

  /** tvix's detail text: the name, or the inner error kind such as {@code InvalidDigestLen(2)}. */
  public String detail() {
    return detail;
  }
}
