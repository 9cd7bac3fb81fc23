package dev.glassbox.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
  @TempDir Path tmp;

  @Test
  void oneStoreHasOneLockPerJvm() {
    assertThat(StoreLock.of(tmp)).isSameAs(StoreLock.of(tmp.resolve("x/..")));
  }

  @Test
  void writersShareTheLockAndKeepTheCollectorOut() throws Exception {
    StoreLock lock = StoreLock.of(tmp);
    StoreLock.Held a = lock.shared();
    StoreLock.Held b = lock.shared();
    assertThatThrownBy(() -> lock.exclusive(Duration.ofMillis(200)))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining("still writing");
    a.close();
    assertThatThrownBy(() -> lock.exclusive(Duration.ofMillis(100))).isInstanceOf(HistoryException.class);
    CompletableFuture<StoreLock.Held> collector =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return lock.exclusive(Duration.ofSeconds(10));
              } catch (HistoryException e) {
                throw new AssertionError(e);
              }
            });
    Thread.sleep(100);
    assertThat(collector).isNotDone();
    b.close();
    StoreLock.Held gc = collector.get(5, TimeUnit.SECONDS);
    // While it collects, a writer waits.
    CompletableFuture<StoreLock.Held> writer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return lock.shared();
              } catch (HistoryException e) {
                throw new AssertionError(e);
              }
            });
    Thread.sleep(100);
    assertThat(writer).isNotDone();
    gc.close();
    writer.get(5, TimeUnit.SECONDS).close();
  }

  @Test
  void aWriterInAnotherProcessKeepsTheCollectorOut() throws Exception {
    org.assertj.core.api.Assumptions.assumeThat(
            java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3"))
                || new ProcessBuilder("python3", "-c", "pass").start().waitFor() == 0)
        .as("python3 plays the other process")
        .isTrue();
    // flock(1) takes a BSD lock, which fcntl does not see; python's fcntl.lockf takes the same
    // POSIX record lock Java does, as another Glassbox process would.
    Process other =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time\n"
                    + "f=open(sys.argv[1],'a+')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_SH)\n"
                    + "print('locked', flush=True)\n"
                    + "time.sleep(30)\n",
                tmp.resolve(StoreLock.FILE_NAME).toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(other.getInputStream().readNBytes(6))).isEqualTo("locked");
      StoreLock lock = StoreLock.of(tmp);
      assertThatThrownBy(() -> lock.exclusive(Duration.ofMillis(300))).isInstanceOf(HistoryException.class);
      // Shared with the other writer is fine.
      lock.shared().close();
      other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      lock.exclusive(Duration.ofSeconds(5)).close();
    } finally {
      other.destroyForcibly();
    }
  }
}
