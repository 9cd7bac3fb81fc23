package dev.glassbox.browse;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.oci.HostOutputPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trees one build offers to look at: its inputs (from the store, and through the live mount
 * while one is up), the scratch directories of its sandbox while it runs or is kept, and its
 * outputs. Paths are shown as the build saw them inside its sandbox.
 */
public final class BuildTrees {

  /**
   * One output of a successful build.
   *
   * @param sandboxPath the output's path in the sandbox, with a leading '/'
   * @param node what was ingested
   * @param needles indices of the refscan needles found in it
   */
  public record Output(String sandboxPath, NamedNode node, List<Integer> needles) {
    public Output {
      Objects.requireNonNull(sandboxPath, "sandboxPath");
      Objects.requireNonNull(node, "node");
      needles = List.copyOf(needles);
    }
  }

  private final BuildRecord record;
  private final Optional<BuildRequest> request;
  private final String problem;
  private final StoreTreeSource inputsFromStore;
  private final Optional<DiskTreeSource> inputsFromMount;
  private final String noMountReason;
  private final Optional<DiskTreeSource> scratch;
  private final String noScratchReason;
  private final List<Output> outputs;
  private final StoreTreeSource outputsSource;

  private BuildTrees(
      BuildRecord record,
      Optional<BuildRequest> request,
      String problem,
      StoreTreeSource inputsFromStore,
      Optional<DiskTreeSource> inputsFromMount,
      String noMountReason,
      Optional<DiskTreeSource> scratch,
      String noScratchReason,
      List<Output> outputs,
      StoreTreeSource outputsSource) {
    this.record = record;
    this.request = request;
    this.problem = problem;
    this.inputsFromStore = inputsFromStore;
    this.inputsFromMount = inputsFromMount;
    this.noMountReason = noMountReason;
    this.scratch = scratch;
    this.noScratchReason = noScratchReason;
    this.outputs = List.copyOf(outputs);
    this.outputsSource = outputsSource;
  }

  /**
   * What {@code record} offers.
   *
   * @param mountedInputs where the build's inputs are mounted right now, if they are (see {@code
   *     BuildService.mountedInputs}); its parent is the build's bundle
   */
  public static BuildTrees of(BuildRecord record, Castore store, Optional<Path> mountedInputs) {
    Optional<BuildRequest> request = Optional.empty();
    String problem = "";
    if (record.requestJson().isEmpty()) {
      problem =
          "this build never got a valid request (it failed reading "
              + record.requestFile().map(Path::toString).orElse("its request file")
              + "), so it has no inputs to show";
    } else {
      try {
        // Host-independent: a request recorded elsewhere, or with inputs since collected, still
        // shows its tree as far as the store has it.
        request =
            Optional.of(
                new RequestReader(RequestValidator.hostIndependent())
                    .parse(record.requestJson().get(), null, null));
      } catch (InvalidBuildRequestException e) {
        problem = "the recorded request of this build cannot be read: " + e.getMessage();
      }
    }
    List<StoreTreeSource.Root> inputRoots = new ArrayList<>();
    request.ifPresent(r -> r.inputs().forEach(n -> inputRoots.add(StoreTreeSource.Root.of(n))));
    StoreTreeSource fromStore = new StoreTreeSource(store, inputRoots);

    Optional<Path> bundle = Optional.empty();
    Optional<DiskTreeSource> fromMount = Optional.empty();
    String noMount = "";
    if (mountedInputs.isPresent()) {
      bundle = Optional.ofNullable(mountedInputs.get().getParent());
      fromMount =
          Optional.of(
              DiskTreeSource.children(
                  "the live mount at " + mountedInputs.get(),
                  mountedInputs.get(),
                  Optional.of(fromStore)));
    } else if (record.liveSandbox().isPresent()) {
      bundle = record.liveSandbox();
      Path inputs = bundle.get().resolve("inputs");
      if (isMountPoint(inputs)) {
        fromMount =
            Optional.of(
                DiskTreeSource.children(
                    "the kept sandbox's mount at " + inputs, inputs, Optional.of(fromStore)));
      } else {
        noMount =
            "the kept sandbox's inputs are not mounted (they are unmounted when the build ends);"
                + " they are read from the store";
      }
    } else {
      noMount = noMountReason(record.status());
    }

    Optional<DiskTreeSource> scratch = Optional.empty();
    String noScratch = "";
    if (bundle.isPresent() && request.isPresent() && !request.get().scratchPaths().isEmpty()) {
      Map<String, Path> dirs = new LinkedHashMap<>();
      for (String p : request.get().scratchPaths()) {
        Path host = HostOutputPaths.scratchDir(bundle.get(), p);
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
          dirs.put(p, host);
        }
      }
      if (!dirs.isEmpty()) {
        scratch =
            Optional.of(DiskTreeSource.roots("the scratch directories in " + bundle.get(), dirs));
      }
    }
    if (scratch.isEmpty()) {
      noScratch =
          request.isPresent() && request.get().scratchPaths().isEmpty()
              ? "this build has no scratch paths"
              : "scratch directories exist only while the build runs, or when its sandbox is kept"
                  + " (Settings ▸ keep failed sandboxes, or 'glassbox build --keep')";
    }

