package dev.glassbox.request;

import dev.glassbox.castore.NamedNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated build request (tvix's {@code BuildRequest} model plus Glassbox's rules): every
 * instance satisfies all host-independent rules of {@link RequestValidator}, so code that maps
 * outputs, writes bundles or compiles needles can rely on them.
 *
 * <p>Inputs carry digests only; host-path inputs are resolved by {@link RequestReader} before a
 * request is built. An absent {@code constraints} is tvix's empty constraint set.
 */
public record BuildRequest(
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

  /**
   * @throws IllegalArgumentException listing every violation; use {@link #builder()} or {@link
   *     RequestValidator} to get them as a checked {@link InvalidBuildRequestException}
   */
  public BuildRequest {
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
    List<Violation> v =
        RequestValidator.modelViolations(
            RequestDraft.of(
                inputs,
                commandArgs,
                workingDir,
                scratchPaths,
                inputsDir,
                outputs,
                environmentVars,
                constraints,
                additionalFiles,
                refscanNeedles));
    if (!v.isEmpty()) {
      throw new IllegalArgumentException(InvalidBuildRequestException.describe(v));
    }
  }

  public boolean networkAccess() {
    return constraints.map(BuildConstraints::networkAccess).orElse(false);
  }

  public boolean provideBinSh() {
    return constraints.map(BuildConstraints::provideBinSh).orElse(false);
  }

  public List<String> availableRoPaths() {
    return constraints.map(BuildConstraints::availableRoPaths).orElse(List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of a request; {@link #build()} validates them all at once. */
  public static final class Builder {
    private final List<NamedNode> inputs = new ArrayList<>();
    private final List<String> commandArgs = new ArrayList<>();
    private String workingDir = "";
    private final List<String> scratchPaths = new ArrayList<>();
    private String inputsDir = "";
    private final List<String> outputs = new ArrayList<>();
    private final List<EnvVar> environmentVars = new ArrayList<>();
    private Optional<BuildConstraints> constraints = Optional.empty();
    private final List<AdditionalFile> additionalFiles = new ArrayList<>();
    private final List<String> refscanNeedles = new ArrayList<>();

    private Builder() {}

    public Builder input(NamedNode input) {
      inputs.add(input);
      return this;
    }

    public Builder commandArgs(String... args) {
      commandArgs.addAll(List.of(args));
      return this;
    }

    public Builder workingDir(String dir) {
      workingDir = dir;
      return this;
    }

    public Builder scratchPath(String path) {
      scratchPaths.add(path);
      return this;
    }

    public Builder inputsDir(String dir) {
      inputsDir = dir;
      return this;
    }

    public Builder output(String path) {
      outputs.add(path);
      return this;
    }

    public Builder env(String key, String value) {
      environmentVars.add(new EnvVar(key, value));
      return this;
    }

    public Builder constraints(BuildConstraints c) {
      constraints = Optional.of(c);
      return this;
    }

    public Builder additionalFile(String path, byte[] contents) {
      additionalFiles.add(new AdditionalFile(path, contents));
      return this;
    }

    public Builder refscanNeedle(String needle) {
      refscanNeedles.add(needle);
      return this;
    }

    /** Validates with the host-independent rules and builds. */
    public BuildRequest build() throws InvalidBuildRequestException {
      RequestDraft d =
          RequestDraft.of(
              inputs,
              commandArgs,
              workingDir,
              scratchPaths,
              inputsDir,
              outputs,
              environmentVars,
              constraints,
              additionalFiles,
              refscanNeedles);
      List<Violation> v = RequestValidator.modelViolations(d);
      if (!v.isEmpty()) {
        throw new InvalidBuildRequestException(v);
      }
      return new BuildRequest(
          inputs,
          commandArgs,
          workingDir,
          scratchPaths,
          inputsDir,
          outputs,
          environmentVars,
          constraints,
          additionalFiles,
          refscanNeedles);
    }
  }
}
