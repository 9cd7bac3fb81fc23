package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.history.GarbageCollector;
import dev.glassbox.history.History;
import dev.glassbox.history.StoreLock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glassbox gc}: delete store entries nothing refers to. */
@Command(
    name = "gc",
    description = {
      "Delete the blobs and directories that no recorded build (its request's inputs, its outputs),"
          + " no kept sandbox and no explicit root (imports, 'glassbox roots') refers to.",
      "Waits for builds that are importing inputs or ingesting outputs, in any process; builds that"
          + " start meanwhile wait for gc."
    })
final class GcCommand extends StoreCommand {
  @Option(names = "--dry-run", description = "Only list what would be deleted (takes no lock, deletes nothing).")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON object with the counts and the digests.")
  boolean json;

  @Option(names = "--wait", paramLabel = "S", description = "Seconds to wait for builds that write to the store (default ${DEFAULT-VALUE}).", defaultValue = "600")
  long waitSeconds;

  @Override
  public Integer call() throws Exception {
    Castore store = openStore();
    GarbageCollector.Report r;
    try (History h = openHistory()) {
      GarbageCollector gc = new GarbageCollector(store, h, StoreLock.of(storeDir()), Optional.of(SandboxesCommand.bundleRoot(storeDir())));
      r = gc.collect(dryRun, Duration.ofSeconds(waitSeconds));
    }
    if (json) {
      ObjectNode o = NodeJson.MAPPER.createObjectNode();
      o.put("dryRun", r.dryRun()).put("liveBlobs", r.liveBlobs()).put("liveDirectories", r.liveDirectories()).put("bytes", r.bytes());
      var blobs = o.putArray("blobs");
      r.blobs().forEach(d -> blobs.add(d.toString()));
      var dirs = o.putArray("directories");
      r.directories().forEach(d -> dirs.add(d.toString()));
      out().println(o);
      return 0;
    }
    if (dryRun) {
      for (Digest d : r.blobs()) {
        out().println("blob      " + d);
      }
      for (Digest d : r.directories()) {
        out().println("directory " + d);
      }
    }
    out().printf(
        "%s %d blobs and %d directories (%s); kept %d blobs and %d directories%n",
        dryRun ? "would delete" : "deleted", r.blobs().size(), r.directories().size(), bytes(r.bytes()), r.liveBlobs(), r.liveDirectories());
    return 0;
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    if (n < 1 << 20) {
      return String.format("%.1f KiB", n / 1024.0);
    }
    if (n < 1 << 30) {
      return String.format("%.1f MiB", n / 1048576.0);
    }
    return String.format("%.2f GiB", n / 1073741824.0);
  }
}
