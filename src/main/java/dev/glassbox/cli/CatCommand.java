package dev.glassbox.cli;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import java.io.InputStream;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code glassbox cat DIGEST}: write a blob to stdout after verifying it. */
@Command(name = "cat", description = "Write a stored file's contents to stdout (verified first).")
final class CatCommand extends StoreCommand {
  @Parameters(paramLabel = "DIGEST", description = "Blob digest (b3:… or hex).")
  String digest;

  @Override
  public Integer call() throws Exception {
    Digest d = parseDigest(digest);
    Castore store = openStore();
    // openVerified re-hashes before the first byte goes out, so stdout never gets corrupt data.
    if (!store.blobs().has(d)) {
      throw new UsageException(
          "no file "
              + d
              + " in the store at "
              + storeDir()
              + (store.directories().has(d) ? " (it is a directory: use 'glassbox ls')" : ""));
    }
    try (InputStream in = store.blobs().openVerified(d).orElseThrow()) {
      out().flush();
      OutputStream os = System.out;
      in.transferTo(os);
      os.flush();
    }
    return 0;
  }
}
