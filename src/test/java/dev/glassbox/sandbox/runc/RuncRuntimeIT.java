package dev.glassbox.sandbox.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogSink;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.runc.ContainerExit.KillReason;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Runs real containers with runc; needs root, runc and a static busybox, else it is skipped. */
@EnabledIf("canRunContainers")
class RuncRuntimeIT {
  private static final Duration EXIT_PATIENCE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path classDir;
  private static Path rootfs;

  @TempDir Path testDir;
  private Path stateRoot;
  private RuncRuntime runtime;
  private final RecordingSink sink = new RecordingSink();
  private final List<String> startedIds = new ArrayList<>();

  static boolean canRunContainers() {
    try {
      return RuncRuntime.findRunc().isPresent()
          && Files.isExecutable(TestBundle.BUSYBOX)
          && ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @BeforeAll
  static void createRootfs() throws IOException {
    rootfs = TestBundle.createRootfs(classDir.resolve("rootfs"));
  }

  @BeforeEach
  void createRuntime() throws Exception {
    // A state root of our own, so that other runc users (and other test runs) are invisible.
    stateRoot = testDir.resolve("runc-state");
    runtime = RuncRuntime.create(stateRoot);
  }

  @AfterEach
  void nothingIsLeftBehind() throws Exception {
    runtime.close();
    // Asked of runc directly, not through the class under test.
    Process list =
        new ProcessBuilder(runcBinary(), "--root", stateRoot.toString(), "list", "-q")
            .redirectErrorStream(true)
            .start();
    String ids = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(list.waitFor()).isZero();
    // Clean up before asserting, so a failing test does not leave containers on the machine.
    for (String id : ids.lines().filter(l -> !l.isBlank()).collect(Collectors.toList())) {
      new ProcessBuilder(runcBinary(), "--root", stateRoot.toString(), "delete", "--force", id)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
    assertThat(ids).as("containers left in %s", stateRoot).isEmpty();
    if (Files.isDirectory(stateRoot)) {
      try (Stream<Path> entries = Files.list(stateRoot)) {
        assertThat(entries).as("runc state directories left").isEmpty();
      }
    }
    String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
    assertThat(mounts).as("mounts left under the test's bundles").doesNotContain(testDir.toString());
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (String id : startedIds) {
      try (Stream<Path> logs = Files.list(tmp)) {
        assertThat(logs.map(p -> p.getFileName().toString()))
            .as("runc log files left for %s", id)
            .noneMatch(name -> name.startsWith("glassbox-runc-" + id + "-"));
      }
    }
    assertThat(processesInContainers()).as("processes still in our containers").isEmpty();
    assertThat(cgroupsOfContainers()).as("cgroups left by our containers").isEmpty();
    // The bundle directories themselves are deleted by @TempDir, which fails the test if it can't.
  }

  /** Live processes whose cgroup is named after one of this test's containers (runc's default). */
  private List<String> processesInContainers() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        String cgroup;
        try {
          cgroup = Files.readString(proc.resolve("cgroup"));
        } catch (IOException e) {
          continue; // the process ended meanwhile
        }
        // A zombie is dead already: a container init that was not our child (detached, or runc
        // killed) is reaped by pid 1, which on some machines takes a second.
        if (status(proc).contains("Z (zombie)")) {
          continue;
        }
        for (String id : startedIds) {
          if (cgroup.contains(id)) {
            found.add(proc.getFileName() + " in " + id + ": " + status(proc));
          }
        }
      }
    }
    return found;
  }

  private static String status(Path proc) {
    try {
      return Files.readAllLines(proc.resolve("status")).stream()
          .filter(l -> l.startsWith("State:") || l.startsWith("PPid:") || l.startsWith("Name:"))
          .collect(Collectors.joining(", "));
    } catch (IOException e) {
      return "gone";
    }
  }

  private List<Path> cgroupsOfContainers() throws IOException {
    Path cgroupRoot = Path.of("/sys/fs/cgroup");
    if (startedIds.isEmpty() || !Files.isDirectory(cgroupRoot)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.find(cgroupRoot, 4, (p, a) -> a.isDirectory())) {
      return dirs.filter(d -> startedIds.contains(d.getFileName().toString()))
          .collect(Collectors.toList());
    }
  }

  // --- output ---

