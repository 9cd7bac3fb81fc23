package dev.glassbox.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools for command-line work. */
final class Pools {
  private Pools() {}

  /** Daemon threads for copying and hashing files: more than cores, since they also wait on I/O. */
  static ExecutorService newIoPool() {
    int n = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "glassbox-io-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
