package dev.glassbox.cli;

import dev.glassbox.app.StoreLocation;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.disk.DiskStore;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Base of the subcommands that open the store. */
abstract class StoreCommand implements Callable<Integer> {
  @CommandLine.Mixin CommonOptions common;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Path storeDir() {
    return StoreLocation.resolve(common.store, System.getenv());
  }

  Castore openStore() throws StoreException {
    return DiskStore.open(storeDir());
  }

  /**
   * Opens the store's build history without the sandbox machinery (no root, runc or FUSE needed),
   * marking builds of processes that are gone as interrupted so that nothing shows as running
   * forever.
   */
  History openHistory() throws HistoryException {
    History h = History.open(storeDir());
    try {
      h.recoverInterrupted();
    } catch (HistoryException e) {
      h.close();
      throw e;
    }
    return h;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  static Digest parseDigest(String text) throws UsageException {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