  @Test
  void stdoutAndStderrLinesArriveOnTheirOwnStreams() throws Exception {
    ContainerExit exit = run("echo out1; echo err1 >&2; echo out2; echo err2 >&2");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(0));
    assertThat(sink.texts(LogStream.STDOUT)).containsExactly("out1", "out2");
    assertThat(sink.texts(LogStream.STDERR)).containsExactly("err1", "err2");
    assertThat(sink.lines()).extracting(LogLine::partial).containsOnly(false);
    sink.assertSeqWasConsecutive();
  }

  @Test
  void alternatingWritesKeepTheirOrderInSeq() throws Exception {
    // Writes to two pipes have no common order; they are ordered only if they are further apart
    // than the readers' wake-up latency, so the script pauses between them.
    ContainerExit exit =
        run("echo o1; sleep 0.1; echo e2 >&2; sleep 0.1; echo o3; sleep 0.1; "
            + "echo e4 >&2; sleep 0.1; echo o5; sleep 0.1; echo e6 >&2");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(0));
    assertThat(sink.lines())
        .extracting(LogLine::seq, LogLine::stream, LogLine::text)
        .containsExactly(
            tuple(0L, LogStream.STDOUT, "o1"),
            tuple(1L, LogStream.STDERR, "e2"),
            tuple(2L, LogStream.STDOUT, "o3"),
            tuple(3L, LogStream.STDERR, "e4"),
            tuple(4L, LogStream.STDOUT, "o5"),
            tuple(5L, LogStream.STDERR, "e6"));
  }

  @Test
  void lastLineWithoutNewlineIsPartial() throws Exception {
    ContainerExit exit = run("printf 'full\\nhalf'; printf 'err-half' >&2");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(0));
    assertThat(sink.lines())
        .filteredOn(l -> l.stream() == LogStream.STDOUT)
        .extracting(LogLine::text, LogLine::partial)
        .containsExactly(tuple("full", false), tuple("half", true));
    assertThat(sink.lines())
        .filteredOn(l -> l.stream() == LogStream.STDERR)
        .extracting(LogLine::text, LogLine::partial)
        .containsExactly(tuple("err-half", true));
  }

  @Test
  void mebibyteLineWithoutNewlineArrivesAsPartialPiecesCutBetweenCharacters() throws Exception {
    // One ASCII byte, then 2-byte 'é's: every 64 KiB boundary falls inside a character.
    int eCount = 512 * 1024;
    ContainerExit exit = run("printf a; yes é | head -n " + eCount + " | tr -d '\\n'");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(0));
    List<LogLine> lines = sink.lines();
    // Sizes, not texts, in the assertions: a failure message with a 1 MiB string is useless.
    List<Integer> sizes =
        lines.stream()
            .map(l -> l.text().getBytes(StandardCharsets.UTF_8).length)
            .collect(Collectors.toList());
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 + 2 * eCount);
    assertThat(sizes.subList(0, sizes.size() - 1))
        .as("every piece but the last is as full as a cut between characters allows")
        .allSatisfy(
            size ->
                assertThat(size)
                    .isBetween(
                        RuncRuntime.DEFAULT_MAX_LINE_BYTES - 3,
                        RuncRuntime.DEFAULT_MAX_LINE_BYTES));
    assertThat(sizes.get(0)).as("'a' + 32767 'é', since 'é' number 32768 would straddle 64 KiB")
        .isEqualTo(RuncRuntime.DEFAULT_MAX_LINE_BYTES - 1);
    assertThat(lines).extracting(LogLine::partial).containsOnly(true);
    assertThat(lines).extracting(LogLine::stream).containsOnly(LogStream.STDOUT);
    String joined = lines.stream().map(LogLine::text).collect(Collectors.joining());
    assertThat(joined.equals("a" + "é".repeat(eCount))).as("pieces join to the original").isTrue();
  }

  @Test
  void hundredThousandLinesArriveCompleteAndInOrder() throws Exception {
    ContainerExit exit = run("seq 1 100000");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(0));
    List<LogLine> lines = sink.lines();
    assertThat(lines).hasSize(100_000);
    for (int i = 0; i < lines.size(); i++) {
      LogLine line = lines.get(i);
      if (line.seq() != i || !line.text().equals(Integer.toString(i + 1)) || line.partial()) {
        throw new AssertionError("line " + i + " is " + line);
      }
    }
  }

  @Test
  void linesArriveWhileTheContainerIsStillRunning() throws Exception {
    RunningContainer container = start("echo first; sleep 2; echo second");

    LogLine first = sink.await("first", Duration.ofSeconds(10));
    assertThat(container.exit()).as("exit when the first line arrived").isNotDone();

    assertThat(exitOf(container)).isEqualTo(new ContainerExit.Exited(0));
    LogLine second = sink.await("second", Duration.ZERO);
    assertThat(second.epochMillis() - first.epochMillis()).isGreaterThanOrEqualTo(1500);
  }

  // --- how containers end ---

  @Test
  void exitCodeIsPassedOn() throws Exception {
    assertThat(run("echo failing; exit 3")).isEqualTo(new ContainerExit.Exited(3));
    assertThat(sink.texts(LogStream.STDOUT)).containsExactly("failing");
  }

  @Test
  void selfKillOfAProcessThatIsNotPidOneIsSignalled() throws Exception {
    Path bundle =
        TestBundle.write(
            newBundleDir(), rootfs, List.of("/bin/sh", "-c", "echo dying; kill -9 $$"), false);

    ContainerExit exit = exitOf(runtime.start(newId(), bundle, sink));

    assertThat(exit).isEqualTo(new ContainerExit.Signalled(9));
    assertThat(sink.texts(LogStream.STDOUT)).containsExactly("dying");
  }

  @Test
  void selfKillOfPidOneInItsOwnNamespaceIsIgnoredByTheKernel() throws Exception {
    // NOTE for the engine: a build's init is immune to signals sent from inside its pid namespace
    // (it has no handlers), so `kill -9 $$` in the top-level build script does nothing.
    ContainerExit exit = run("kill -9 $$; echo survived");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(0));
    assertThat(sink.texts(LogStream.STDOUT)).containsExactly("survived");
  }

  @Test
  void sigkillOfInitFromOutsideIsSignalled() throws Exception {
    RunningContainer container = start("echo ready; sleep 1000");
    sink.await("ready", Duration.ofSeconds(10));

    long pid = initPid(container.id());
    assertThat(ProcessHandle.of(pid)).isPresent();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    assertThat(exitOf(container)).isEqualTo(new ContainerExit.Signalled(9));
  }

  @Test
  void cancelKillsASleepingContainerWithinASecond() throws Exception {
    RunningContainer container = start("echo ready; sleep 1000");
    sink.await("ready", Duration.ofSeconds(10));
    assertThat(runtime.listContainers()).containsExactly(container.id());

    long started = System.nanoTime();
    ContainerExit exit = container.cancel().get(EXIT_PATIENCE.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(exit).isEqualTo(new ContainerExit.Killed(KillReason.CANCELLED));
    // ~50 ms when idle; the margin is for a machine busy with other builds.
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(runtime.listContainers()).isEmpty();
    assertThat(container.cancel().get(1, TimeUnit.SECONDS)).isEqualTo(exit);
  }

  @Test
  void cancelRightAfterStartKillsTheContainerWhileRuncIsCreatingIt() throws Exception {
    for (int i = 0; i < 5; i++) {
      RunningContainer container = start("echo started; sleep 1000");
      long started = System.nanoTime();
      ContainerExit exit = container.cancel().get(EXIT_PATIENCE.toSeconds(), TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(exit).isEqualTo(new ContainerExit.Killed(KillReason.CANCELLED));
      // Not by the 10 s fallback that stops runc itself: the kill retries until runc has created
      // the container.
      assertThat(took).isLessThan(Duration.ofSeconds(2));
      assertThat(runtime.listContainers()).isEmpty();
    }
  }

  @Test
  void runcKilledUnderARunningContainerIsARuntimeFailureAndTheContainerIsDeleted()
      throws Exception {
    RunningContainer container = start("echo ready; sleep 1000");
    sink.await("ready", Duration.ofSeconds(10));
    ProcessHandle runcRun =
        ProcessHandle.current()
            .children()
            .filter(p -> p.info().arguments().map(a -> List.of(a).contains(container.id())).orElse(false))
            .findFirst()
            .orElseThrow();

    runcRun.destroyForcibly(); // as the OOM killer would; the container keeps running without it

    ContainerExit exit = exitOf(container);
    assertThat(exit).isInstanceOf(ContainerExit.RuntimeFailed.class);
    assertThat(((ContainerExit.RuntimeFailed) exit).message()).contains("runc itself was killed");
    assertThat(runtime.listContainers()).isEmpty();
  }

  @Test
  void timeLimitKillsTheContainerAndSaysSo() throws Exception {
    long started = System.nanoTime();
    RunningContainer container =
        runtime.start(
            newId(), TestBundle.shell(newBundleDir(), rootfs, "sleep 1000"), sink,
            Duration.ofMillis(500));

    ContainerExit exit = exitOf(container);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(exit).isEqualTo(new ContainerExit.Killed(KillReason.TIMED_OUT));
    assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  @Test
  void containerThatEndsBeforeItsTimeLimitIsNotKilled() throws Exception {
    RunningContainer container =
        runtime.start(
            newId(), TestBundle.shell(newBundleDir(), rootfs, "exit 4"), sink,
            Duration.ofMillis(800));

    assertThat(exitOf(container)).isEqualTo(new ContainerExit.Exited(4));
    Thread.sleep(1000); // past the limit: the cancelled timer must not disturb anything
    assertThat(container.exit().getNow(null)).isEqualTo(new ContainerExit.Exited(4));
  }

  @Test
  void closingTheRuntimeCancelsWhatIsRunning() throws Exception {
    RunningContainer container = start("echo ready; sleep 1000");
    sink.await("ready", Duration.ofSeconds(10));

    runtime.close();

    assertThat(container.exit().getNow(null))
        .isEqualTo(new ContainerExit.Killed(KillReason.CANCELLED));
    assertThatThrownBy(() -> start("true")).isInstanceOf(IllegalStateException.class);
  }

  // --- runc's own failures ---

  @Test
  void missingExecutableIsARuntimeFailureWithRuncsMessage() throws Exception {
    Path bundle = TestBundle.write(newBundleDir(), rootfs, List.of("/nonexistent"), true);

    ContainerExit exit = exitOf(runtime.start(newId(), bundle, sink));

    assertThat(exit).isInstanceOf(ContainerExit.RuntimeFailed.class);
    assertThat(((ContainerExit.RuntimeFailed) exit).message())
        .contains("/nonexistent")
        .contains("no such file or directory");
    // runc also prints its error on stderr, where it reaches the sink like build output.
    assertThat(sink.texts(LogStream.STDERR)).anyMatch(t -> t.startsWith("runc run failed:"));
  }

  @Test
  void missingExecutableRunByTheBuildScriptIsABuildFailure() throws Exception {
    ContainerExit exit = run("exec /nonexistent");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(127));
    assertThat(sink.texts(LogStream.STDERR)).anyMatch(t -> t.contains("/nonexistent"));
  }

  @Test
  void buildThatPrintsRuncLikeErrorsIsStillABuildFailure() throws Exception {
    ContainerExit exit =
        run("echo 'time=\"x\" level=error msg=\"runc run failed: fake\"' >&2; "
            + "echo 'ERRO[0000] fake' >&2; exit 1");

    assertThat(exit).isEqualTo(new ContainerExit.Exited(1));
  }

  @Test
  void emptyArgsAndBrokenConfigAreRuntimeFailures() throws Exception {
    Path emptyArgs = TestBundle.write(newBundleDir(), rootfs, List.of(), true);
    ContainerExit exit = exitOf(runtime.start(newId(), emptyArgs, sink));
    assertThat(exit).isEqualTo(new ContainerExit.RuntimeFailed("runc run failed: args must not be empty"));

    Path broken = newBundleDir();
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("config.json"), "{\"ociVersion\":");
    exit = exitOf(runtime.start(newId(), broken, sink));
    assertThat(exit).isInstanceOf(ContainerExit.RuntimeFailed.class);
    // runc's whole message for a truncated config.json is "runc run failed: unexpected EOF".
    assertThat(((ContainerExit.RuntimeFailed) exit).message()).startsWith("runc run failed:");
  }

  @Test
  void missingBundleDirectoryIsRefusedBeforeRuncRuns() {
    assertThatThrownBy(() -> runtime.start(newId(), testDir.resolve("nope"), sink))
        .isInstanceOf(RuncException.class)
        .hasMessageContaining("does not exist");
  }

  // --- ids, listing, orphans ---

  @Test
  void idThatIsRunningCannotBeStartedTwice() throws Exception {
    RunningContainer container = start("echo ready; sleep 1000");

    assertThatThrownBy(
            () -> runtime.start(container.id(), TestBundle.shell(newBundleDir(), rootfs, "true"), sink))
        .isInstanceOf(RuncException.class)
        .hasMessageContaining("already running");
    container.cancel().get(EXIT_PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void idOfAContainerLeftInTheStateRootIsRefusedAndTheContainerSpared() throws Exception {
    String id = newId();
    startDetached(id, TestBundle.shell(newBundleDir(), rootfs, "sleep 1000"));

    assertThatThrownBy(() -> runtime.start(id, TestBundle.shell(newBundleDir(), rootfs, "true"), sink))
        .isInstanceOf(RuncException.class)
        .hasMessageContaining("already exists");
    assertThat(runtime.listContainers()).containsExactly(id);

    runtime.forceDelete(id);
    assertThat(runtime.listContainers()).isEmpty();
  }

  @Test
  void cleanupOrphansDeletesLeftoversItClaimsAndNothingElse() throws Exception {
    String orphan = "orphan-" + UUID.randomUUID();
    String foreign = "foreign-" + UUID.randomUUID();
    startDetached(orphan, TestBundle.shell(newBundleDir(), rootfs, "sleep 1000"));
    startDetached(foreign, TestBundle.shell(newBundleDir(), rootfs, "sleep 1000"));
    RunningContainer own = start("echo ready; sleep 1000");
    sink.await("ready", Duration.ofSeconds(10));
    assertThat(runtime.listContainers()).containsExactlyInAnyOrder(orphan, foreign, own.id());

    List<String> deleted = runtime.cleanupOrphans(id -> !id.startsWith("foreign-"));

    assertThat(deleted).containsExactly(orphan);
    assertThat(runtime.listContainers()).containsExactlyInAnyOrder(foreign, own.id());
    assertThat(own.exit()).isNotDone();

    own.cancel().get(EXIT_PATIENCE.toSeconds(), TimeUnit.SECONDS);
    runtime.forceDelete(foreign);
    assertThat(runtime.listContainers()).isEmpty();
  }

  @Test
  void forceDeleteOfAContainerThatIsGoneIsFine() throws Exception {
    runtime.forceDelete("never-existed");
    assertThat(runtime.listContainers()).isEmpty();
  }

  // --- helpers ---

  private ContainerExit run(String script) throws Exception {
    return exitOf(start(script));
  }

  private RunningContainer start(String script) throws Exception {
    return runtime.start(newId(), TestBundle.shell(newBundleDir(), rootfs, script), sink);
  }

  private static ContainerExit exitOf(RunningContainer container) throws Exception {
    return container.exit().get(EXIT_PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  private String newId() {
    String id = "gbtest-" + UUID.randomUUID();
    startedIds.add(id);
    return id;
  }

  private Path newBundleDir() {
    return testDir.resolve("bundle-" + UUID.randomUUID());
  }

  /** Starts a container the way a Glassbox that was then killed would have left it: running. */
  private void startDetached(String id, Path bundle) throws Exception {
    startedIds.add(id);
    Process detached =
        new ProcessBuilder(
                runcBinary(), "--root", stateRoot.toString(), "run", "--detach", "--bundle",
                bundle.toString(), id)
            .redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(detached.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(detached.exitValue()).as("runc run --detach").isZero();
  }

  private long initPid(String id) throws Exception {
    Process state =
        new ProcessBuilder(runcBinary(), "--root", stateRoot.toString(), "state", id).start();
    byte[] json = state.getInputStream().readAllBytes();
    assertThat(state.waitFor()).isZero();
    return JSON.readTree(json).path("pid").asLong();
  }

  private String runcBinary() {
    return runtime.runcBinary().toString();
  }

  /** Collects lines and checks the sink contract: seq consecutive, never called concurrently. */
  private static final class RecordingSink implements LogSink {
    private final List<LogLine> lines = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long expectedSeq;

    @Override
    public synchronized void accept(LogLine line) {
      if (line.seq() != expectedSeq) {
        violations.add("expected seq " + expectedSeq + ", got " + line);
      }
      expectedSeq = line.seq() + 1;
      lines.add(line);
      notifyAll();
    }

    synchronized List<LogLine> lines() {
      assertThat(violations).isEmpty();
      return List.copyOf(lines);
    }

    synchronized List<String> texts(LogStream stream) {
      return lines().stream()
          .filter(l -> l.stream() == stream)
          .map(LogLine::text)
          .collect(Collectors.toList());
    }

    void assertSeqWasConsecutive() {
      List<LogLine> all = lines();
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).seq()).isEqualTo(i);
      }
    }

    synchronized LogLine await(String text, Duration patience) throws InterruptedException {
      long deadline = System.nanoTime() + patience.toNanos();
      while (true) {
        for (LogLine line : lines) {
          if (line.text().equals(text)) {
            return line;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("no line '" + text + "' within " + patience + "; got " + lines);
        }
        wait(left);
      }
    }
  }
}
