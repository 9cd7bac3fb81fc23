package dev.glassbox.sandbox;

/** The steps of one build, in the order they run. */
public enum Phase {
  VALIDATE("validate"),
  IMPORT_INPUTS("import host-path inputs"),
  WRITE_BUNDLE("write bundle"),
  MOUNT_INPUTS("mount inputs"),
  START_CONTAINER("start container"),
  RUN("run"),
  /**
   * The command failed and the build was run with pause-on-failure: its container stays alive
   * as the command left it until somebody resumes or stops it.
   */
  PAUSED("paused after failure"),
  INGEST_OUTPUTS("ingest outputs"),
  CLEAN_UP("clean up");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /** Lower-case words for people and JSON. */
  public String label() {
    return label;
  }
}
