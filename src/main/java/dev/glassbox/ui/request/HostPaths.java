package dev.glassbox.ui.request;

import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Host-path inputs: resolving them as the request reader does (relative to the request file's
 * folder), writing new ones in the form a request file should keep, and naming them.
 */
final class HostPaths {
  private HostPaths() {}

  /** A resolved path, or the sentence saying why there is none. */
  record Resolved(Path path, String problem) {}

  /** Resolves {@code text} like {@code RequestReader}: relative to {@code baseDir}, normalized. */
  static Resolved resolve(String text, Path baseDir) {
    if (text.isBlank()) {
      return new Resolved(null, "give the host path of the file or folder to import");
    }
    Path p;
    try {
      p = Path.of(text);
    } catch (InvalidPathException e) {
      return new Resolved(null, "'" + text + "' is not a valid host path: " + e.getReason());
    }
    if (p.isAbsolute()) {
      return new Resolved(p.normalize(), null);
    }
    if (baseDir == null) {
      return new Resolved(
          null,
          "'"
              + text
              + "' is relative, but the request is not saved yet, so there is no folder to resolve it"
              + " in; save the request first or give an absolute path");
    }
    return new Resolved(baseDir.resolve(p).normalize(), null);
  }

  /**
   * How a request file in {@code baseDir} should refer to {@code host}: relative when it lies
   * inside that folder (so the folder can be moved or shared as a whole), absolute otherwise.
   */
  static String forRequest(Path host, Path baseDir) {
    Path abs = host.toAbsolutePath().normalize();
    if (baseDir != null) {
      Path base = baseDir.toAbsolutePath().normalize();
      if (abs.startsWith(base) && !abs.equals(base)) {
        return base.relativize(abs).toString();
      }
    }
    return abs.toString();
  }

  /** A valid input name for a host path: its file name, or a stand-in for names that cannot be one. */
  static String inputName(Path host) {
    Path name = host.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      return "root";
    }
    String n = name.toString();
    if (n.isEmpty() || n.equals(".") || n.equals("..")) {
      return "input";
    }
    return n;
  }

  /** {@code base}, or {@code base-2}, {@code base-3}… whichever is not taken yet. */
  static String uniqueName(String base, Collection<String> taken) {
    if (!taken.contains(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String candidate = base + "-" + i;
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }

  /**
   * The inputs with every relative host path rewritten for a request file in {@code newBase}, so
   * that "save as" into another folder keeps pointing at the same files.
   */
  static List<InputEntry> rebase(List<InputEntry> inputs, Path oldBase, Path newBase) {
    List<InputEntry> out = new ArrayList<>();
    for (InputEntry e : inputs) {
      if (e.source() instanceof HostInput h) {
        Resolved r = resolve(h.path(), oldBase);
        if (r.path() != null && !Path.of(h.path()).isAbsolute()) {
          out.add(new InputEntry(e.name(), new HostInput(forRequest(r.path(), newBase))));
          continue;
        }
      }
      out.add(e);
    }
    return out;
  }

  /** The inputs with every host path that resolves made absolute, for a request without a folder. */
  static List<InputEntry> absolute(List<InputEntry> inputs, Path baseDir) {
    List<InputEntry> out = new ArrayList<>();
    for (InputEntry e : inputs) {
      if (e.source() instanceof HostInput h) {
        Resolved r = resolve(h.path(), baseDir);
        if (r.path() != null) {
          out.add(new InputEntry(e.name(), new HostInput(r.path().toString())));
          continue;
        }
      }
      out.add(e);
    }
    return out;
  }
}
