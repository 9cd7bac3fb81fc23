package dev.glassbox.castore;

/** A name that is not a valid path component. */
public final class InvalidNameException extends CastoreException {
  private static final long serialVersionUID = 1L;
  private final transient byte[] name;
  private final PathComponent.Problem problem;

  public InvalidNameException(byte[] name, PathComponent.Problem problem) {
    super("the name '" + ByteString.display(name) + "' " + problem.sentence());
    this.name = name.clone();
    this.problem = problem;
  }

  public byte[] name() {
    return name.clone();
  }

  public PathComponent.Problem problem() {
    return problem;
  }
}
