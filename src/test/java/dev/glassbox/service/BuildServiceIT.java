package dev.glassbox.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.StoreLock;
import dev.glassbox.sandbox.BuildEngine;
import dev.glassbox.sandbox.BuildEvent;
import dev.glassbox.sandbox.BuildOptions;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.sandbox.KeepSandbox;
import dev.glassbox.sandbox.LogStream;
import dev.glassbox.sandbox.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The build service on real sandboxes: queueing, cancelling in every state, events, rebuilds. */
@EnabledIf("dev.glassbox.service.ServiceHarness#canRunSandboxes")
class BuildServiceIT {
  @TempDir Path tmp;

  private static BuildRecord await(BuildHandle h) throws Exception {
    return h.record().get(120, TimeUnit.SECONDS);
  }

  @Test
  void thirtyBuildsWithTwoAtATimeAllFinishAndAreAllRecorded() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      AtomicInteger runningNow = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();
      Set<String> started = new HashSet<>();
      s.service.subscribeAll(
          batch -> {
            for (ServiceEvent e : batch) {
              if (e instanceof ServiceEvent.Started) {
                started.add(e.buildId());
                peak.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
              } else if (e instanceof ServiceEvent.Finished && started.contains(e.buildId())) {
                runningNow.decrementAndGet();
              }
            }
          });
      List<BuildHandle> handles = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        handles.add(s.service.submit(s.shell("echo build " + i + "; sleep 0.1; mkdir -p $out; echo " + i + " > $out/n"), BuildOptions.defaults()));
      }
      assertThat(s.service.running()).isLessThanOrEqualTo(2);
      for (BuildHandle h : handles) {
        assertThat(await(h).status()).as(h.id()).isEqualTo(BuildStatus.SUCCEEDED);
      }
      assertThat(peak.get()).as("builds running at once").isEqualTo(2);
      List<BuildRecord> recorded = s.history.recent(100);
      assertThat(recorded).hasSize(30).allMatch(r -> r.status() == BuildStatus.SUCCEEDED);
      assertThat(recorded.stream().map(BuildRecord::id).toList())
          .containsExactlyInAnyOrderElementsOf(handles.stream().map(BuildHandle::id).toList());
      // FIFO: builds started in the order they were submitted.
      List<BuildRecord> bySubmission = new ArrayList<>(recorded);
      java.util.Collections.reverse(bySubmission);
      for (int i = 1; i < bySubmission.size(); i++) {
        assertThat(bySubmission.get(i).startedAt().orElseThrow()).isAfterOrEqualTo(bySubmission.get(i - 1).startedAt().orElseThrow());
      }
      assertThat(recorded.get(0).phases()).extracting(t -> t.phase())
          .containsExactly(Phase.VALIDATE, Phase.WRITE_BUNDLE, Phase.MOUNT_INPUTS, Phase.START_CONTAINER, Phase.RUN, Phase.INGEST_OUTPUTS, Phase.CLEAN_UP);
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void cancelWhileQueuedRemovesTheBuildAndCancelWhileRunningKillsIt() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults().withMaxConcurrent(1))) {
      BuildHandle running = s.service.submit(s.shell("echo started; sleep 60"), BuildOptions.defaults());
      BuildHandle queued = s.service.submit(s.shell("echo never"), BuildOptions.defaults());
      ServiceHarness.Collector events = new ServiceHarness.Collector();
      s.service.subscribe(running.id(), 0, events);
      events.await(e -> e instanceof ServiceEvent.Log, 30_000);
      assertThat(s.service.queued()).containsExactly(queued.id());

      assertThat(s.service.cancel(queued.id().substring(0, 8))).isEqualTo(BuildService.CancelResult.REMOVED_FROM_QUEUE);
      BuildRecord q = await(queued);
      assertThat(q.status()).isEqualTo(BuildStatus.CANCELLED);
      assertThat(q.outcome()).contains(new BuildOutcome.Cancelled(null));
      assertThat(q.startedAt()).isEmpty();
      assertThat(q.phases()).isEmpty();
      assertThat(s.service.queued()).isEmpty();
      assertThat(running.status()).isEqualTo(BuildStatus.RUNNING);

      long t0 = System.nanoTime();
      assertThat(running.cancel()).isTrue();
      BuildRecord r = await(running);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      assertThat(r.outcome()).contains(new BuildOutcome.Cancelled(Phase.RUN));
      assertThat(running.cancel()).as("a second cancel finds it finished").isFalse();
      assertThat(s.service.cancel(running.id())).isEqualTo(BuildService.CancelResult.ALREADY_FINISHED);
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void cancelWhilePreparingUndoesTheSetup() throws Exception {
    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Phase phase : List.of(Phase.WRITE_BUNDLE, Phase.MOUNT_INPUTS)) {
      Path dir = Files.createDirectories(tmp.resolve(phase.name()));
      AtomicReference<BuildService> service = new AtomicReference<>();
      // The tap runs on the engine's thread as the phase begins: the cancel lands inside it.
      try (ServiceHarness s =
          new ServiceHarness(
              dir,
              ServiceSettings.defaults(),
              e -> {
                if (e instanceof BuildEvent.PhaseStarted p && p.phase() == phase) {
                  service.get().handle(e.buildId()).orElseThrow().cancel();
                }
              })) {
        service.set(s.service);
        BuildRecord r = await(s.service.submit(s.shell("echo should not run"), BuildOptions.defaults()));
        assertThat(r.outcome()).as(phase.label()).contains(new BuildOutcome.Cancelled(phase));
        assertThat(r.phases()).extracting(t -> t.phase()).doesNotContain(Phase.RUN).contains(Phase.CLEAN_UP);
        s.assertNothingLeftBehind();
      }
    }
  }

  @Test
  void cancelWhileImportingHostInputsStopsBeforeTheSandbox() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      Files.createDirectories(tmp.resolve("src"));
      Files.writeString(tmp.resolve("src/data"), "input " + UUID.randomUUID());
      Path file = Files.writeString(tmp.resolve("req.json"), ServiceHarness.shellJson("cat /nix/store/src/data", "{\"name\": \"src\", \"path\": \"src\"}"));
      ServiceHarness.Collector events = new ServiceHarness.Collector();
      BuildHandle h;
      // Holding the collection lock (as a gc would) parks the import at its start.
      try (StoreLock.Held gc = StoreLock.of(s.storeDir).exclusive(Duration.ofSeconds(5))) {
        h = s.service.submit(file, BuildOptions.defaults());
        s.service.subscribe(h.id(), 0, events);
        events.await(e -> e instanceof ServiceEvent.PhaseStarted p && p.phase() == Phase.IMPORT_INPUTS, 30_000);
        assertThat(h.cancel()).isTrue();
      }
      BuildRecord r = await(h);
      assertThat(r.outcome()).contains(new BuildOutcome.Cancelled(Phase.IMPORT_INPUTS));
      assertThat(r.phases()).extracting(t -> t.phase()).containsExactly(Phase.IMPORT_INPUTS);
      assertThat(r.requestJson()).as("the import finished and was recorded").isPresent();
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void cancelWhileIngestingCommitsNoOutput() throws Exception {
    AtomicReference<BuildService> service = new AtomicReference<>();
    try (ServiceHarness s =
        new ServiceHarness(
            tmp,
            ServiceSettings.defaults(),
            e -> {
              if (e instanceof BuildEvent.PhaseStarted p && p.phase() == Phase.INGEST_OUTPUTS) {
                service.get().handle(e.buildId()).orElseThrow().cancel();
              }
            })) {
      service.set(s.service);
      String token = UUID.randomUUID().toString();
      BuildHandle h = s.service.submit(s.shell("mkdir -p $out; echo " + token + " > $out/f; echo other > $out/g"), BuildOptions.defaults());
      BuildRecord r = await(h);
      assertThat(r.outcome()).contains(new BuildOutcome.Cancelled(Phase.INGEST_OUTPUTS));
      assertThat(s.store.blobs().has(Digest.ofContents((token + "\n").getBytes()))).as("the output's blob").isFalse();
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void aCancelRequestedThroughTheHistoryIsNoticedByTheRunningService() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      BuildHandle h = s.service.submit(s.shell("echo up; sleep 60"), BuildOptions.defaults());
      ServiceHarness.Collector events = new ServiceHarness.Collector();
      s.service.subscribe(h.id(), 0, events);
      events.await(e -> e instanceof ServiceEvent.Log, 30_000);
      // What 'glassbox cancel' in another process does.
      assertThat(s.history.requestCancel(h.id())).isTrue();
      BuildRecord r = await(h);
      assertThat(r.outcome()).contains(new BuildOutcome.Cancelled(Phase.RUN));
      assertThat(r.cancelRequested()).isTrue();
    }
  }

  @Test
  void lateSubscribersReplayEveryEventInOrderFromMemoryAndFromHistory() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      int lines = 30_000;
      BuildHandle h =
          s.service.submit(
              s.shell("i=0; while [ $i -lt " + lines + " ]; do echo out $i; i=$((i+1)); done; echo done >&2; sleep 1; mkdir -p $out"),
              BuildOptions.defaults());
      ServiceHarness.Collector early = new ServiceHarness.Collector();
      s.service.subscribe(h.id(), 0, early);
      early.await(e -> e instanceof ServiceEvent.Log l && l.line().stream() == LogStream.STDERR, 60_000);
      // Subscribed late, while it runs: everything from the start.
      ServiceHarness.Collector late = new ServiceHarness.Collector();
      Subscription lateSub = s.service.subscribe(h.id(), 0, late);
      BuildRecord r = await(h);
      late.await(e -> e instanceof ServiceEvent.Finished, 30_000);
      // The subscription closes itself right after handing over Finished; give it that moment.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!lateSub.isClosed() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(lateSub.isClosed()).isTrue();
      // Subscribed after the end: from the history.
      ServiceHarness.Collector after = new ServiceHarness.Collector();
      s.service.subscribe(h.id().substring(0, 10), 0, after);
      after.await(e -> e instanceof ServiceEvent.Finished, 30_000);

      for (ServiceHarness.Collector c : List.of(early, late, after)) {
        List<ServiceEvent> ev = c.snapshot();
        for (int i = 0; i < ev.size(); i++) {
          assertThat(ev.get(i).index()).isEqualTo(i);
        }
        assertThat(ev.get(0)).isInstanceOf(ServiceEvent.Queued.class);
        assertThat(ev.get(1)).isInstanceOf(ServiceEvent.Started.class);
        assertThat(ev.stream().filter(e -> e instanceof ServiceEvent.Log).count()).isEqualTo(lines + 1);
        assertThat(ev.get(ev.size() - 1)).isEqualTo(new ServiceEvent.Finished(h.id(), ev.size() - 1, r));
      }
      assertThat(after.snapshot()).isEqualTo(early.snapshot());
      assertThat(late.snapshot()).isEqualTo(early.snapshot());
    }
  }

  @Test
  void aSlowListenerNeitherSlowsTheBuildNorGrowsWithoutBound() throws Exception {
    int capacity = 1000;
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults().withLiveBufferEvents(capacity))) {
      AtomicInteger maxBuffered = new AtomicInteger();
      List<ServiceEvent> seen = java.util.Collections.synchronizedList(new ArrayList<>());
      LiveSubscription[] sub = new LiveSubscription[1];
      sub[0] =
          (LiveSubscription)
              s.service.subscribeAll(
                  batch -> {
                    seen.addAll(batch);
                    maxBuffered.accumulateAndGet(sub[0] == null ? 0 : sub[0].buffered(), Math::max);
                    sleep(200); // a UI thread that is busy
                  });
      ServiceHarness.Collector slowBuild = new ServiceHarness.Collector() {
        @Override
        public synchronized void onEvents(List<ServiceEvent> batch) {
          sleep(100);
          super.onEvents(batch);
        }
      };
      int lines = 200_000;
      BuildHandle h = s.service.submit(s.shell("seq 1 " + lines + "; mkdir -p $out"), BuildOptions.defaults());
      s.service.subscribe(h.id(), 0, slowBuild);
      BuildRecord r = await(h);
      assertThat(r.status()).isEqualTo(BuildStatus.SUCCEEDED);
      long delivered = slowBuild.snapshot().stream().filter(e -> e instanceof ServiceEvent.Log).count();
      assertThat(delivered).as("the build ended long before its slow listener caught up").isLessThan(lines);
      // The slow per-build listener still gets every line, in order, in the end.
      slowBuild.await(e -> e instanceof ServiceEvent.Finished, 120_000);
      assertThat(slowBuild.snapshot().stream().filter(e -> e instanceof ServiceEvent.Log).count()).isEqualTo(lines);
      // The service-wide listener got the non-log events and the skipped lines as ranges.
      long deadline = System.currentTimeMillis() + 60_000;
      while (List.copyOf(seen).stream().noneMatch(e -> e instanceof ServiceEvent.Finished) && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      List<ServiceEvent> all = List.copyOf(seen);
      long logs = all.stream().filter(e -> e instanceof ServiceEvent.Log).count();
      long skipped = all.stream().filter(e -> e instanceof ServiceEvent.LogsSkipped).mapToLong(e -> ((ServiceEvent.LogsSkipped) e).lines()).sum();
      assertThat(skipped).isPositive();
      assertThat(logs + skipped).isEqualTo(lines);
      assertThat(all.stream().filter(e -> e instanceof ServiceEvent.PhaseFinished).count()).isEqualTo(7);
      assertThat(maxBuffered.get()).as("live buffer").isLessThanOrEqualTo(capacity + 20);
    }
  }

  @Test
  void aRebuildRunsTheSameRequestAndIsLinkedToTheOriginal() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      Files.createDirectories(tmp.resolve("src"));
      Files.writeString(tmp.resolve("src/data"), "reproducible");
      Path file = Files.writeString(tmp.resolve("req.json"), ServiceHarness.shellJson("mkdir -p $out; cat /nix/store/src/data > $out/copy", "{\"name\": \"src\", \"path\": \"src\"}"));
      BuildRecord first = await(s.service.submit(file, BuildOptions.defaults()));
      assertThat(first.status()).isEqualTo(BuildStatus.SUCCEEDED);
      assertThat(first.phases().get(0).phase()).isEqualTo(Phase.IMPORT_INPUTS);
      Files.writeString(tmp.resolve("src/data"), "changed on the host since");
      BuildHandle again = s.service.rebuild(first.id().substring(0, 6));
      BuildRecord second = await(again);
      assertThat(second.rebuildOf()).contains(first.id());
      assertThat(second.requestJson()).isEqualTo(first.requestJson());
      assertThat(second.outputs()).isEqualTo(first.outputs());
      assertThat(second.phases()).extracting(t -> t.phase()).doesNotContain(Phase.IMPORT_INPUTS);
      ServiceHarness.Collector ev = new ServiceHarness.Collector();
      s.service.subscribe(second.id(), 0, ev);
      assertThat(ev.await(e -> e instanceof ServiceEvent.Queued, 10_000)).isEqualTo(new ServiceEvent.Queued(second.id(), 0, second.submittedAt(), java.util.Optional.of(first.id())));
    }
  }

  @Test
  void anInvalidRequestFileEndsAsAValidationFailureWithEveryViolation() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      Path file = Files.writeString(tmp.resolve("bad.json"), "{\"commandArgs\": [], \"scratchPaths\": [\"b\", \"a\"], \"bogus\": 1}");
      BuildRecord r = await(s.service.submit(file, BuildOptions.defaults()));
      assertThat(r.status()).isEqualTo(BuildStatus.SETUP_FAILED);
      BuildOutcome.SetupFailed f = (BuildOutcome.SetupFailed) r.outcome().orElseThrow();
      assertThat(f.step()).isEqualTo(BuildOutcome.SetupStep.VALIDATION);
      assertThat(f.message().lines()).hasSizeGreaterThanOrEqualTo(2).anyMatch(l -> l.startsWith("bogus: ")).anyMatch(l -> l.startsWith("scratchPaths"));
      assertThat(r.requestJson()).isEmpty();
      assertThat(r.requestFile()).contains(file);
      assertThatThrownBy(() -> s.service.rebuild(r.id())).isInstanceOf(ServiceException.class).hasMessageContaining("nothing to rebuild");
    }
  }

  @Test
  void failedBuildsKeepTheirSandboxWhenTheUserOptedIn() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults().withKeepFailedSandboxes(true))) {
      BuildRecord failed = await(s.service.submit(s.shell("echo partial > scratch.txt; exit 3"), BuildOptions.defaults()));
      BuildRecord ok = await(s.service.submit(s.shell("mkdir -p $out"), BuildOptions.defaults()));
      assertThat(failed.exitCode()).contains(3);
      assertThat(failed.keep()).isEqualTo(KeepSandbox.ON_FAILURE);
      Path kept = failed.keptSandbox().orElseThrow();
      assertThat(kept.resolve("config.json")).exists();
      assertThat(kept.resolve(BuildEngine.KEPT_MARKER)).exists();
      Path scratch = kept.resolve("scratch").resolve(dev.glassbox.sandbox.oci.ScratchNames.of("build"));
      assertThat(Files.readString(scratch.resolve("scratch.txt"))).isEqualTo("partial\n");
      assertThat(ok.keptSandbox()).isEmpty();
      assertThat(s.history.keptSandboxes()).extracting(BuildRecord::id).containsExactly(failed.id());
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void raisingTheLimitWhileBuildsWaitStartsMoreAtOnce() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults().withMaxConcurrent(1))) {
      Map<String, BuildHandle> handles = new HashMap<>();
      for (int i = 0; i < 4; i++) {
        BuildHandle h = s.service.submit(s.shell("sleep 60"), BuildOptions.defaults());
        handles.put(h.id(), h);
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (s.service.running() < 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.service.queued()).hasSize(3);
      s.service.setMaxConcurrent(3);
      assertThat(s.service.running()).isEqualTo(3);
      assertThat(s.service.queued()).hasSize(1);
      for (BuildHandle h : handles.values()) {
        h.cancel();
      }
      for (BuildHandle h : handles.values()) {
        assertThat(await(h).status()).isEqualTo(BuildStatus.CANCELLED);
      }
      s.assertNothingLeftBehind();
    }
  }

  @Test
  void gcRunningAlongsideBuildsNeverDeletesWhatTheyWrite() throws Exception {
    try (ServiceHarness s = new ServiceHarness(tmp, ServiceSettings.defaults())) {
      dev.glassbox.history.GarbageCollector gc =
          new dev.glassbox.history.GarbageCollector(s.store, s.history, StoreLock.of(s.storeDir), java.util.Optional.empty());
      AtomicInteger collections = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread collector =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    gc.collect(false, Duration.ofSeconds(30));
                    collections.incrementAndGet();
                  }
                } catch (Exception e) {
                  if (!Thread.currentThread().isInterrupted()) {
                    failure.set(e);
                  }
                }
              });
      collector.start();
      List<BuildHandle> handles = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Path src = Files.createDirectories(tmp.resolve("src" + i));
        for (int f = 0; f < 50; f++) {
          Files.writeString(src.resolve("f" + f), "input " + i + " file " + f);
        }
        Path file = Files.writeString(tmp.resolve("req" + i + ".json"), ServiceHarness.shellJson(
            "mkdir -p $out; cp -r /nix/store/src $out/copy; echo " + i + " > $out/mine", "{\"name\": \"src\", \"path\": \"src" + i + "\"}"));
        handles.add(s.service.submit(file, BuildOptions.defaults()));
      }
      List<BuildRecord> records = new ArrayList<>();
      for (BuildHandle h : handles) {
        records.add(await(h));
      }
      collector.interrupt();
      collector.join(60_000);
      assertThat(failure.get()).isNull();
      assertThat(collections.get()).as("collections that ran alongside").isPositive();
      gc.collect(false, Duration.ofSeconds(30));
      for (BuildRecord r : records) {
        assertThat(r.status()).as(r.message()).isEqualTo(BuildStatus.SUCCEEDED);
        DirectoryNode out = (DirectoryNode) r.outputs().get(0).node();
        assertThat(s.store.isComplete(out)).as("outputs of %s", r.id()).isTrue();
        com.fasterxml.jackson.databind.JsonNode input = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.requestJson().orElseThrow()).path("inputs").get(0);
        assertThat(s.store.isComplete(new DirectoryNode(Digest.parse(input.path("digest").asText()), input.path("size").asLong()))).isTrue();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
