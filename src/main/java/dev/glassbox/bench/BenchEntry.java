package dev.glassbox.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One benchmark of the suite: its name (as in {@code glassbox bench NAME}), what it compares, what
 * it needs from the machine, and how to run it.
 *
 * @param name short name, lower case
 * @param description one line for the help text and the report
 * @param unmet why it cannot run here (not root, no display, a tool missing), empty when it can
 * @param runner measures and returns its lines of the table
 */
public record BenchEntry(
    String name, String description, Supplier<Optional<String>> unmet, Runner runner) {
  public BenchEntry {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "a benchmark name is lower-case letters, digits and '-': " + name);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(unmet, "unmet");
    Objects.requireNonNull(runner, "runner");
  }

  /** Runs one benchmark. */
  @FunctionalInterface
  public interface Runner {
    /**
     * @param size how big the workload is
     * @param workDir a scratch folder of its own (created, emptied afterwards)
     * @param log where progress and details go
     */
    List<Measurement> run(BenchSize size, Path workDir, PrintStream log) throws Exception;
  }
}
