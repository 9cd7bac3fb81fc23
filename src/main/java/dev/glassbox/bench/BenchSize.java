package dev.glassbox.bench;

/** How big the suite's workloads are. */
public enum BenchSize {
  /** Small workloads for a CI smoke run: every benchmark runs, the numbers are rough. */
  QUICK,
  /** The sizes the targets are stated for (a 1 GiB tree, a million log lines, …). */
  FULL;

  /** {@code full} when this size is FULL, else {@code quick}. */
  public <T> T pick(T quick, T full) {
    return this == FULL ? full : quick;
  }
}
