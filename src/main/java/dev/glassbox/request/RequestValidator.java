package dev.glassbox.request;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks build requests and reports every violation at once.
 *
 * <p>Order of the report: first tvix's rules in tvix's order (engine-spec §4.1: inputs, working
 * dir, scratch paths, inputs dir, outputs, environment, constraints, additional files), so the
 * first violation is always the error tvix would return; then Glassbox's own rules in field
 * order: names and values that are not UTF-8 or contain NUL, outputs and additional files outside
 * every scratch path (§4.6), refscan needles tvix's matcher would crash on (§4.7) and, when this
 * validator has them, the host's system and memory and the store's contents.
 */
public final class RequestValidator {
  private final HostFacts host;
  private final Castore store;

  /**
   * @param host this machine, or {@code null} to skip the system and memory checks
   * @param store where inputs must be present, or {@code null} to skip that check ({@code
   *     --no-store-check})
   */
  public RequestValidator(HostFacts host, Castore store) {
    this.host = host;
    this.store = store;
  }

  /** A validator for this machine. */
  public static RequestValidator forThisHost(Castore store) {
    return new RequestValidator(HostFacts.detect(), store);
  }

  /** Only the rules that do not depend on a machine or a store. */
  public static RequestValidator hostIndependent() {
    return new RequestValidator(null, null);
  }

  /** Every violation of {@code draft}, in reporting order; empty when it is valid. */
  public List<Violation> check(RequestDraft draft) {
    List<Violation> out = new ArrayList<>();
    tvixRules(draft, out);
    glassboxRules(draft, out, host, store);
    return out;
  }

  /** Validates and converts {@code draft}. */
  public BuildRequest validate(RequestDraft draft) throws InvalidBuildRequestException {
    List<Violation> v = check(draft);
    if (!v.isEmpty()) {
      throw new InvalidBuildRequestException(v);
    }
    return toModel(draft);
  }

  /**
   * The host and store violations of an already valid request, e.g. a recorded request rerun on
   * another machine.
   */
  public List<Violation> check(BuildRequest request) {
    return check(
        RequestDraft.of(
            request.inputs(),
            request.commandArgs(),
            request.workingDir(),
            request.scratchPaths(),
            request.inputsDir(),
            request.outputs(),
            request.environmentVars(),
            request.constraints(),
            request.additionalFiles(),
            request.refscanNeedles()));
  }

  /** Like {@link #check(BuildRequest)}, as an exception. */
  public void validate(BuildRequest request) throws InvalidBuildRequestException {
    List<Violation> v = check(request);
    if (!v.isEmpty()) {
      throw new InvalidBuildRequestException(v);
    }
  }

