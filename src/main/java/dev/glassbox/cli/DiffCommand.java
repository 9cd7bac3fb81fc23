package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.diff.IgnoreGlobs;
import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.castore.diff.TreeDiffer;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.request.RequestChange;
import dev.glassbox.service.BuildComparison;
import dev.glassbox.service.BuildComparisons;
import dev.glassbox.service.ServiceException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox diff A B}: how two builds' outputs (or any two stored nodes) differ. */
@Command(
    name = "diff",
    description = {
      "Compare the outputs of two builds (matched by output path), or any two stored nodes: lists"
          + " every added, removed and changed path, then a unified diff of each changed text file.",
      "Identical subtrees are recognised by digest and never read.",
      "A and B are build ids (or unique prefixes of 24-hex-digit ids) or digests: 'b3:' + base64,"
          + " or exactly 64 hex digits. Both must be the same kind.",
      "Exit codes: 0 identical, 1 different, 2 bad usage (unknown build, bad digest or glob, a"
          + " build that has no outputs), 3 trouble reading the store or history."
    })
final class DiffCommand extends StoreCommand {
  /** Exit code when the store or history could not be read: neither "same" nor "different". */
  static final int EXIT_TROUBLE = 3;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

  @Parameters(index = "0", paramLabel = "A", description = "The first (older) build or digest.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "The second build or digest.")
  String b;

  @Option(names = "--json", description = "Print one JSON object (with unified diffs of text files).")
  boolean json;

  @Option(
      names = "--ignore",
      paramLabel = "GLOB",
      description =
          "Leave out matching paths (repeatable). Without '/' a glob matches names at any depth"
              + " ('*.log'); with '/' the path from the top ('nix/store/*-out/share/**').")
  List<String> ignore = new ArrayList<>();

  @Option(names = {"--brief", "-q"}, description = "Only list the paths; no content diffs.")
  boolean brief;

  @Option(
      names = {"--context", "-U"},
      paramLabel = "N",
      description = "Lines of context in unified diffs (default ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int context;

  /** Whether a command-line argument names a digest rather than a build (documented above). */
  static boolean isDigest(String arg) {
    return arg.startsWith("b3:") || HEX64.matcher(arg).matches();
  }

  @Override
  public Integer call() throws Exception {
    if (context < 0) {
      throw new UsageException("--context must be 0 or more, got " + context);
    }
    IgnoreGlobs globs;
    try {
      globs = IgnoreGlobs.of(ignore);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    if (isDigest(a) != isDigest(b)) {
      throw new UsageException(
          "'" + (isDigest(a) ? a : b) + "' is a digest but '" + (isDigest(a) ? b : a)
              + "' is not; compare two builds or two digests");
    }
    try {
      Castore store = openStore();
      TreeDiff d;
      List<RequestChange> request = List.of();
      String leftLabel;
      String rightLabel;
      if (isDigest(a)) {
        d = new TreeDiffer(store, globs).compare(node(store, a), node(store, b));
        leftLabel = a;
        rightLabel = b;
      } else {
        BuildComparison c;
        try (History h = openHistory()) {
          c = new BuildComparisons(store, h).compare(a, b, globs);
        } catch (ServiceException e) {
          throw new UsageException(e.getMessage(), e);
        }
        d = c.outputs();
        request = c.request();
        leftLabel = "build " + c.left().id();
        rightLabel = "build " + c.right().id();
      }
      DiffPrinter p = new DiffPrinter(store, context, !brief);
      if (json) {
        ObjectNode o = p.json(d, request);
        o.put("left", leftLabel);
        o.put("right", rightLabel);
        out().println(NodeJson.MAPPER.writeValueAsString(o));
      } else {
        out().println("--- " + leftLabel);
        out().println("+++ " + rightLabel);
        p.human(out(), d, request);
      }
      out().flush();
      return d.identical() ? 0 : GlassboxCli.EXIT_FAILED;
    } catch (dev.glassbox.history.UnknownBuildException e) {
      throw e; // bad usage: exit 2 like every command taking an id
    } catch (StoreException | HistoryException e) {
      err().println("glassbox: " + e.getMessage());
      if (common.debug) {
        e.printStackTrace(err());
      }
      return EXIT_TROUBLE;
    }
  }

  /** The node a digest names: a stored directory, else a stored blob (as a plain file). */
  static Node node(Castore store, String text) throws UsageException, StoreException {
    Digest digest = parseDigest(text);
    Optional<Directory> dir = store.directories().get(digest);
    if (dir.isPresent()) {
      return DirectoryNode.of(dir.get());
    }
    Optional<SeekableByteChannel> blob = store.blobs().open(digest);
    if (blob.isPresent()) {
      try (SeekableByteChannel ch = blob.get()) {
        return new FileNode(digest, ch.size(), false);
      } catch (IOException e) {
        throw new StoreException("cannot read the blob " + digest + ": " + e.getMessage(), e);
      }
    }
    throw new UsageException(
        "no directory or blob " + digest + " is in the store; 'glassbox import' a tree or take a"
            + " digest from 'glassbox show ID'");
  }
}
