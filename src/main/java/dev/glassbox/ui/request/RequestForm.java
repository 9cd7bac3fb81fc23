package dev.glassbox.ui.request;

import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.request.AdditionalFile;
import dev.glassbox.request.BuildConstraints;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.EnvVar;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * What the request editor holds: every field of a request file as text, before validation, so
 * that anything the JSON tab can say (an unsorted list, a bad digest, a size that is not a
 * number) can also be held, shown next to its field and written back without loss.
 *
 * <p>Immutable; every edit makes a new form. Inputs keep where they come from: a node of the
 * store (by digest) or a host path, imported when the request is checked.
 */
record RequestForm(
    List<InputEntry> inputs,
    List<String> commandArgs,
    String workingDir,
    List<String> scratchPaths,
    String inputsDir,
    List<String> outputs,
    List<EnvEntry> environmentVars,
    ConstraintsForm constraints,
    List<FileEntry> additionalFiles,
    List<String> refscanNeedles) {

  public RequestForm {
    inputs = List.copyOf(inputs);
    commandArgs = List.copyOf(commandArgs);
    Objects.requireNonNull(workingDir, "workingDir");
    scratchPaths = List.copyOf(scratchPaths);
    Objects.requireNonNull(inputsDir, "inputsDir");
    outputs = List.copyOf(outputs);
    environmentVars = List.copyOf(environmentVars);
    Objects.requireNonNull(constraints, "constraints");
    additionalFiles = List.copyOf(additionalFiles);
    refscanNeedles = List.copyOf(refscanNeedles);
  }

  /** One input: its name in the inputs directory and where its contents come from. */
  public record InputEntry(String name, InputSource source) {
    public InputEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
    }

    public InputEntry withName(String newName) {
      return new InputEntry(newName, source);
    }
  }

  /** Where an input's contents come from. */
  public sealed interface InputSource permits StoreInput, HostInput {}

  /**
   * A node already in the store, as the request format writes it.
   *
   * @param type {@code file}, {@code directory}, {@code symlink}, or {@code ""} when the request
   *     gives none (which the validator reports)
   * @param digest as written ({@code b3:…} or hex); checked when the form is checked
   * @param size unsigned
   */
  public record StoreInput(String type, String digest, long size, boolean executable, String target)
      implements InputSource {
    public StoreInput {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(target, "target");
    }

    /** The request-format form of a store node. */
    public static StoreInput of(Node node) {
      if (node instanceof FileNode f) {
        return new StoreInput("file", f.digest().toString(), f.size(), f.executable(), "");
      }
      if (node instanceof DirectoryNode d) {
        return new StoreInput("directory", d.digest().toString(), d.size(), false, "");
      }
      SymlinkNode s = (SymlinkNode) node;
      return new StoreInput("symlink", "", 0, false, s.target().asUtf8());
    }
  }

  /** A host file or folder, imported into the store when the request is checked or run. */
  public record HostInput(String path) implements InputSource {
    public HostInput {
      Objects.requireNonNull(path, "path");
    }
  }

  /** One environment variable. */
  public record EnvEntry(String key, String value) {
    public EnvEntry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * One additional file; {@code base64} says whether {@code contents} is base64 text ({@code
   * contentsBase64} in the file) rather than the contents themselves.
   */
  public record FileEntry(String path, String contents, boolean base64) {
    public FileEntry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(contents, "contents");
    }
  }

  /**
   * The constraints; {@code present} keeps the difference between an absent message (no
   * constraints at all) and a present one with an empty system, which tvix rejects.
   *
   * @param minMemory as typed: bytes or a size such as {@code 4 GiB}; empty means 0
   */
  public record ConstraintsForm(
      boolean present,
      String system,
      String minMemory,
      List<String> availableRoPaths,
      boolean networkAccess,
      boolean provideBinSh) {
    public ConstraintsForm {
      Objects.requireNonNull(system, "system");
      Objects.requireNonNull(minMemory, "minMemory");
      availableRoPaths = List.copyOf(availableRoPaths);
    }

    public static final ConstraintsForm ABSENT = new ConstraintsForm(false, "", "", List.of(), false, false);

    /** The same constraints, marked present: any edit in the form makes them part of the request. */
    public ConstraintsForm withSystem(String s) {
      return new ConstraintsForm(true, s, minMemory, availableRoPaths, networkAccess, provideBinSh);
    }

    public ConstraintsForm withMinMemory(String m) {
      return new ConstraintsForm(true, system, m, availableRoPaths, networkAccess, provideBinSh);
    }

    public ConstraintsForm withAvailableRoPaths(List<String> paths) {
      return new ConstraintsForm(true, system, minMemory, paths, networkAccess, provideBinSh);
    }

    public ConstraintsForm withNetworkAccess(boolean on) {
      return new ConstraintsForm(true, system, minMemory, availableRoPaths, on, provideBinSh);
    }

    public ConstraintsForm withProvideBinSh(boolean on) {
      return new ConstraintsForm(true, system, minMemory, availableRoPaths, networkAccess, on);
    }
  }

  /** An empty request: every field at its proto default. */
  public static RequestForm empty() {
    return new RequestForm(
        List.of(), List.of(), "", List.of(), "", List.of(), List.of(), ConstraintsForm.ABSENT, List.of(), List.of());
  }

  /**
   * A request that runs as it is: a shell command writing one output under a fresh store path,
   * with the sandbox shell and this machine's system, so a new user sees every part filled in.
   */
  public static RequestForm template(String system, Random random) {
    String hash = nixHash(random);
    String out = "nix/store/" + hash + "-result";
    return new RequestForm(
        List.of(),
        List.of("/bin/sh", "-c", "mkdir -p $out && echo 'Hello from the sandbox' > $out/hello.txt"),
        "build",
        List.of("build", "nix/store"),
        "nix/store",
        List.of(out),
        List.of(new EnvEntry("out", "/" + out)),
        new ConstraintsForm(true, system, "", List.of(), false, true),
        List.of(),
        List.of());
  }

  /** 32 characters of Nix's base32 alphabet, the shape of a store path hash. */
  static String nixHash(Random random) {
    String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
    StringBuilder sb = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** The form of a resolved request, e.g. of a finished build: every input by digest. */
  public static RequestForm of(BuildRequest r) {
    List<InputEntry> inputs = new ArrayList<>();
    for (NamedNode n : r.inputs()) {
      inputs.add(new InputEntry(n.name().asUtf8(), StoreInput.of(n.node())));
    }
    List<EnvEntry> env = new ArrayList<>();
    for (EnvVar e : r.environmentVars()) {
      env.add(new EnvEntry(e.key(), e.value()));
    }
    List<FileEntry> files = new ArrayList<>();
    for (AdditionalFile f : r.additionalFiles()) {
      byte[] contents = f.contents();
      String text = strictUtf8(contents);
      files.add(
          text != null
              ? new FileEntry(f.path(), text, false)
              : new FileEntry(f.path(), Base64.getEncoder().encodeToString(contents), true));
    }
    ConstraintsForm c =
        r.constraints()
            .map(
                (BuildConstraints b) ->
                    new ConstraintsForm(
                        true,
                        b.system(),
                        b.minMemory() == 0 ? "" : Long.toUnsignedString(b.minMemory()),
                        b.availableRoPaths(),
                        b.networkAccess(),
                        b.provideBinSh()))
            .orElse(ConstraintsForm.ABSENT);
    return new RequestForm(
        inputs,
        r.commandArgs(),
        r.workingDir(),
        r.scratchPaths(),
        r.inputsDir(),
        r.outputs(),
        env,
        c,
        files,
        r.refscanNeedles());
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  // --- edits -------------------------------------------------------------------------------------

  public RequestForm withInputs(List<InputEntry> v) {
    return new RequestForm(v, commandArgs, workingDir, scratchPaths, inputsDir, outputs, environmentVars, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withCommandArgs(List<String> v) {
    return new RequestForm(inputs, v, workingDir, scratchPaths, inputsDir, outputs, environmentVars, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withWorkingDir(String v) {
    return new RequestForm(inputs, commandArgs, v, scratchPaths, inputsDir, outputs, environmentVars, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withScratchPaths(List<String> v) {
    return new RequestForm(inputs, commandArgs, workingDir, v, inputsDir, outputs, environmentVars, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withInputsDir(String v) {
    return new RequestForm(inputs, commandArgs, workingDir, scratchPaths, v, outputs, environmentVars, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withOutputs(List<String> v) {
    return new RequestForm(inputs, commandArgs, workingDir, scratchPaths, inputsDir, v, environmentVars, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withEnvironmentVars(List<EnvEntry> v) {
    return new RequestForm(inputs, commandArgs, workingDir, scratchPaths, inputsDir, outputs, v, constraints, additionalFiles, refscanNeedles);
  }

  public RequestForm withConstraints(ConstraintsForm v) {
    return new RequestForm(inputs, commandArgs, workingDir, scratchPaths, inputsDir, outputs, environmentVars, v, additionalFiles, refscanNeedles);
  }

  public RequestForm withConstraints(UnaryOperator<ConstraintsForm> edit) {
    return withConstraints(edit.apply(constraints));
  }

  public RequestForm withAdditionalFiles(List<FileEntry> v) {
    return new RequestForm(inputs, commandArgs, workingDir, scratchPaths, inputsDir, outputs, environmentVars, constraints, v, refscanNeedles);
  }

  public RequestForm withRefscanNeedles(List<String> v) {
    return new RequestForm(inputs, commandArgs, workingDir, scratchPaths, inputsDir, outputs, environmentVars, constraints, additionalFiles, v);
  }

  /** The names of all inputs, in form order. */
  public List<String> inputNames() {
    List<String> names = new ArrayList<>();
    for (InputEntry e : inputs) {
      names.add(e.name());
    }
    return names;
  }
}
