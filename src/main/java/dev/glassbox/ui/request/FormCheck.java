package dev.glassbox.ui.request;

import dev.glassbox.castore.Node;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestDraft;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.Violation;
import dev.glassbox.ui.request.Issue.Fix;
import dev.glassbox.ui.request.RequestForm.ConstraintsForm;
import dev.glassbox.ui.request.RequestForm.EnvEntry;
import dev.glassbox.ui.request.RequestForm.FileEntry;
import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import dev.glassbox.ui.request.RequestForm.StoreInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Checks a form with the engine's validator: turns it into a {@link RequestDraft} (reporting what
 * cannot become one, such as a digest that is not a digest, at its field), collects every
 * violation, adds the pre-flight warnings and, when nothing is wrong, resolves the request.
 *
 * <p>Runs off the FX thread. The validator's store check walks whole input trees, so it runs on
 * the inputs alone and its answer is reused while the inputs stay the same, for a few seconds:
 * typing a command does not re-read a big input tree on every key.
 */
final class FormCheck {
  static final long STORE_CHECK_REUSE_NANOS = 5_000_000_000L;

  private final RequestValidator validator;
  private final String hostSystem;
  private final LongSupplier clock;
  private String cachedInputsKey;
  private List<Violation> cachedInputViolations;
  private long cachedAt;

  /**
   * @param hostSystem this machine's system name, offered as the fix for a missing or wrong one
   */
  FormCheck(RequestValidator validator, String hostSystem) {
    this(validator, hostSystem, System::nanoTime);
  }

  FormCheck(RequestValidator validator, String hostSystem, LongSupplier clock) {
    this.validator = validator;
    this.hostSystem = hostSystem;
    this.clock = clock;
  }

  /**
   * The result of a check.
   *
   * @param pending inputs still being imported, as {@code 'name'} phrases
   */
  record Outcome(
      List<Issue> errors, List<Issue> warnings, Optional<BuildRequest> request, List<String> pending) {
    Outcome {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
      pending = List.copyOf(pending);
    }

    /** One sentence for Run's tooltip; empty when the request can run. */
    String reason() {
      if (!errors.isEmpty()) {
        Issue first = errors.get(0);
        String more =
            errors.size() == 1
                ? ""
                : " (and " + (errors.size() - 1) + " more problem" + (errors.size() == 2 ? "" : "s") + ")";
        return "Cannot run: " + first + more + ".";
      }
      if (!pending.isEmpty()) {
        return "Waiting for "
            + String.join(", ", pending)
            + " to finish importing.";
      }
      return "";
    }
  }

  /** The absolute host paths the form's host inputs name (those that resolve). */
  static Set<Path> hostPaths(RequestForm form, Path baseDir) {
    Set<Path> out = new LinkedHashSet<>();
    for (InputEntry e : form.inputs()) {
      if (e.source() instanceof HostInput h) {
        HostPaths.Resolved r = HostPaths.resolve(h.path(), baseDir);
        if (r.path() != null) {
          out.add(r.path());
        }
      }
    }
    return out;
  }

  Outcome check(RequestForm form, Map<Path, ImportState> imports, Path baseDir) {
    List<Violation> own = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    List<RequestDraft.Input> inputs = new ArrayList<>();
    for (int i = 0; i < form.inputs().size(); i++) {
      inputs.add(input(i, form.inputs().get(i), imports, baseDir, own, pending));
    }
    List<RequestDraft.Env> env = new ArrayList<>();
    for (int i = 0; i < form.environmentVars().size(); i++) {
      EnvEntry e = form.environmentVars().get(i);
      String at = "environmentVars[" + i + "]";
      boolean ok = text(at + ".key", e.key(), own) & text(at + ".value", e.value(), own);
      env.add(ok ? new RequestDraft.Env(e.key(), utf8(e.value())) : null);
    }
    List<RequestDraft.File> files = new ArrayList<>();
    for (int i = 0; i < form.additionalFiles().size(); i++) {
      files.add(file(i, form.additionalFiles().get(i), own));
    }
    RequestDraft.Constraints constraints = constraints(form.constraints(), own);

    List<RequestDraft.Input> skipped = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      skipped.add(null);
    }
    // NOTE: the validator skips null parts (already reported), keeping the indices of the others.
    RequestDraft rest =
        new RequestDraft(
            skipped,
            form.commandArgs(),
            form.workingDir(),
            form.scratchPaths(),
            form.inputsDir(),
            form.outputs(),
            env,
            constraints,
            files,
            form.refscanNeedles());
    List<Violation> all = new ArrayList<>(own);
    all.addAll(inputViolations(inputs));
    all.addAll(validator.check(rest));

