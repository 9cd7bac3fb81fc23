package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.ui.fx.PulseCoalescer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/** Signals from many threads become at most one task run per pulse, and the last is never lost. */
@ExtendWith(ApplicationExtension.class) // starts the toolkit the same way as the other UI tests
class PulseCoalescerTest {
  static {
    Headless.init();
  }

  @Test
  void aMillionSignalsRunTheTaskOncePerPulseAndAfterTheLastSignal() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger seenAtLastRun = new AtomicInteger();
    AtomicInteger produced = new AtomicInteger();
    PulseCoalescer coalescer =
        new PulseCoalescer(
            () -> {
              runs.incrementAndGet();
              seenAtLastRun.set(produced.get());
            });
    Thread[] threads = new Thread[2];
    long t0 = System.nanoTime();
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 500_000; i++) {
                  produced.incrementAndGet();
                  coalescer.signal();
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    // Wait for the pulse that follows the last signal.
    for (int i = 0; i < 100 && seenAtLastRun.get() != 1_000_000; i++) {
      Thread.sleep(20);
    }
    assertThat(seenAtLastRun.get()).as("a run after the last signal").isEqualTo(1_000_000);
    // At 60 pulses a second there cannot be many more runs than pulses in that time (+ slack).
    assertThat(runs.get()).isLessThanOrEqualTo((int) (seconds * 60) + 30);
    assertThat(runs.get()).isPositive();
  }
}
