package dev.glassbox.cli;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;

/** {@code glassbox verify}: re-hash every entry and check every reference. */
@Command(
    name = "verify",
    description = "Re-hash every blob and directory in the store; report corrupt or missing entries (exit 1 if any).")
final class VerifyCommand extends StoreCommand {

  @Override
  public Integer call() throws Exception {
    Castore store = openStore();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Digest> blobs = store.blobs().list().toList();
    AtomicLong okBlobs = new AtomicLong();
    blobs.parallelStream()
        .forEach(
            d -> {
              try {
                store.blobs().verify(d);
                okBlobs.incrementAndGet();
              } catch (StoreException e) {
                problems.add("corrupt blob " + d + ": " + e.getMessage());
              }
            });
    List<Digest> dirs = store.directories().list().toList();
    long okDirs = 0;
    for (Digest d : dirs) {
      Optional<Directory> dir;
      try {
        dir = store.directories().get(d);
      } catch (StoreException e) {
        problems.add("corrupt directory " + d + ": " + e.getMessage());
        continue;
      }
      boolean ok = true;
      for (NamedNode e : dir.orElseThrow().entries()) {
        if (e.node() instanceof dev.glassbox.castore.DirectoryNode c && !store.directories().has(c.digest())) {
          problems.add("missing directory " + c.digest() + " (entry '" + e.name() + "' of " + d + ")");
          ok = false;
        } else if (e.node() instanceof dev.glassbox.castore.FileNode f && !store.blobs().has(f.digest())) {
          problems.add("missing blob " + f.digest() + " (entry '" + e.name() + "' of " + d + ")");
          ok = false;
        }
      }
      if (ok) {
        okDirs++;
      }
    }
    for (String p : problems) {
      err().println(p);
    }
    out().printf(
        "checked %d blobs and %d directories in %s: %s%n",
        blobs.size(),
        dirs.size(),
        storeDir(),
        problems.isEmpty() ? "all good" : problems.size() + " problem(s)");
    return problems.isEmpty() ? 0 : GlassboxCli.EXIT_FAILED;
  }
}
