package dev.glassbox.terminal.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finding a program the way a shell does, so a missing one is reported before anything runs. */
final class Executables {
  private Executables() {}

  /** {@code program} itself when it names a path, else the first match on {@code path}. */
  static Optional<Path> find(String program, String path, Path workingDirectory) {
    if (program.contains("/")) {
      Path p = workingDirectory.resolve(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir).resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
