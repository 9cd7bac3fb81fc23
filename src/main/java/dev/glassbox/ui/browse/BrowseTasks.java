package dev.glassbox.ui.browse;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The browsers' own background threads: listing and previews on two, sizes and searches on their
 * own, so a long search or a big size never holds up opening a folder, and none of them holds up
 * the app's shared background thread.
 */
final class BrowseTasks {
  static final ExecutorService LISTINGS = pool("glassbox-browse-", 2);
  static final ExecutorService SIZES = pool("glassbox-browse-size-", 1);
  static final ExecutorService SEARCHES = pool("glassbox-browse-search-", 1);

  private BrowseTasks() {}

  private static ExecutorService pool(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
