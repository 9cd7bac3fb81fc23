package dev.glassbox.castore;

/** A symlink target that breaks a rule of engine-spec §1.5.3. */
public final class InvalidSymlinkTargetException extends CastoreException {
  private static final long serialVersionUID = 1L;
  private final SymlinkTarget.Problem problem;

  public InvalidSymlinkTargetException(byte[] target, SymlinkTarget.Problem problem) {
    super("the symlink target '" + ByteString.display(target) + "' " + problem.sentence());
    this.problem = problem;
  }

  public SymlinkTarget.Problem problem() {
    return problem;
  }
}
