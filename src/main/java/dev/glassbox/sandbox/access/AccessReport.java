package dev.glassbox.sandbox.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.sandbox.LogLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a build did with its inputs, for people: each input read or not ("3 of 12 inputs were never
 * read"), the names it looked for inside its inputs that were not there, each with the log lines
 * printed around that moment, and a {@link #mark} for any sandbox path.
 */
public final class AccessReport {
  /** Lines shown before and after the moment of a failed lookup. */
  public static final int CONTEXT_BEFORE = 4;

  public static final int CONTEXT_AFTER = 3;

  /** Failed lookups that get log context; the rest are listed without it. */
  static final int MAX_WITH_CONTEXT = 200;

  /** What an input is. */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One input as the request names it. */
  public record Input(String name, Kind kind) {
    public Input {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * How one input was used.
   *
   * @param filesRead files inside it (or itself) that were opened or read
   * @param executed files inside it (or itself) that were run
   */
  public record InputUse(
      Input input, AccessMark mark, long filesRead, long bytesRead, long executed) {}

  /**
   * A name the build looked for and did not find.
   *
   * @param sandboxPath where the build looked, as it sees it ({@code /nix/store/gcc/lib/libfoo.so})
   * @param inputExists whether the first component names an input (else a whole input is missing)
   * @param context the log lines around that moment, in order (empty when the log has none)
   */
  public record Missing(
      FailedLookup lookup, String sandboxPath, boolean inputExists, List<LogLine> context) {
    public Missing {
      context = List.copyOf(context);
    }

    /** One sentence: "tried to open `gcc/lib/libfoo.so`: not in the input gcc". */
    public String describe() {
      String tries = lookup.attempts() == 1 ? "" : " (" + lookup.attempts() + " times)";
      if (!inputExists) {
        return "looked for the input `" + lookup.input() + "`" + tries + ": no input has that name";
      }
      return "tried to open `"
          + lookup.path().substring(1)
          + "`"
          + tries
          + ": not in the input "
          + lookup.input();
    }
  }

  /** Fetches stored log lines by sequence number, inclusive; may return fewer. */
  @FunctionalInterface
  public interface LogLines {
    List<LogLine> between(long fromSeq, long toSeq) throws Exception;

    LogLines NONE = (a, b) -> List.of();
  }

  private final String inputsDir;
  private final InputAccess access;
  private final List<InputUse> inputs;
  private final List<Missing> missing;
  private final Map<String, Integer> subtreeFlags;
  private final Set<String> missingPaths;
  private final Set<String> inputNames;

  private AccessReport(
      String inputsDir,
      InputAccess access,
      List<InputUse> inputs,
      List<Missing> missing,
      Map<String, Integer> subtreeFlags) {
    this.inputsDir = inputsDir;
    this.access = access;
    this.inputs = List.copyOf(inputs);
    this.missing = List.copyOf(missing);
    this.subtreeFlags = subtreeFlags;
    this.missingPaths = new HashSet<>();
    access.failedLookups().forEach(f -> missingPaths.add(f.path()));
    this.inputNames = new HashSet<>();
    inputs.forEach(u -> inputNames.add(u.input().name()));
  }

  /**
   * The report for a build whose resolved request is {@code requestJson} (as the history stores
   * it).
   *
   * @throws IllegalArgumentException when the request JSON cannot be read
   */
  public static AccessReport of(String requestJson, InputAccess access, LogLines log)
      throws Exception {
    JsonNode r;
    try {
      r = new ObjectMapper().readTree(requestJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the recorded request is not JSON: " + e.getOriginalMessage(), e);
    }
    List<Input> inputs = new ArrayList<>();
    for (JsonNode in : r.path("inputs")) {
      Kind k =
          switch (in.path("type").asText()) {
            case "file" -> Kind.FILE;
            case "symlink" -> Kind.SYMLINK;
            default -> Kind.DIRECTORY;
          };
      inputs.add(new Input(in.path("name").asText(), k));
    }
    return of(r.path("inputsDir").asText(""), inputs, access, log);
  }

  /** The report for inputs given as nodes (an engine-side build). */
  public static AccessReport ofNodes(
      String inputsDir, List<NamedNode> nodes, InputAccess access, LogLines log) throws Exception {
    List<Input> inputs = new ArrayList<>();
    for (NamedNode n : nodes) {
      Kind k =
          n.node() instanceof FileNode
              ? Kind.FILE
              : n.node() instanceof DirectoryNode ? Kind.DIRECTORY : Kind.SYMLINK;
      inputs.add(new Input(n.name().asUtf8(), k));
    }
    return of(inputsDir, inputs, access, log);
  }

  /** The report from its parts; {@code log} is asked for the lines around each failed lookup. */
  public static AccessReport of(
      String inputsDir, List<Input> inputs, InputAccess access, LogLines log) throws Exception {
    Objects.requireNonNull(inputsDir, "inputsDir");
    Map<String, Integer> subtree = new HashMap<>();
    Map<String, long[]> perInput = new HashMap<>(); // files read, bytes, executed
    for (PathAccess p : access.paths()) {
      int own = p.flags();
      boolean isRootEntry = p.path().indexOf('/', 1) < 0;
      if (isRootEntry) {
        // The runtime stats every input when it binds it into the sandbox: that lookup is not the
        // build's. Looking at anything inside still marks the input as looked up, below.
        own &= ~PathAccess.LOOKED_UP;
      }
      for (String at = p.path(); at.length() > 1; at = parent(at)) {
        subtree.merge(at, own, (a, b) -> a | b);
      }
      if (p.has(PathAccess.OPENED) || p.has(PathAccess.READ)) {
        long[] c = perInput.computeIfAbsent(p.input(), k -> new long[3]);
        c[0]++;
        c[1] += p.bytesRead();
        if (p.has(PathAccess.EXECUTED)) {
          c[2]++;
        }
      }
    }
    Set<String> names = new HashSet<>();
    List<InputUse> uses = new ArrayList<>();
    for (Input in : inputs) {
      names.add(in.name());
      int f = subtree.getOrDefault("/" + in.name(), 0);
      long[] c = perInput.getOrDefault(in.name(), new long[3]);
      uses.add(new InputUse(in, markOf(f), c[0], c[1], c[2]));
    }
    List<Missing> missing = new ArrayList<>();
    int withContext = 0;
    for (FailedLookup f : access.failedLookups()) {
      List<LogLine> context = List.of();
      if (withContext++ < MAX_WITH_CONTEXT) {
        long at = Math.max(0, f.logSeq());
        context = log.between(Math.max(0, at - CONTEXT_BEFORE), at + CONTEXT_AFTER);
      }
      missing.add(
          new Missing(f, sandboxPath(inputsDir, f.path()), names.contains(f.input()), context));
    }
    return new AccessReport(inputsDir, access, uses, missing, subtree);
  }

  private static AccessMark markOf(int flags) {
    if ((flags & PathAccess.CONTENT) != 0) {
      return AccessMark.READ;
    }
    return (flags & PathAccess.LOOKED_UP) != 0 ? AccessMark.LOOKED_UP_ONLY : AccessMark.NOT_READ;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** {@code /<inputsDir><mountPath>}: where the build sees a mount path. */
  public static String sandboxPath(String inputsDir, String mountPath) {
    return inputsDir.isEmpty() ? mountPath : "/" + inputsDir + mountPath;
  }

  /** The recorded accesses this report is made of. */
  public InputAccess access() {
    return access;
  }

  /** Every input in request order, with how it was used. */
  public List<InputUse> inputs() {
    return inputs;
  }

  /** The inputs the build never read (possibly looked up). */
  public List<InputUse> unused() {
    return inputs.stream().filter(u -> u.mark() != AccessMark.READ).toList();
  }

  /** The names the build looked for in its inputs and did not find, in time order. */
  public List<Missing> missing() {
    return missing;
  }

  /** "3 of 12 inputs were never read", or "all 12 inputs were read". */
  public String summary() {
    int n = inputs.size();
    int unused = unused().size();
    if (n == 0) {
      return "the build had no inputs";
    }
    if (unused == 0) {
      return n == 1 ? "the input was read" : "all " + n + " inputs were read";
    }
    return unused + " of " + n + (n == 1 ? " input was" : " inputs were") + " never read";
  }

  /** The inputs directory inside the sandbox ("" for the root). */
  public String inputsDir() {
    return inputsDir;
  }

  /**
   * The mark of a path as the build sees it ({@code /nix/store/gcc/bin/gcc}); for a directory it
   * sums up everything inside. The inputs directory itself and paths outside it are {@link
   * AccessMark#NOT_TRACED}.
   */
  public AccessMark mark(String sandboxPath) {
    String prefix = inputsDir.isEmpty() ? "" : "/" + inputsDir;
    String p =
        sandboxPath.endsWith("/") && sandboxPath.length() > 1
            ? sandboxPath.substring(0, sandboxPath.length() - 1)
            : sandboxPath;
    if (!p.startsWith(prefix + "/") || p.length() <= prefix.length() + 1) {
      return AccessMark.NOT_TRACED;
    }
    String mountPath = p.substring(prefix.length());
    if (missingPaths.contains(mountPath)) {
      return AccessMark.MISSING;
    }
    if (!inputNames.contains(AccessPaths.inputOf(mountPath))) {
      return AccessMark.NOT_TRACED;
    }
    return markOf(subtreeFlags.getOrDefault(mountPath, 0));
  }

  /** The same for a path relative to the inputs directory ({@code gcc/bin/gcc}). */
  public AccessMark markInInputs(String relative) {
    String r = relative.startsWith("/") ? relative.substring(1) : relative;
    return mark((inputsDir.isEmpty() ? "" : "/" + inputsDir) + "/" + r);
  }
}
