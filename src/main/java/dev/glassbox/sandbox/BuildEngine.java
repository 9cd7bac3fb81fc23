package dev.glassbox.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.InvalidNameException;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.castore.ingest.IngestException;
import dev.glassbox.castore.ingest.HostTrees;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.castore.refscan.ReferencePattern;
import dev.glassbox.castore.refscan.ReferenceScanner;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.RequestWriter;
import dev.glassbox.request.Violation;
import dev.glassbox.sandbox.access.AccessRecorder;
import dev.glassbox.sandbox.access.InputAccess;
import dev.glassbox.sandbox.oci.BundleException;
import dev.glassbox.sandbox.oci.BundleWriter;
import dev.glassbox.sandbox.oci.HostOutputPaths;
import dev.glassbox.sandbox.oci.IdMapping;
import dev.glassbox.sandbox.oci.OciSpecFactory;
import dev.glassbox.sandbox.oci.SpecOptions;
import dev.glassbox.sandbox.runc.ContainerExit;
import dev.glassbox.sandbox.runc.RuncException;
import dev.glassbox.sandbox.runc.RuncRuntime;
import dev.glassbox.sandbox.runc.RunningContainer;
import dev.glassbox.sandbox.shell.Toolbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one build request in an OCI sandbox: bundle, FUSE inputs, runc, outputs ingested back into
 * the store, and always a clean-up. Thread-safe; each {@link #prepare} gives one {@link Execution}.
 */
public final class BuildEngine {
  private static final Logger LOG = LoggerFactory.getLogger(BuildEngine.class);

  /** Marks a bundle that was kept on purpose; startup clean-up leaves such bundles alone. */
  public static final String KEPT_MARKER = "glassbox-sandbox.json";

  /**
   * {@code <bundle>.lock} beside each bundle is held by the process that runs it; clean-up skips
   * bundles whose lock is taken (another live Glassbox process).
   */
  public static final String LOCK_SUFFIX = ".lock";

  public static final String CONTAINER_PREFIX = "glassbox-";

  /** How often a build that may pause looks at its wrapper's state. */
  private static final Duration PAUSE_POLL = Duration.ofMillis(100);

  private final Castore store;
  private final SandboxSettings settings;
  private final RuncRuntime runtime;
  private final InputMounter mounter;
  private final ExecutorService ioPool;
  private final RequestValidator validator;

  public BuildEngine(
      Castore store,
      SandboxSettings settings,
      RuncRuntime runtime,
      InputMounter mounter,
      ExecutorService ioPool) {
    this.store = store;
    this.settings = settings;
    this.runtime = runtime;
    this.mounter = mounter;
    this.ioPool = ioPool;
    this.validator = RequestValidator.forThisHost(store);
  }

  public SandboxSettings settings() {
    return settings;
  }

  /** Opens shells in paused builds' containers and in kept sandboxes. */
  public dev.glassbox.sandbox.shell.SandboxShells shells() {
    return new dev.glassbox.sandbox.shell.SandboxShells(
        runtime.runcBinary(), runtime.stateRoot(), mounter, settings);
  }

  /** A build ready to run; call {@link Execution#run()} on the thread that should do the work. */
  public Execution prepare(BuildRequest request, BuildOptions options, BuildListener listener) {
    return new Execution(UUID.randomUUID().toString(), request, options, listener);
  }

  /** The same, with a given id (the service allocates ids before builds start). */
  public Execution prepare(String id, BuildRequest request, BuildOptions options, BuildListener listener) {
    return new Execution(id, request, options, listener);
  }

  /**
   * Removes what killed processes left: FUSE mounts, runc containers and bundles that were not
   * kept. Bundles locked by a live process (another Glassbox) are left alone.
   *
   * @return one line per thing cleaned, for the log
   */
  public List<String> cleanupAbandoned() {
    List<String> cleaned = new ArrayList<>();
    Path root = settings.bundleRoot();
    if (!Files.isDirectory(root)) {
      return cleaned;
    }
    List<Path> abandoned = new ArrayList<>();
    try (var dirs = Files.list(root)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !lockedByLiveProcess(dir)) {
          abandoned.add(dir);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list bundles in {}: {}", root, e.getMessage());
      return cleaned;
    }
    for (Path dir : abandoned) {
      for (Path m : mounter.cleanupStale(dir)) {
        cleaned.add("unmounted stale input mount " + m);
      }
    }
    try {
      List<String> abandonedIds =
          abandoned.stream().map(d -> CONTAINER_PREFIX + d.getFileName()).collect(Collectors.toList());
      for (String id : runtime.cleanupOrphans(abandonedIds::contains)) {
        cleaned.add("deleted orphaned container " + id);
      }
    } catch (RuncException e) {
      LOG.warn("cannot clean up orphaned containers: {}", e.getMessage());
    }
    for (Path dir : abandoned) {
      if (!Files.exists(dir.resolve(KEPT_MARKER))) {
        try {
          HostTrees.delete(dir);
          Files.deleteIfExists(lockFileOf(dir));
          cleaned.add("removed abandoned bundle " + dir);
        } catch (IOException e) {
          LOG.warn("cannot remove abandoned bundle {}: {}", dir, e.getMessage());
        }
      }
    }
    return cleaned;
  }

  private static boolean lockedByLiveProcess(Path bundle) {
    Path lock = lockFileOf(bundle);
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true; // locked by this very process
    } catch (IOException e) {
      return false;
    }
  }

  private static Path lockFileOf(Path bundle) {
    return bundle.resolveSibling(bundle.getFileName() + LOCK_SUFFIX);
  }

  /** One build from start to clean-up. */
  public final class Execution {
    private final String id;
    private final BuildRequest request;
    private final BuildOptions options;
    private final BuildListener listener;
    private final List<PhaseTiming> timings = new ArrayList<>();
    private volatile boolean cancelRequested;
    private volatile Phase currentPhase = Phase.VALIDATE;
    private volatile RunningContainer container;
    // Set while the inputs are mounted, so a viewer can read them as the build sees them.
    private volatile Path mountedInputs;
    private volatile Toolbox.Failure paused;
    private volatile boolean resumeRequested;
    private volatile boolean stopRequested;
    private Instant phaseStart;
    // Set while the inputs are mounted with tracing; log lines tell it where the build is.
    private volatile AccessRecorder accessRecorder;

    private Execution(String id, BuildRequest request, BuildOptions options, BuildListener listener) {
      this.id = id;
      this.request = request;
      this.options = options;
      this.listener = listener;
    }

    public String id() {
      return id;
    }

    public BuildRequest request() {
      return request;
    }

    /**
     * The host directory where this build's inputs are mounted right now (FUSE, read-only), or
     * empty before the mount and from the start of clean-up on. A reader racing the clean-up sees
     * the mount go away under it (the unmount is lazy, so it never blocks the clean-up).
     */
    public Optional<Path> mountedInputs() {
      return Optional.ofNullable(mountedInputs);
    }

    /** Stops the build in whatever phase it is; safe from any thread, any number of times. */
    public void cancel() {
      cancelRequested = true;
      RunningContainer c = container;
      if (c != null) {
        c.cancel();
      }
    }

    /** Runs the build to the end on the calling thread; never throws for a build problem. */
    public BuildResult run() {
      Path bundle = settings.bundleRoot().resolve(id);
      InputMounter.MountedInputs mount = null;
      FileChannel lockChannel = null;
      BuildOutcome outcome;
      try {
        outcome = validate();
        if (outcome == null) {
          begin(Phase.WRITE_BUNDLE);
          lockChannel = lockBundle(bundle);
          outcome = writeBundle(bundle);
          end();
        }
        List<Path> hostOutputs = HostOutputPaths.of(request, bundle);
        if (outcome == null && !checkCancelled()) {
          begin(Phase.MOUNT_INPUTS);
          try {
            if (options.traceInputs()) {
              AccessRecorder recorder = new AccessRecorder();
              mount = mounter.mount(request.inputs(), bundle.resolve("inputs"), recorder);
              accessRecorder = recorder;
            } else {
              mount = mounter.mount(request.inputs(), bundle.resolve("inputs"));
            }
            mountedInputs = bundle.resolve("inputs");
          } catch (SandboxException e) {
            outcome = new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.MOUNT, e.getMessage());
          }
          end();
        }
        if (outcome == null && !checkCancelled()) {
          outcome = runContainer(bundle);
        }
        if (outcome == null && !checkCancelled()) {
          begin(Phase.INGEST_OUTPUTS);
          outcome = ingestOutputs(hostOutputs);
          end();
        }
        if (outcome == null) {
          outcome = new BuildOutcome.Cancelled(currentPhase);
        }
      } catch (SetupFailure f) {
        end();
        outcome = f.outcome;
      } catch (RuntimeException e) {
        // A bug must not leave mounts or bundles behind: record it as a setup failure and clean up.
        LOG.error("build {} failed unexpectedly in phase {}", id, currentPhase, e);
        end();
        outcome =
            new BuildOutcome.SetupFailed(
                BuildOutcome.SetupStep.BUNDLE, "internal error in phase " + currentPhase.label() + ": " + e);
      }
      Optional<Path> kept = cleanUp(bundle, mount, lockChannel, outcome);
      // Taken after the unmount, so no access can arrive later.
      AccessRecorder recorder = accessRecorder;
      Optional<InputAccess> access =
          recorder == null ? Optional.empty() : Optional.of(recorder.snapshot());
      BuildResult result = new BuildResult(id, outcome, timings, kept, settings.mode(), access);
      emit(new BuildEvent.Finished(id, result));
      return result;
    }

    private BuildOutcome validate() {
      begin(Phase.VALIDATE);
      List<Violation> violations = validator.check(request);
      end();
      if (!violations.isEmpty()) {
        return new BuildOutcome.SetupFailed(
            BuildOutcome.SetupStep.VALIDATION,
            violations.stream().map(v -> (v.field().isEmpty() ? "" : v.field() + ": ") + v.message()).collect(Collectors.joining("; ")));
      }
      if (request.constraints().map(c -> c.provideBinSh()).orElse(false) && settings.sandboxShell().isEmpty()) {
        return new BuildOutcome.SetupFailed(
            BuildOutcome.SetupStep.BUNDLE,
            "the request asks for /bin/sh (provideBinSh) but no static sandbox shell is installed;"
                + " install it with 'apt-get install busybox-static'");
      }
      if (options.pauseOnFailure()) {
        Optional<String> clash = Toolbox.clash(request);
        if (clash.isPresent()) {
          return new BuildOutcome.SetupFailed(
              BuildOutcome.SetupStep.VALIDATION,
              clash.get() + " lies in " + Toolbox.MOUNT + ", which pausing on failure reserves for"
                  + " its toolbox; move it elsewhere or build without pausing");
        }
      }
      if (options.pauseOnFailure() && settings.sandboxShell().isEmpty()) {
        return new BuildOutcome.SetupFailed(
            BuildOutcome.SetupStep.BUNDLE,
            "pausing on failure needs a static busybox for the sandbox's toolbox, and none is"
                + " installed; install it with 'apt-get install busybox-static' or build without"
                + " pausing");
      }
      return null;
    }

    private BuildOutcome writeBundle(Path bundle) throws SetupFailure {
      if (settings.mode() == RuntimeMode.USER_NAMESPACE) {
        Optional<Path> closed = SandboxSettings.firstClosedAncestor(bundle);
        if (closed.isPresent()) {
          throw new SetupFailure(
              new BuildOutcome.SetupFailed(
                  BuildOutcome.SetupStep.BUNDLE,
                  "user-namespace builds need every folder above the bundle to be searchable by"
                      + " other users, but "
                      + closed.get()
                      + " is not; run 'chmod o+x "
                      + closed.get()
                      + "' or keep bundles elsewhere"));
        }
      }
      ObjectNode spec = OciSpecFactory.make(request, specOptions());
      if (settings.mode() == RuntimeMode.ROOT) {
        giveTmpToBuildUser(spec);
      }
      ObjectNode process = spec.get("process").deepCopy();
      if (options.pauseOnFailure()) {
        Toolbox.addMounts(spec, bundle, settings.sandboxShell().orElseThrow());
        Toolbox.wrapProcess(spec);
      }
      try {
        new BundleWriter().write(bundle, request, spec);
      } catch (BundleException e) {
        throw new SetupFailure(new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.BUNDLE, e.getMessage()));
      }
      if (options.pauseOnFailure()) {
        long offset = settings.mode() == RuntimeMode.USER_NAMESPACE ? settings.idMapBase() : 0;
        try {
          Toolbox.install(
              bundle, process, offset + settings.buildUid(), offset + settings.buildGid());
        } catch (IOException e) {
          throw new SetupFailure(
              new BuildOutcome.SetupFailed(
                  BuildOutcome.SetupStep.BUNDLE,
                  "cannot write the debugging toolbox into " + bundle + ": " + e.getMessage()
                      + "; check that " + settings.bundleRoot() + " is writable"));
        }
      }
      announceConfig(bundle);
      return null;
    }

    /**
     * Reads back the config.json as runc will see it (not the spec object, which a later change to
     * the writer could make differ) and reports it; a failure to read only costs the report.
     */
    private void announceConfig(Path bundle) {
      Path config = bundle.resolve("config.json");
      try {
        String json = Files.readString(config, StandardCharsets.UTF_8);
        emit(new BuildEvent.BundleWritten(id, bundle, json));
      } catch (IOException e) {
        LOG.warn("cannot read back {} of build {}: {}", config, id, e.toString());
      }
    }

    /**
     * Glassbox decides: without a user namespace the build has no CAP_DAC_OVERRIDE, so tvix's
     * root-owned mode-700 /tmp would be unusable; the tmpfs is given to the build user instead.
     */
    private void giveTmpToBuildUser(ObjectNode spec) {
      for (com.fasterxml.jackson.databind.JsonNode m : spec.withArray("mounts")) {
        if ("/tmp".equals(m.path("destination").asText())) {
          com.fasterxml.jackson.databind.node.ArrayNode opts = (com.fasterxml.jackson.databind.node.ArrayNode) m.get("options");
          opts.add("uid=" + settings.buildUid());
          opts.add("gid=" + settings.buildGid());
        }
      }
    }

    private SpecOptions specOptions() {
      Optional<String> shell = settings.sandboxShell().map(Path::toString);
      if (settings.mode() == RuntimeMode.ROOT) {
        return SpecOptions.root(shell, settings.buildUid(), settings.buildGid());
      }
      // Container ids 0..65535 map onto an unprivileged host range: even container root is nobody.
      List<IdMapping> map = List.of(new IdMapping(settings.idMapBase(), 0, 65536));
      return SpecOptions.rootless(shell, map, map, settings.buildUid(), settings.buildGid());
    }

    private FileChannel lockBundle(Path bundle) throws SetupFailure {
      try {
        Files.createDirectories(bundle.getParent());
        FileChannel ch =
            FileChannel.open(lockFileOf(bundle), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.lock();
        return ch;
      } catch (IOException e) {
        throw new SetupFailure(
            new BuildOutcome.SetupFailed(
                BuildOutcome.SetupStep.BUNDLE,
                "cannot create the bundle directory " + bundle + ": " + e.getMessage()
                    + "; check that " + settings.bundleRoot() + " is writable"));
      }
    }

    private BuildOutcome runContainer(Path bundle) {
      begin(Phase.START_CONTAINER);
      RunningContainer c;
      try {
        c =
            runtime.start(
                CONTAINER_PREFIX + id,
                bundle,
                line -> {
                  AccessRecorder r = accessRecorder;
                  if (r != null) {
                    r.logLine(line.seq());
                  }
                  emit(new BuildEvent.Log(id, line));
                },
                options.timeout());
      } catch (RuncException e) {
        end();
        return new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.RUNTIME, e.getMessage());
      }
      container = c;
      if (cancelRequested) {
        c.cancel();
      }
      end();
      begin(Phase.RUN);
      ContainerExit exit;
      try {
        exit = options.pauseOnFailure() ? awaitPausing(c, bundle) : c.exit().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.cancel().join();
        exit = new ContainerExit.Killed(ContainerExit.KillReason.CANCELLED);
      } catch (ExecutionException e) {
        end();
        return new BuildOutcome.SetupFailed(BuildOutcome.SetupStep.RUNTIME, "runc failed: " + e.getCause());
      } finally {
        container = null;
      }
      Toolbox.Failure stoppedAfter = paused;
      paused = null;
      end();
      if (exit instanceof ContainerExit.Exited e) {
        return e.code() == 0 ? null : BuildOutcome.Failed.exit(e.code());
      }
      if (exit instanceof ContainerExit.Signalled s) {
        return BuildOutcome.Failed.signal(s.signal());
      }
      if (exit instanceof ContainerExit.Killed && stoppedAfter != null) {
        // Stopped (or cancelled, or shut down) while paused: the command's failure is the outcome.
        int st = stoppedAfter.status();
        String how =
            st > 128 ? "was killed by signal " + (st - 128) : "exited with code " + st;
        return new BuildOutcome.Failed(
            st > 128 ? null : st,
            st > 128 ? st - 128 : null,
            "the command " + how + " (attempt " + stoppedAfter.attempt()
                + "); the build was paused after the failure and then stopped");
      }
      if (exit instanceof ContainerExit.Killed k) {
        return k.reason() == ContainerExit.KillReason.TIMED_OUT
            ? new BuildOutcome.TimedOut(options.timeout())
            : new BuildOutcome.Cancelled(Phase.RUN);
      }
      return new BuildOutcome.SetupFailed(
          BuildOutcome.SetupStep.RUNTIME, ((ContainerExit.RuntimeFailed) exit).message());
    }

    /**
     * Waits for the container like {@code c.exit().get()}, and meanwhile watches the toolbox's
     * wrapper: a failed attempt pauses the build (phase {@link Phase#PAUSED}, time limit stopped)
     * until {@link #resume()} runs the command again or {@link #stopPaused()} kills the container.
     */
    private ContainerExit awaitPausing(RunningContainer c, Path bundle)
        throws InterruptedException, ExecutionException {
      int seenAttempt = 0;
      while (true) {
        try {
          return c.exit().get(PAUSE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // still running (or paused); look at the wrapper's state
        }
        Toolbox.Failure p = paused;
        if (p == null) {
          Optional<Toolbox.Failure> f = Toolbox.readFailure(bundle);
          if (f.isPresent() && f.get().attempt() > seenAttempt) {
            seenAttempt = f.get().attempt();
            c.suspendTimeout();
            paused = f.get();
            end();
            begin(Phase.PAUSED);
            if (stopRequested || cancelRequested) {
              c.cancel();
            }
          }
        } else if (resumeRequested) {
          resumeRequested = false;
          try {
            Toolbox.requestRerun(bundle);
          } catch (IOException ex) {
            LOG.warn("cannot resume build {}: {}", id, ex.toString());
            continue;
          }
          paused = null;
          end();
          begin(Phase.RUN);
          c.restartTimeout(options.timeout());
        }
      }
    }

    /** Where this build's bundle is (or will be). */
    public Path bundle() {
      return settings.bundleRoot().resolve(id);
    }

    /** The runc container id of this build. */
    public String containerId() {
      return CONTAINER_PREFIX + id;
    }

    /** The failed attempt the build is paused after, while it is paused. */
    public Optional<Toolbox.Failure> pausedAfter() {
      return Optional.ofNullable(paused);
    }

    /**
     * Runs the command again in the paused container, as it is now (scratch, /tmp and whatever
     * was fixed by hand): if it succeeds the build goes on to ingest its outputs, if it fails the
     * build pauses again.
     *
     * @return false if the build is not paused
     */
    public boolean resume() {
      if (paused == null || stopRequested) {
        return false;
      }
      resumeRequested = true;
      return true;
    }

    /**
     * Ends a paused build: kills its container and cleans up; it ends failed with the failed
     * attempt's status.
     *
     * @return false if the build is not paused
     */
    public boolean stopPaused() {
      if (paused == null) {
        return false;
      }
      stopRequested = true;
      RunningContainer c = container;
      if (c != null) {
        c.cancel();
      }
      return true;
    }

    private BuildOutcome ingestOutputs(List<Path> hostOutputs) {
      ReferencePattern pattern = ReferencePattern.ofStrings(request.refscanNeedles());
      List<NamedNode> outputs = new ArrayList<>();
      List<List<Integer>> needles = new ArrayList<>();
      for (int i = 0; i < hostOutputs.size(); i++) {
        String output = request.outputs().get(i);
        Path host = hostOutputs.get(i);
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
          return new BuildOutcome.Failed(
              0, null, "the command exited 0 but did not create its declared output /" + output);
        }
        ReferenceScanner scanner = new ReferenceScanner(pattern);
        Node node;
        try {
          node = new Ingester(store, ioPool).ingest(host, cancellable(scanningObserver(scanner)));
        } catch (IngestException e) {
          if (cancelRequested) {
            // The aborted import committed nothing (one batch per output).
            return new BuildOutcome.Cancelled(Phase.INGEST_OUTPUTS);
          }
          return new BuildOutcome.SetupFailed(
              BuildOutcome.SetupStep.INGEST, "cannot ingest output /" + output + ": " + e.getMessage());
        }
        outputs.add(new NamedNode(outputName(output), node));
        needles.add(Arrays.stream(scanner.found()).boxed().toList());
      }
      if (cancelRequested) {
        // Outputs ingested before the cancel stay in the store unreferenced, for gc to drop.
        return new BuildOutcome.Cancelled(Phase.INGEST_OUTPUTS);
      }
      return new BuildOutcome.Succeeded(outputs, needles);
    }

    private PathComponent outputName(String output) {
      String last = output.substring(output.lastIndexOf('/') + 1);
      try {
        return PathComponent.of(last.isEmpty() ? "out" : last);
      } catch (InvalidNameException e) {
        throw new IllegalStateException("validated output path has an invalid last component", e);
      }
    }

    /** Stops an ingest at the next file or symlink once the build is cancelled. */
    private Ingester.Observer cancellable(Ingester.Observer inner) {
      return new Ingester.Observer() {
        @Override
        public void file(Path hostPath, FileNode node) throws CastoreException {
          stopIfCancelled(hostPath);
          inner.file(hostPath, node);
        }

        @Override
        public void symlink(Path hostPath, SymlinkTarget target) throws CastoreException {
          stopIfCancelled(hostPath);
          inner.symlink(hostPath, target);
        }

        private void stopIfCancelled(Path at) throws CastoreException {
          if (cancelRequested) {
            throw new CastoreException("the build was cancelled while its outputs were ingested (at " + at + ")");
          }
        }
      };
    }

    private Ingester.Observer scanningObserver(ReferenceScanner scanner) {
      if (scanner.pattern().size() == 0) {
        return new Ingester.Observer() {
          @Override
          public void file(Path hostPath, FileNode node) {}

          @Override
          public void symlink(Path hostPath, SymlinkTarget target) {}
        };
      }
      return new Ingester.Observer() {
        @Override
        public void file(Path hostPath, FileNode node) throws CastoreException {
          try (InputStream in = Files.newInputStream(hostPath)) {
            scanner.scanStream(in);
          } catch (IOException e) {
            throw new CastoreException("cannot scan " + hostPath + " for references: " + e.getMessage(), e);
          }
        }

        @Override
        public void symlink(Path hostPath, SymlinkTarget target) {
          scanner.scan(target.bytes());
        }
      };
    }

    private Optional<Path> cleanUp(
        Path bundle, InputMounter.MountedInputs mount, FileChannel lock, BuildOutcome outcome) {
      begin(Phase.CLEAN_UP);
      mountedInputs = null;
      Optional<Path> kept = Optional.empty();
      try {
        if (mount != null) {
          mount.close();
        }
        RunningContainer c = container;
        if (c != null) {
          c.cancel().join();
        }
        if (Files.exists(bundle)) {
          if (options.keep().keeps(outcome) && !(outcome instanceof BuildOutcome.SetupFailed sf && sf.step() == BuildOutcome.SetupStep.VALIDATION)) {
            writeKeptMarker(bundle, outcome);
            kept = Optional.of(bundle);
          } else {
            HostTrees.delete(bundle);
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("clean-up of build {} was incomplete: {}", id, e.toString());
      } finally {
        if (lock != null) {
          try {
            Files.deleteIfExists(lockFileOf(bundle));
            lock.close();
          } catch (IOException ignored) {
            // the lock dies with the channel anyway
          }
        }
        end();
      }
      return kept;
    }

    private void writeKeptMarker(Path bundle, BuildOutcome outcome) throws IOException {
      ObjectNode marker = RequestWriter.toTree(request).objectNode();
      marker.put("buildId", id);
      marker.put("status", outcome.status());
      marker.put("keptAt", Instant.now().toString());
      marker.set("request", RequestWriter.toTree(request));
      Files.writeString(bundle.resolve(KEPT_MARKER), marker.toPrettyString(), StandardCharsets.UTF_8);
    }

    private boolean checkCancelled() {
      return cancelRequested;
    }

    private void begin(Phase phase) {
      currentPhase = phase;
      phaseStart = Instant.now();
      emit(new BuildEvent.PhaseStarted(id, phase, phaseStart));
    }

    private void end() {
      if (phaseStart == null) {
        return;
      }
      PhaseTiming t =
          new PhaseTiming(currentPhase, phaseStart, Duration.between(phaseStart, Instant.now()).toMillis());
      phaseStart = null;
      timings.add(t);
      emit(new BuildEvent.PhaseFinished(id, t));
    }

    private void emit(BuildEvent e) {
      try {
        listener.onEvent(e);
      } catch (RuntimeException ex) {
        LOG.warn("a build listener failed on {}: {}", e.getClass().getSimpleName(), ex.toString());
      }
    }
  }

  /** Carries a setup outcome out of a helper method. */
  private static final class SetupFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient BuildOutcome outcome;

    SetupFailure(BuildOutcome outcome) {
      super(outcome.status(), null, false, false);
      this.outcome = outcome;
    }
  }
}