  /** The rules every {@link BuildRequest} satisfies. */
  static List<Violation> modelViolations(RequestDraft draft) {
    List<Violation> out = new ArrayList<>();
    tvixRules(draft, out);
    glassboxRules(draft, out, null, null);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // tvix's rules (build/src/proto/mod.rs), in its order

  private static void tvixRules(RequestDraft d, List<Violation> out) {
    checkInputs(d.inputs(), out);
    if (d.workingDir() != null && !CleanPaths.isCleanRelativePath(d.workingDir())) {
      out.add(
          new Violation(
              "workingDir",
              "InvalidWorkingDir",
              notCleanRelative("the working directory", d.workingDir())));
    }
    checkPathList(
        d.scratchPaths(), "scratchPaths", "InvalidScratchPath", "ScratchPathsNotSorted", "scratch path", out);
    if (d.inputsDir() != null && !CleanPaths.isCleanRelativePath(d.inputsDir())) {
      out.add(
          new Violation(
              "inputsDir", "InvalidInputsDir", notCleanRelative("the inputs directory", d.inputsDir())));
    }
    checkPathList(d.outputs(), "outputs", "InvalidOutputPath", "OutputsNotSorted", "output path", out);
    checkEnv(d.environmentVars(), out);
    if (d.constraints() != null) {
      checkConstraints(d.constraints(), out);
    }
    checkAdditionalFiles(d.additionalFiles(), out);
  }

  private static void checkInputs(List<RequestDraft.Input> inputs, List<Violation> out) {
    byte[] prev = null;
    int prevIndex = -1;
    boolean sortReported = false;
    for (int i = 0; i < inputs.size(); i++) {
      RequestDraft.Input in = inputs.get(i);
      if (in == null) {
        continue;
      }
      Violation bad = nodeViolation(i, in);
      if (bad != null) {
        out.add(bad);
        continue;
      }
      byte[] name = in.name();
      if (prev != null && !sortReported && Arrays.compareUnsigned(name, prev) <= 0) {
        String shown = Utf8.display(name);
        String message =
            Arrays.equals(name, prev)
                ? "the name '"
                    + shown
                    + "' is also used by inputs["
                    + prevIndex
                    + "]; give every input its own name"
                : "'"
                    + shown
                    + "' is listed after '"
                    + Utf8.display(prev)
                    + "' but sorts before it; list inputs in ascending byte order of their names";
        out.add(new Violation("inputs[" + i + "].name", "InputNodesNotSorted", message));
        sortReported = true;
      }
      prev = name;
      prevIndex = i;
    }
  }

  /** Named node conversion (§1.5.5): the digest or target first, then the name. */
  private static Violation nodeViolation(int i, RequestDraft.Input in) {
    String at = "inputs[" + i + "]";
    String kind = "InvalidInputNode(" + i + ", ";
    switch (in.kind()) {
      case NONE:
        return new Violation(
            at,
            kind + "NoNodeSet)",
            "the input has no type; give \"type\": \"file\", \"directory\" or \"symlink\" with its"
                + " fields, or a host \"path\" to import");
      case DIRECTORY:
      case FILE:
        {
          int len = in.digest().length;
          if (len != Digest.LENGTH) {
            return new Violation(
                at + ".digest",
                kind + "InvalidNode(InvalidDigestLen(" + len + ")))",
                "the digest has "
                    + len
                    + " bytes but a BLAKE3 digest has 32; write it as b3:<base64> or as 64 hex"
                    + " digits");
          }
          break;
        }
      case SYMLINK:
        {
          SymlinkTarget.Problem p = SymlinkTarget.check(in.target());
          if (p != null) {
            return new Violation(
                at + ".target",
                kind + "InvalidNode(InvalidSymlinkTarget(" + tvixName(p) + ")))",
                "the symlink target "
                    + p.sentence()
                    + "; a target has 1 to 4095 bytes and no NUL");
          }
          break;
        }
    }
    PathComponent.Problem p = PathComponent.check(in.name());
    if (p != null) {
      return new Violation(
          at + ".name",
          kind + "InvalidName(" + tvixName(p) + "))",
          nameProblem(in.name(), p)
              + "; an input name has 1 to 255 bytes, is not '.' or '..' and has no '/' or NUL");
    }
    return null;
  }

  private static void checkPathList(
      List<String> paths,
      String field,
      String invalidKind,
      String unsortedKind,
      String what,
      List<Violation> out) {
    for (int i = 0; i < paths.size(); i++) {
      String p = paths.get(i);
      if (p != null && !CleanPaths.isCleanRelativePath(p)) {
        out.add(
            new Violation(
                field + "[" + i + "]", invalidKind + "(" + i + ")", notCleanRelative("the " + what, p)));
      }
    }
    int at = firstUnsorted(paths);
    if (at >= 0) {
      out.add(
          new Violation(
              field + "[" + at + "]",
              unsortedKind,
              "'"
                  + paths.get(at)
                  + "' is listed after '"
                  + previousNonNull(paths, at)
                  + "' but sorts before it; sort "
                  + field
                  + " in ascending byte order (repeats are allowed)"));
    }
  }

  private static void checkEnv(List<RequestDraft.Env> env, List<Violation> out) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < env.size(); i++) {
      RequestDraft.Env e = env.get(i);
      keys.add(e == null ? null : e.key());
      if (e == null) {
        continue;
      }
      if (e.key().isEmpty()) {
        out.add(
            new Violation(
                "environmentVars[" + i + "].key",
                "InvalidEnvVar(" + i + ")",
                "the variable name is empty; give every environment variable a name"));
      } else if (e.key().indexOf('=') >= 0) {
        out.add(
            new Violation(
                "environmentVars[" + i + "].key",
                "InvalidEnvVar(" + i + ")",
                "the variable name '"
                    + e.key()
                    + "' contains '='; the environment is passed as KEY=VALUE, so names cannot"
                    + " contain '='"));
      }
    }
    int at = firstUnsorted(keys);
    if (at >= 0) {
      out.add(
          new Violation(
              "environmentVars[" + at + "].key",
              "EnvVarNotSorted",
              "'"
                  + keys.get(at)
                  + "' is listed after '"
                  + previousNonNull(keys, at)
                  + "' but sorts before it; sort environmentVars by name in ascending byte order (uppercase before"
                  + " lowercase; repeats are allowed)"));
    }
  }

  private static void checkConstraints(RequestDraft.Constraints c, List<Violation> out) {
    if (c.system() != null && c.system().isEmpty()) {
      out.add(
          new Violation(
              "constraints.system",
              "InvalidBuildConstraints(InvalidSystem)",
              "the system is empty; name the system the build needs, e.g. 'x86_64-linux', or leave"
                  + " out 'constraints' entirely"));
    }
    List<String> ro = c.availableRoPaths();
    for (int i = 0; i < ro.size(); i++) {
      String p = ro.get(i);
      if (p != null && !CleanPaths.isCleanAbsolutePath(p)) {
        out.add(
            new Violation(
                "constraints.availableRoPaths[" + i + "]",
                "InvalidBuildConstraints(InvalidAvailableRoPaths(" + i + "))",
                "'"
                    + p
                    + "' is not a clean absolute path: it must start with '/' and have no trailing"
                    + " '/', no '//', '.' or '..'; use e.g. '/dev/kvm'"));
      }
    }
    int at = firstUnsorted(ro);
    if (at >= 0) {
      out.add(
          new Violation(
              "constraints.availableRoPaths[" + at + "]",
              "InvalidBuildConstraints(AvailableRoPathsNotSorted)",
              "'"
                  + ro.get(at)
                  + "' is listed after '"
                  + previousNonNull(ro, at)
                  + "' but sorts before it; sort availableRoPaths in ascending byte order"));
    }
  }

  private static void checkAdditionalFiles(List<RequestDraft.File> files, List<Violation> out) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      RequestDraft.File f = files.get(i);
      String p = f == null ? null : f.path();
      paths.add(p);
      if (p != null && !CleanPaths.isCleanRelativePath(p)) {
        out.add(
            new Violation(
                "additionalFiles[" + i + "].path",
                "InvalidAdditionalFilePath(" + i + ")",
                notCleanRelative("the additional file path", p)
                    + " (it is relative to the sandbox root)"));
      }
    }
    int at = firstUnsorted(paths);
    if (at >= 0) {
      out.add(
          new Violation(
              "additionalFiles[" + at + "].path",
              "AdditionalFilesNotSorted",
              "'"
                  + paths.get(at)
                  + "' is listed after '"
                  + previousNonNull(paths, at)
                  + "' but sorts before it; sort additionalFiles by path in ascending byte order"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Glassbox's rules, after all of tvix's

  private static void glassboxRules(
      RequestDraft d, List<Violation> out, HostFacts host, Castore store) {
    List<RequestDraft.Input> inputs = d.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      RequestDraft.Input in = inputs.get(i);
      if (in == null || nodeViolation(i, in) != null) {
        continue;
      }
      if (!Utf8.isValid(in.name())) {
        out.add(
            new Violation(
                "inputs[" + i + "].name",
                "InputNameNotUtf8(" + i + ")",
                "the name '"
                    + Utf8.display(in.name())
                    + "' is not valid UTF-8; inputs are mounted by name through the OCI config,"
                    + " which is text, so rename the input"));
      } else if (in.kind() == RequestDraft.Kind.SYMLINK && !Utf8.isValid(in.target())) {
        // Not a sandbox limit, but the JSON request format can only write UTF-8 targets.
        out.add(
            new Violation(
                "inputs[" + i + "].target",
                "InputTargetNotUtf8(" + i + ")",
                "the symlink target '"
                    + Utf8.display(in.target())
                    + "' is not valid UTF-8; request files store targets as text"));
      }
      if (store != null) {
        storeCheck(i, in, store, out);
      }
    }
    for (int i = 0; i < d.commandArgs().size(); i++) {
      text("commandArgs[" + i + "]", d.commandArgs().get(i), false, out);
    }
    text("workingDir", d.workingDir(), true, out);
    for (int i = 0; i < d.scratchPaths().size(); i++) {
      text("scratchPaths[" + i + "]", d.scratchPaths().get(i), true, out);
    }
    text("inputsDir", d.inputsDir(), true, out);
    for (int i = 0; i < d.outputs().size(); i++) {
      String o = d.outputs().get(i);
      if (text("outputs[" + i + "]", o, true, out) && CleanPaths.isCleanRelativePath(o)
          && ScratchPaths.find(d.scratchPaths(), o).isEmpty()) {
        out.add(
            new Violation(
                "outputs[" + i + "]",
                "OutputNotInScratchPath(" + i + ")",
                "'"
                    + o
                    + "' lies under no scratch path, so the build cannot write it and Glassbox"
                    + " cannot collect it; add a scratch path that contains it, e.g. '"
                    + firstComponent(o)
                    + "'"));
      }
    }
    checkEnvText(d.environmentVars(), out);
    RequestDraft.Constraints c = d.constraints();
    if (c != null) {
      text("constraints.system", c.system(), false, out);
      for (int i = 0; i < c.availableRoPaths().size(); i++) {
        text("constraints.availableRoPaths[" + i + "]", c.availableRoPaths().get(i), true, out);
      }
      if (host != null) {
        hostCheck(c, host, out);
      }
    }
    List<RequestDraft.File> files = d.additionalFiles();
    for (int i = 0; i < files.size(); i++) {
      RequestDraft.File f = files.get(i);
      if (f == null) {
        continue;
      }
      String p = f.path();
      if (!text("additionalFiles[" + i + "].path", p, true, out) || !CleanPaths.isCleanRelativePath(p)) {
        continue;
      }
      Optional<ScratchPaths.Match> m = ScratchPaths.find(d.scratchPaths(), p);
      if (m.isEmpty() || m.get().relative().isEmpty()) {
        out.add(
            new Violation(
                "additionalFiles[" + i + "].path",
                "AdditionalFileNotInScratchPath(" + i + ")",
                m.isEmpty()
                    ? "'"
                        + p
                        + "' lies under no scratch path; the sandbox root is read-only, so"
                        + " additional files can only be written inside a scratch path (add one"
                        + " that contains it, e.g. '"
                        + firstComponent(p)
                        + "')"
                    : "'"
                        + p
                        + "' is the scratch path itself, which is a directory; give a file path"
                        + " inside it"));
      }
    }
    checkNeedles(d.refscanNeedles(), out);
  }

  private static void checkEnvText(List<RequestDraft.Env> env, List<Violation> out) {
    for (int i = 0; i < env.size(); i++) {
      RequestDraft.Env e = env.get(i);
      if (e == null) {
        continue;
      }
      String at = "environmentVars[" + i + "]";
      if (text(at + ".key", e.key(), false, out) && Utf8.containsNul(e.key())) {
        out.add(
            new Violation(
                at + ".key",
                "EnvVarContainsNul(" + i + ")",
                "the variable name contains a NUL byte, which a process environment cannot hold;"
                    + " remove it"));
      }
      byte[] value = e.value();
      String decoded;
      try {
        decoded = Utf8.decodeStrict(value);
      } catch (CharacterCodingException ex) {
        out.add(
            new Violation(
                at + ".value",
                "EnvVarNotUtf8(" + i + ")",
                "the value of '"
                    + e.key()
                    + "' is not valid UTF-8; the OCI config passes the environment as text (tvix"
                    + " would crash here), so encode binary values, e.g. as base64"));
        continue;
      }
      if (Utf8.containsNul(decoded)) {
        out.add(
            new Violation(
                at + ".value",
                "EnvVarContainsNul(" + i + ")",
                "the value of '"
                    + e.key()
                    + "' contains a NUL byte, which a process environment cannot hold; remove it"));
      }
    }
  }

  private static void checkNeedles(List<String> needles, List<Violation> out) {
    for (int i = 0; i < needles.size(); i++) {
      String n = needles.get(i);
      if (!text("refscanNeedles[" + i + "]", n, false, out)) {
        continue;
      }
      int len = n.getBytes(StandardCharsets.UTF_8).length;
      if (len < 2) {
        out.add(
            new Violation(
                "refscanNeedles[" + i + "]",
                "RefscanNeedleTooShort(" + i + ")",
                "the needle '"
                    + n
                    + "' has "
                    + len
                    + " byte(s) but needles need at least 2 (tvix's matcher would crash on it);"
                    + " use the store path hash you are looking for"));
      }
    }
    if (needles.size() > 65_535) {
      out.add(
          new Violation(
              "refscanNeedles",
              "TooManyRefscanNeedles",
              needles.size()
                  + " needles are given but at most 65535 are supported (tvix's matcher would crash);"
                  + " drop needles that cannot occur in the outputs"));
    }
  }

  private static void hostCheck(RequestDraft.Constraints c, HostFacts host, List<Violation> out) {
    String system = c.system();
    if (system != null && !system.isEmpty() && !system.equals(host.system())) {
      out.add(
          new Violation(
              "constraints.system",
              "UnsupportedSystem",
              "the build needs a '"
                  + system
                  + "' machine but this one is '"
                  + host.system()
                  + "'; run it on a matching machine or correct constraints.system"));
    }
    if (Long.compareUnsigned(c.minMemory(), host.physicalMemory()) > 0) {
      out.add(
          new Violation(
              "constraints.minMemory",
              "InsufficientMemory",
              "the build needs at least "
                  + bytes(c.minMemory())
                  + " of memory but this machine has "
                  + (host.physicalMemory() == 0 ? "an unknown amount" : bytes(host.physicalMemory()))
                  + "; run it on a bigger machine or lower constraints.minMemory"));
    }
  }

  private static void storeCheck(int i, RequestDraft.Input in, Castore store, List<Violation> out) {
    Node node;
    if (in.kind() == RequestDraft.Kind.DIRECTORY) {
      node = new DirectoryNode(Digest.of(in.digest()), in.size());
    } else if (in.kind() == RequestDraft.Kind.FILE) {
      node = new FileNode(Digest.of(in.digest()), in.size(), in.executable());
    } else {
      return;
    }
    String name = Utf8.display(in.name());
    try {
      if (!store.isComplete(node)) {
        out.add(
            new Violation(
                "inputs[" + i + "].digest",
                "InputNotInStore(" + i + ")",
                "'"
                    + name
                    + "' ("
                    + Digest.of(in.digest())
                    + ") is not in the store, or not all of it is; import it first (give its"
                    + " host \"path\" instead of a digest) or pass --no-store-check"));
      }
    } catch (StoreException e) {
      out.add(
          new Violation(
              "inputs[" + i + "].digest",
              "StoreCheckFailed(" + i + ")",
              "could not check whether '"
                  + name
                  + "' is in the store: "
                  + e.getMessage()));
    }
  }

  /**
   * Reports a string that is not valid Unicode or, for paths, contains NUL (which no mount or
   * file system takes). Returns whether the string is usable for further checks.
   */
  private static boolean text(String field, String s, boolean isPath, List<Violation> out) {
    if (s == null) {
      return false;
    }
    int bad = Utf8.loneSurrogate(s);
    if (bad >= 0) {
      out.add(
          new Violation(
              field,
              "NotUnicode",
              String.format(
                  Locale.ROOT,
                  "the text has a lone UTF-16 surrogate (\\u%04X at index %d), which has no UTF-8"
                      + " form; remove it",
                  (int) s.charAt(bad),
                  bad)));
      return false;
    }
    if (isPath && Utf8.containsNul(s)) {
      out.add(
          new Violation(
              field,
              "PathContainsNul",
              "the path contains a NUL byte, which no file system or mount accepts; remove it"));
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------

  /** Converts a draft without violations. */
  static BuildRequest toModel(RequestDraft d) {
    List<NamedNode> inputs = new ArrayList<>();
    for (RequestDraft.Input in : d.inputs()) {
      inputs.add(toNamedNode(in));
    }
    List<EnvVar> env = new ArrayList<>();
    for (RequestDraft.Env e : d.environmentVars()) {
      env.add(new EnvVar(e.key(), new String(e.value(), StandardCharsets.UTF_8)));
    }
    List<AdditionalFile> files = new ArrayList<>();
    for (RequestDraft.File f : d.additionalFiles()) {
      files.add(new AdditionalFile(f.path(), f.contents()));
    }
    RequestDraft.Constraints c = d.constraints();
    Optional<BuildConstraints> constraints =
        c == null
            ? Optional.empty()
            : Optional.of(
                new BuildConstraints(
                    c.system(), c.minMemory(), c.availableRoPaths(), c.networkAccess(), c.provideBinSh()));
    return new BuildRequest(
        inputs,
        d.commandArgs(),
        d.workingDir(),
        d.scratchPaths(),
        d.inputsDir(),
        d.outputs(),
        env,
        constraints,
        files,
        d.refscanNeedles());
  }

  private static NamedNode toNamedNode(RequestDraft.Input in) {
    try {
      PathComponent name = PathComponent.of(in.name());
      switch (in.kind()) {
        case DIRECTORY:
          return new NamedNode(name, new DirectoryNode(Digest.of(in.digest()), in.size()));
        case FILE:
          return new NamedNode(
              name, new FileNode(Digest.of(in.digest()), in.size(), in.executable()));
        case SYMLINK:
          return new NamedNode(name, new SymlinkNode(SymlinkTarget.of(in.target())));
        default:
          throw new IllegalStateException("validated input without a kind");
      }
    } catch (dev.glassbox.castore.CastoreException e) {
      throw new IllegalStateException("a validated input did not convert: " + e.getMessage(), e);
    }
  }

  private static String nameProblem(byte[] name, PathComponent.Problem p) {
    switch (p) {
      case EMPTY:
        return "the name is empty";
      case PARENT:
        return "the name '..' would mean the parent directory";
      case CUR_DIR:
        return "the name '.' would mean the directory itself";
      case TOO_LONG:
        return "the name has " + name.length + " bytes, more than 255";
      default:
        return "the name '" + Utf8.display(name) + "' " + p.sentence();
    }
  }

  private static String tvixName(PathComponent.Problem p) {
    switch (p) {
      case EMPTY:
        return "Empty";
      case PARENT:
        return "Parent";
      case CUR_DIR:
        return "CurDir";
      case TOO_LONG:
        return "TooLong";
      case NULL:
        return "Null";
      case SLASHES:
        return "Slashes";
      default:
        throw new IllegalStateException(p.name());
    }
  }

  private static String tvixName(SymlinkTarget.Problem p) {
    switch (p) {
      case EMPTY:
        return "Empty";
      case TOO_LONG:
        return "TooLong";
      case NULL:
        return "Null";
      default:
        throw new IllegalStateException(p.name());
    }
  }

  private static String notCleanRelative(String what, String value) {
    return what
        + " '"
        + value
        + "' is not a clean relative path: no leading or trailing '/', no '//', '.' or '..'"
        + (value.startsWith("/") && CleanPaths.isCleanPath(value) ? "; drop the leading '/'" : "");
  }

  /** Index of the first element smaller than the previous (non-null) one, or -1 (tvix's {@code <=}). */
  private static int firstUnsorted(List<String> items) {
    String prev = null;
    for (int i = 0; i < items.size(); i++) {
      String s = items.get(i);
      if (s == null) {
        continue;
      }
      if (prev != null && Utf8.compare(prev, s) > 0) {
        return i;
      }
      prev = s;
    }
    return -1;
  }

  private static String previousNonNull(List<String> items, int at) {
    for (int i = at - 1; i >= 0; i--) {
      if (items.get(i) != null) {
        return items.get(i);
      }
    }
    return "";
  }

  private static String firstComponent(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  private static String bytes(long n) {
    String exact = Long.toUnsignedString(n) + " bytes";
    double gib = (n < 0 ? Math.pow(2, 64) + n : n) / (double) (1L << 30);
    return gib >= 0.1 ? String.format(Locale.ROOT, "%.1f GiB (%s)", gib, exact) : exact;
  }
}
