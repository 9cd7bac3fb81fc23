package dev.glassbox.request;

import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.SymlinkNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A build request before validation, at the level of tvix's proto message: names, digests and
 * targets are raw bytes of any length, and fields hold proto3 defaults when omitted.
 *
 * <p>{@code null} marks a part that could not be read at all (a JSON type error, say); it was
 * reported already, and validation skips it so one mistake is not reported twice. A {@code null}
 * {@code constraints} means absent, as in proto; inside it, a {@code null} system or path was
 * reported already. Strings must not contain lone surrogates ({@link
 * RequestReader} rejects those).
 */
public record RequestDraft(
    List<Input> inputs,
    List<String> commandArgs,
    String workingDir,
    List<String> scratchPaths,
    String inputsDir,
    List<String> outputs,
    List<Env> environmentVars,
    Constraints constraints,
    List<File> additionalFiles,
    List<String> refscanNeedles) {

  public RequestDraft {
    inputs = frozen(inputs);
    commandArgs = frozen(commandArgs);
    scratchPaths = frozen(scratchPaths);
    outputs = frozen(outputs);
    environmentVars = frozen(environmentVars);
    additionalFiles = frozen(additionalFiles);
    refscanNeedles = frozen(refscanNeedles);
  }

  /** Which member of tvix's {@code Node} oneof is set. */
  public enum Kind {
    NONE,
    DIRECTORY,
    FILE,
    SYMLINK;

    /** The kind an input's {@code "type"} names ({@code ""} is none); empty for anything else. */
    public static java.util.Optional<Kind> ofType(String type) {
      switch (type) {
        case "":
          return java.util.Optional.of(NONE);
        case "file":
          return java.util.Optional.of(FILE);
        case "directory":
          return java.util.Optional.of(DIRECTORY);
        case "symlink":
          return java.util.Optional.of(SYMLINK);
        default:
          return java.util.Optional.empty();
      }
    }

    /** The violation message for a {@code "type"} that names no kind. */
    public static String badTypeMessage(String type) {
      return "'" + type + "' is not an input type; use \"file\", \"directory\" or \"symlink\"";
    }
  }

  /** A raw {@code tvix.castore.v1.Node} with its name; fields of other kinds are ignored. */
  public record Input(
      Kind kind, byte[] name, byte[] digest, long size, boolean executable, byte[] target) {
    public Input {
      java.util.Objects.requireNonNull(kind, "kind");
      name = name == null ? new byte[0] : name.clone();
      digest = digest == null ? new byte[0] : digest.clone();
      target = target == null ? new byte[0] : target.clone();
    }

    public static Input directory(byte[] name, byte[] digest, long size) {
      return new Input(Kind.DIRECTORY, name, digest, size, false, null);
    }

    public static Input file(byte[] name, byte[] digest, long size, boolean executable) {
      return new Input(Kind.FILE, name, digest, size, executable, null);
    }

    public static Input symlink(byte[] name, byte[] target) {
      return new Input(Kind.SYMLINK, name, null, 0, false, target);
    }

    public static Input of(NamedNode n) {
      return of(n.name().bytes(), n.node());
    }

    /** A raw input for a model node, under any (not yet validated) name. */
    public static Input of(byte[] name, Node node) {
      if (node instanceof DirectoryNode d) {
        return directory(name, d.digest().bytes(), d.size());
      }
      if (node instanceof FileNode f) {
        return file(name, f.digest().bytes(), f.size(), f.executable());
      }
      return symlink(name, ((SymlinkNode) node).target().bytes());
    }

    @Override
    public byte[] name() {
      return name.clone();
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    @Override
    public byte[] target() {
      return target.clone();
    }
  }

  /** A raw {@code EnvVar}: the value is proto {@code bytes}. */
  public record Env(String key, byte[] value) {
    public Env {
      java.util.Objects.requireNonNull(key, "key");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }

  /** A raw {@code BuildConstraints} message (present, possibly all defaults). */
  public record Constraints(
      String system,
      long minMemory,
      List<String> availableRoPaths,
      boolean networkAccess,
      boolean provideBinSh) {
    public Constraints {
      availableRoPaths = frozen(availableRoPaths);
    }
  }

  /** A raw {@code AdditionalFile}. */
  public record File(String path, byte[] contents) {
    public File {
      java.util.Objects.requireNonNull(path, "path");
      contents = contents.clone();
    }

    @Override
    public byte[] contents() {
      return contents.clone();
    }
  }

  /** The draft of an existing model, to run the same rules on it. */
  static RequestDraft of(
      List<NamedNode> inputs,
      List<String> commandArgs,
      String workingDir,
      List<String> scratchPaths,
      String inputsDir,
      List<String> outputs,
      List<EnvVar> environmentVars,
      Optional<BuildConstraints> constraints,
      List<AdditionalFile> additionalFiles,
      List<String> refscanNeedles) {
    List<Input> in = new ArrayList<>();
    for (NamedNode n : inputs) {
      in.add(Input.of(n));
    }
    List<Env> env = new ArrayList<>();
    for (EnvVar e : environmentVars) {
      env.add(new Env(e.key(), Utf8.encodeLossless(e.value())));
    }
    List<File> files = new ArrayList<>();
    for (AdditionalFile f : additionalFiles) {
      files.add(new File(f.path(), f.contents()));
    }
    Constraints c =
        constraints
            .map(
                b ->
                    new Constraints(
                        b.system(),
                        b.minMemory(),
                        b.availableRoPaths(),
                        b.networkAccess(),
                        b.provideBinSh()))
            .orElse(null);
    return new RequestDraft(
        in, commandArgs, workingDir, scratchPaths, inputsDir, outputs, env, c, files, refscanNeedles);
  }

  /** An unmodifiable copy that, unlike {@code List.copyOf}, keeps {@code null} markers. */
  private static <T> List<T> frozen(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
