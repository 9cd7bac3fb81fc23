package dev.glassbox.sandbox;

/** Whether the bundle stays on disk (unmounted) after the build, for inspection. */
public enum KeepSandbox {
  NEVER,
  ON_FAILURE,
  ALWAYS;

  boolean keeps(BuildOutcome outcome) {
    return this == ALWAYS || (this == ON_FAILURE && !(outcome instanceof BuildOutcome.Succeeded));
  }
}
