package dev.glassbox.sandbox.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.sandbox.fuse.AccessObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessRecorderTest {
  @Test
  void aggregatesPerPath() {
    AccessRecorder r = new AccessRecorder();
    r.lookup("/src", true);
    r.lookup("/src/a.txt", true);
    r.open("/src/a.txt", 0x8000); // O_LARGEFILE, a plain open
    r.read("/src/a.txt", 0, 100);
    r.read("/src/a.txt", 100, 20);
    r.read("/src/a.txt", 120, 0);
    r.open("/src/a.txt", 0);
    r.open("/src/tool", 0x8000 | AccessObserver.FMODE_EXEC);
    r.readlink("/link");
    r.readdir("/src/dir");
    InputAccess a = r.snapshot();
    PathAccess p = a.path("/src/a.txt").orElseThrow();
    assertThat(p.flags()).isEqualTo(PathAccess.LOOKED_UP | PathAccess.OPENED | PathAccess.READ);
    assertThat(p.opens()).isEqualTo(2);
    assertThat(p.reads()).isEqualTo(3);
    assertThat(p.bytesRead()).isEqualTo(120);
    assertThat(a.path("/src/tool").orElseThrow().has(PathAccess.EXECUTED)).isTrue();
    assertThat(a.path("/link").orElseThrow().flags()).isEqualTo(PathAccess.READLINK);
    assertThat(a.path("/src/dir").orElseThrow().flags()).isEqualTo(PathAccess.LISTED);
    assertThat(a.paths())
        .extracting(PathAccess::path)
        .containsExactly("/link", "/src", "/src/a.txt", "/src/dir", "/src/tool");
    assertThat(a.bytesRead()).isEqualTo(120);
  }

  @Test
  void theMountRootIsNotRecorded() {
    AccessRecorder r = new AccessRecorder();
    r.lookup("/", true);
    r.readdir("/");
    assertThat(r.snapshot()).isEqualTo(InputAccess.empty());
  }

  @Test
  void failedLookupsKeepTheirFirstMomentAndCountAttempts() {
    AccessRecorder r = new AccessRecorder();
    r.lookup("/gcc/lib/libfoo.so", false); // before any log line
    r.logLine(0);
    r.logLine(1);
    r.lookup("/gcc/lib/libbar.so", false);
    r.logLine(2);
    r.lookup("/gcc/lib/libbar.so", false);
    r.lookup("/nope", false);
    InputAccess a = r.snapshot();
    assertThat(a.failedLookups())
        .extracting(FailedLookup::path)
        .containsExactlyInAnyOrder("/gcc/lib/libfoo.so", "/gcc/lib/libbar.so", "/nope");
    FailedLookup foo = find(a, "/gcc/lib/libfoo.so");
    FailedLookup bar = find(a, "/gcc/lib/libbar.so");
    assertThat(foo.logSeq()).isEqualTo(-1);
    assertThat(bar.logSeq()).isEqualTo(1);
    assertThat(bar.attempts()).isEqualTo(2);
    assertThat(bar.input()).isEqualTo("gcc");
    assertThat(bar.inside()).isEqualTo("lib/libbar.so");
    assertThat(find(a, "/nope").inside()).isEmpty();
    assertThat(bar.firstEpochMillis()).isGreaterThanOrEqualTo(foo.firstEpochMillis());
  }

  private static FailedLookup find(InputAccess a, String path) {
    return a.failedLookups().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void memoryIsBoundedAndDropsAreCounted() {
    AccessRecorder r = new AccessRecorder(10, 5);
    for (int i = 0; i < 100; i++) {
      r.read("/in/f" + i, 0, 1);
      r.lookup("/in/missing" + i, false);
    }
    r.read("/in/f0", 1, 1); // already kept: still counted
    InputAccess a = r.snapshot();
    assertThat(a.paths()).hasSize(10);
    assertThat(a.droppedPaths()).isEqualTo(90);
    assertThat(a.failedLookups()).hasSize(5);
    assertThat(a.droppedFailedLookups()).isEqualTo(95);
    assertThat(a.path("/in/f0").orElseThrow().reads()).isEqualTo(2);
  }

  @Test
  void concurrentCallsLoseNothing() throws Exception {
    AccessRecorder r = new AccessRecorder();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    r.read("/in/shared", i, 4);
                    r.read("/in/own" + id, i, 1);
                    r.lookup("/in/gone" + (i % 3), false);
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    InputAccess a = r.snapshot();
    assertThat(a.path("/in/shared").orElseThrow().reads()).isEqualTo(160_000);
    assertThat(a.path("/in/shared").orElseThrow().bytesRead()).isEqualTo(640_000);
    assertThat(a.path("/in/own3").orElseThrow().bytesRead()).isEqualTo(20_000);
    assertThat(a.failedLookups().stream().mapToLong(FailedLookup::attempts).sum())
        .isEqualTo(160_000);
  }

  @Test
  void theStoredFormRoundTrips() {
    AccessRecorder r = new AccessRecorder(3, 1);
    r.open("/a/b", AccessObserver.FMODE_EXEC);
    r.read("/a/b", 0, 7);
    r.lookup("/a", true);
    r.readdir("/c");
    r.readlink("/d");
    r.logLine(41);
    r.lookup("/a/x y \"quoted\" ü", false);
    r.lookup("/a/second", false);
    InputAccess a = r.snapshot();
    assertThat(InputAccessCodec.decode(InputAccessCodec.encode(a))).isEqualTo(a);
  }
}