    List<Issue> errors = new ArrayList<>();
    for (Violation v : all) {
      errors.add(new Issue(Issue.Severity.ERROR, v.field(), v.message(), fixFor(v, form)));
    }
    errors.sort(Comparator.comparing(Issue::field, FieldPaths.FORM_ORDER));
    List<Issue> warnings = Preflight.check(form);

    Optional<BuildRequest> request = Optional.empty();
    if (errors.isEmpty() && pending.isEmpty()) {
      RequestDraft full =
          new RequestDraft(
              inputs,
              form.commandArgs(),
              form.workingDir(),
              form.scratchPaths(),
              form.inputsDir(),
              form.outputs(),
              env,
              constraints,
              files,
              form.refscanNeedles());
      try {
        // Every rule was checked above; this only converts the draft into the model.
        request = Optional.of(RequestValidator.hostIndependent().validate(full));
      } catch (InvalidBuildRequestException e) {
        for (Violation v : e.violations()) {
          errors.add(Issue.error(v.field(), v.message()));
        }
      }
    }
    return new Outcome(errors, warnings, request, pending);
  }

  /** The validator's verdict on the inputs alone, reused while they stay the same. */
  private List<Violation> inputViolations(List<RequestDraft.Input> inputs) {
    String key = key(inputs);
    long now = clock.getAsLong();
    synchronized (this) {
      if (key.equals(cachedInputsKey) && now - cachedAt < STORE_CHECK_REUSE_NANOS) {
        return cachedInputViolations;
      }
    }
    RequestDraft onlyInputs =
        new RequestDraft(
            inputs, List.of(), "", List.of(), "", List.of(), List.of(), null, List.of(), List.of());
    List<Violation> v = List.copyOf(validator.check(onlyInputs));
    synchronized (this) {
      cachedInputsKey = key;
      cachedInputViolations = v;
      cachedAt = now;
    }
    return v;
  }

  /** Forgets the store check, e.g. after an import put new trees into the store. */
  synchronized void forgetStoreCheck() {
    cachedInputsKey = null;
  }

  private static String key(List<RequestDraft.Input> inputs) {
    HexFormat hex = HexFormat.of();
    StringBuilder sb = new StringBuilder();
    for (RequestDraft.Input in : inputs) {
      if (in == null) {
        sb.append("-;");
        continue;
      }
      sb.append(in.kind())
          .append(',')
          .append(hex.formatHex(in.name()))
          .append(',')
          .append(hex.formatHex(in.digest()))
          .append(',')
          .append(in.size())
          .append(',')
          .append(in.executable())
          .append(',')
          .append(hex.formatHex(in.target()))
          .append(';');
    }
    return sb.toString();
  }

  private static RequestDraft.Input input(
      int i,
      InputEntry e,
      Map<Path, ImportState> imports,
      Path baseDir,
      List<Violation> own,
      List<String> pending) {
    String at = "inputs[" + i + "]";
    if (!text(at + ".name", e.name(), own)) {
      return null;
    }
    byte[] name = utf8(e.name());
    if (e.source() instanceof HostInput h) {
      HostPaths.Resolved r = HostPaths.resolve(h.path(), baseDir);
      if (r.path() == null) {
        own.add(new Violation(at + ".path", "BadValue", r.problem()));
        return null;
      }
      ImportState state = imports.get(r.path());
      if (state instanceof ImportState.Imported done) {
        Node node = done.node();
        return RequestDraft.Input.of(name, node);
      }
      if (state instanceof ImportState.Failed failed) {
        own.add(
            new Violation(
                at + ".path",
                "InputImportFailed",
                "could not import '" + r.path() + "': " + failed.message()));
        return null;
      }
      pending.add("'" + e.name() + "'");
      return null;
    }
    StoreInput s = (StoreInput) e.source();
    java.util.Optional<RequestDraft.Kind> k = RequestDraft.Kind.ofType(s.type());
    if (k.isEmpty()) {
      own.add(new Violation(at + ".type", "BadValue", RequestDraft.Kind.badTypeMessage(s.type())));
      return null;
    }
    RequestDraft.Kind kind = k.get();
    byte[] digest = new byte[0];
    if (!s.digest().isEmpty()) {
      digest = digestBytes(s.digest());
      if (digest == null) {
        own.add(
            new Violation(
                at + ".digest",
                "BadValue",
                "'"
                    + s.digest()
                    + "' is not a digest: write it as b3:<base64 of 32 bytes> (as glassbox prints"
                    + " digests) or as 64 hex digits"));
        return null;
      }
    }
    if (!text(at + ".target", s.target(), own)) {
      return null;
    }
    return new RequestDraft.Input(kind, name, digest, s.size(), s.executable(), utf8(s.target()));
  }

  /** The reader's digest forms: {@code b3:} + base64, or hex; null when neither. */
  static byte[] digestBytes(String text) {
    String s = text.strip();
    try {
      if (s.startsWith("b3:")) {
        return Base64.getDecoder().decode(s.substring(3));
      }
      if (s.length() % 2 == 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT));
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static RequestDraft.File file(int i, FileEntry f, List<Violation> own) {
    String at = "additionalFiles[" + i + "]";
    if (!f.base64()) {
      return text(at + ".contents", f.contents(), own) ? new RequestDraft.File(f.path(), utf8(f.contents())) : null;
    }
    try {
      return new RequestDraft.File(f.path(), Base64.getDecoder().decode(f.contents()));
    } catch (IllegalArgumentException e) {
      own.add(
          new Violation(
              at + ".contentsBase64",
              "BadValue",
              "this is not standard base64 (" + e.getMessage() + "); encode the bytes with padding and the +/ alphabet, on one line"));
      return null;
    }
  }

  private static RequestDraft.Constraints constraints(ConstraintsForm c, List<Violation> own) {
    if (!c.present()) {
      return null;
    }
    OptionalLong bytes = MemorySize.parse(c.minMemory());
    if (bytes.isEmpty()) {
      own.add(
          new Violation(
              "constraints.minMemory",
              "BadValue",
              "'"
                  + c.minMemory()
                  + "' is not an amount of memory; write bytes (2147483648) or a size such as 2 GiB"
                  + " or 512 MiB"));
    }
    return new RequestDraft.Constraints(
        c.system(), bytes.orElse(0), c.availableRoPaths(), c.networkAccess(), c.provideBinSh());
  }

  /** Reports text with no UTF-8 form (a lone surrogate from a JSON escape); true when usable. */
  private static boolean text(String field, String s, List<Violation> own) {
    int bad = Text.loneSurrogate(s);
    if (bad < 0) {
      return true;
    }
    own.add(
        new Violation(
            field,
            "NotUnicode",
            String.format(
                Locale.ROOT,
                "the text has a lone UTF-16 surrogate (\\u%04X at index %d), which has no UTF-8 form;"
                    + " remove it",
                (int) s.charAt(bad),
                bad)));
    return false;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // --- quick fixes -------------------------------------------------------------------------------

  private Optional<Fix> fixFor(Violation v, RequestForm form) {
    String kind = v.kind();
    String name = v.kindName();
    if (name.equals("ScratchPathsNotSorted")) {
      return fix("Sort", f -> f.withScratchPaths(FormEdits.sorted(f.scratchPaths())));
    }
    if (name.equals("OutputsNotSorted")) {
      return fix("Sort", f -> f.withOutputs(FormEdits.sorted(f.outputs())));
    }
    if (name.equals("EnvVarNotSorted")) {
      return fix("Sort", FormEdits::sortEnv);
    }
    if (name.equals("AdditionalFilesNotSorted")) {
      return fix("Sort", FormEdits::sortFiles);
    }
    if (kind.equals("InvalidBuildConstraints(AvailableRoPathsNotSorted)")) {
      return fix(
          "Sort",
          f -> f.withConstraints(c -> c.withAvailableRoPaths(FormEdits.sorted(c.availableRoPaths()))));
    }
    if (name.equals("InputNodesNotSorted") && !v.message().contains("is also used by")) {
      return fix("Sort", FormEdits::sortInputs);
    }
    if ((kind.equals("InvalidBuildConstraints(InvalidSystem)") || name.equals("UnsupportedSystem"))
        && hostSystem != null
        && !hostSystem.equals(form.constraints().system())) {
      return fix("Use " + hostSystem, f -> f.withConstraints(c -> c.withSystem(hostSystem)));
    }
    if (name.equals("OutputNotInScratchPath") || name.equals("AdditionalFileNotInScratchPath")) {
      String path = FormEdits.getText(form, v.field());
      if (path != null && v.message().contains("lies under no scratch path")) {
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (name.equals("OutputNotInScratchPath") || path.contains("/")) {
          return fix("Add scratch path '" + first + "'", f -> FormEdits.addScratchPath(f, first));
        }
      }
      return Optional.empty();
    }
    if (v.message().contains("drop the leading '/'")) {
      String value = FormEdits.getText(form, v.field());
      if (value != null) {
        String stripped = value.replaceFirst("^/+", "");
        return fix("Drop the leading '/'", f -> FormEdits.setText(f, v.field(), stripped));
      }
    }
    return Optional.empty();
  }

  private static Optional<Fix> fix(String label, java.util.function.UnaryOperator<RequestForm> apply) {
    return Optional.of(new Fix(label, apply));
  }
}