    List<Output> outputs = new ArrayList<>();
    List<StoreTreeSource.Root> outputRoots = new ArrayList<>();
    List<NamedNode> nodes = record.outputs();
    for (int i = 0; i < nodes.size(); i++) {
      String path =
          request.isPresent() && i < request.get().outputs().size()
              ? request.get().outputs().get(i)
              : nodes.get(i).name().toString();
      List<Integer> needles =
          i < record.outputsNeedles().size() ? record.outputsNeedles().get(i) : List.of();
      outputs.add(new Output("/" + path, nodes.get(i), needles));
      outputRoots.add(new StoreTreeSource.Root(path, nodes.get(i).node()));
    }
    return new BuildTrees(
        record,
        request,
        problem,
        fromStore,
        fromMount,
        noMount,
        scratch,
        noScratch,
        outputs,
        new StoreTreeSource(store, outputRoots));
  }

  private static String noMountReason(BuildStatus status) {
    return switch (status) {
      case QUEUED -> "the build has not started, so nothing is mounted yet";
      case RUNNING ->
          "the inputs are not mounted at this moment (the build is setting up or cleaning up, or"
              + " runs in another Glassbox process)";
      default ->
          "the build has ended and its mount went with it; its inputs are read from the store";
    };
  }

  /** A directory on another file system than its parent's: something is mounted on it. */
  static boolean isMountPoint(Path dir) {
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Object here = Files.readAttributes(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS).get("dev");
      Object above =
          Files.readAttributes(dir.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS).get("dev");
      return !Objects.equals(here, above);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // A stale mount (its server gone) cannot be read either way: nothing to browse there.
      return false;
    }
  }

  public BuildRecord record() {
    return record;
  }

  /** The build's resolved request; empty when it has none that can be read ({@link #problem}). */
  public Optional<BuildRequest> request() {
    return request;
  }

  /** Why there is no request to show; empty when there is one. */
  public String problem() {
    return problem;
  }

  /** Where the inputs appear in the sandbox, e.g. {@code /nix/store}. */
  public String inputsPrefix() {
    return request.map(r -> "/" + r.inputsDir()).orElse("/");
  }

  public StoreTreeSource inputsFromStore() {
    return inputsFromStore;
  }

  public Optional<DiskTreeSource> inputsFromMount() {
    return inputsFromMount;
  }

  /** Why {@link #inputsFromMount} is empty. */
  public String noMountReason() {
    return noMountReason;
  }

  /** The sandbox's scratch directories, one root each, named by their sandbox path. */
  public Optional<DiskTreeSource> scratch() {
    return scratch;
  }

  /** Why {@link #scratch} is empty. */
  public String noScratchReason() {
    return noScratchReason;
  }

  public List<Output> outputs() {
    return outputs;
  }

  /** The outputs as one tree, each root named by its sandbox path without the leading '/'. */
  public StoreTreeSource outputsSource() {
    return outputsSource;
  }

  /** {@code prefix + "/" + path}, the path as the build saw it. */
  public static String sandboxPath(String prefix, TreePath path) {
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return path.isRoot() ? (base.isEmpty() ? "/" : base) : base + "/" + path;
  }
}
