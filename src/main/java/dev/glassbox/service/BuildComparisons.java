package dev.glassbox.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.StoreException;
import dev.glassbox.castore.diff.IgnoreGlobs;
import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.castore.diff.TreeDiffer;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.BuildStatus;
import dev.glassbox.history.History;
import dev.glassbox.history.HistoryException;
import dev.glassbox.request.RequestChange;
import dev.glassbox.request.RequestComparison;
import dev.glassbox.request.RequestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * Compares recorded builds: outputs through the store (identical subtrees never read), requests
 * field by field; and "rebuild &amp; compare", the {@code nix build --check} of Glassbox.
 */
public final class BuildComparisons {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** How far back "the previous build of the same request" looks. */
  private static final int PREVIOUS_SEARCH = 1000;

  private final Castore store;
  private final History history;

  public BuildComparisons(Castore store, History history) {
    this.store = Objects.requireNonNull(store, "store");
    this.history = Objects.requireNonNull(history, "history");
  }

  /** Resolves two ids (or unique prefixes) and compares the builds. */
  public BuildComparison compare(String leftId, String rightId, IgnoreGlobs ignore)
      throws HistoryException, ServiceException, StoreException, InterruptedException {
    return compare(history.resolve(leftId), history.resolve(rightId), ignore);
  }

  /**
   * Compares two builds' outputs, matched by output path, and their requests.
   *
   * @throws ServiceException when a build has no outputs (it did not succeed)
   */
  public BuildComparison compare(BuildRecord left, BuildRecord right, IgnoreGlobs ignore)
      throws ServiceException, StoreException, InterruptedException {
    requireOutputs(left);
    requireOutputs(right);
    TreeDiff outputs = new TreeDiffer(store, ignore).compareRoots(roots(left), roots(right));
    return new BuildComparison(left, right, outputs, requestChanges(left, right));
  }

  /** The field-level differences of two builds' requests; empty if one was never resolved. */
  public static List<RequestChange> requestChanges(BuildRecord left, BuildRecord right) {
    if (left.requestJson().isEmpty() || right.requestJson().isEmpty()) {
      return List.of();
    }
    try {
      return RequestComparison.compare(left.requestJson().get(), right.requestJson().get());
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  /**
   * A build's outputs labelled by their output path in the request ({@code nix/store/…-out}), so
   * two builds' outputs are matched by where the build put them.
   */
  public static List<TreeDiffer.Root> roots(BuildRecord r) {
    List<NamedNode> outputs = r.outputs();
    List<String> paths = outputPaths(r);
    List<TreeDiffer.Root> out = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      // The engine records outputs in the request's (sorted) order; the name is the fallback.
      String label = paths.size() == outputs.size() ? paths.get(i) : outputs.get(i).name().toString();
      out.add(new TreeDiffer.Root(label, outputs.get(i).node()));
    }
    return out;
  }

  private static List<String> outputPaths(BuildRecord r) {
    List<String> paths = new ArrayList<>();
    if (r.requestJson().isEmpty()) {
      return paths;
    }
    try {
      JsonNode n = MAPPER.readTree(r.requestJson().get());
      for (JsonNode p : n.path("outputs")) {
        paths.add(p.asText());
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      paths.clear();
    }
    return paths;
  }

  /**
   * The most recent successful build of the same request (same command and outputs, see {@link
   * RequestIdentity}) submitted before {@code r}.
   */
  public Optional<BuildRecord> previousBuildOf(BuildRecord r) throws HistoryException {
    Optional<String> key = r.requestJson().flatMap(RequestIdentity::key);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    for (BuildRecord other : history.recent(PREVIOUS_SEARCH)) {
      if (other.id().equals(r.id())
          || other.status() != BuildStatus.SUCCEEDED
          || !other.submittedAt().isBefore(r.submittedAt())) {
        continue;
      }
      if (other.requestJson().flatMap(RequestIdentity::key).equals(key)) {
        return Optional.of(other);
      }
    }
    return Optional.empty();
  }

  /**
   * Rebuilds a finished build, waits for the rebuild, and compares the two. Blocks; interrupting
   * the thread cancels the rebuild.
   *
   * @throws ServiceException when the build cannot be rebuilt (see {@link BuildService#rebuild})
   *     or did not succeed in the first place
   */
  public ReproducibilityCheck rebuildAndCompare(
      BuildService service, String idOrPrefix, IgnoreGlobs ignore)
      throws HistoryException, ServiceException, StoreException, InterruptedException {
    BuildRecord original = history.resolve(idOrPrefix);
    requireOutputs(original);
    BuildHandle handle = service.rebuild(original.id());
    return finish(original, handle, ignore);
  }

  /** Waits for a rebuild already submitted and compares it with its original. */
  public ReproducibilityCheck finish(BuildRecord original, BuildHandle rebuild, IgnoreGlobs ignore)
      throws ServiceException, StoreException, InterruptedException {
    BuildRecord done;
    try {
      done = rebuild.record().get();
    } catch (InterruptedException e) {
      rebuild.cancel();
      throw e;
    } catch (ExecutionException | CancellationException e) {
      throw new ServiceException(
          "the rebuild " + rebuild.id() + " of " + original.id() + " broke inside the service: " + e,
          e);
    }
    if (done.status() != BuildStatus.SUCCEEDED) {
      return new ReproducibilityCheck(original, done, Optional.empty());
    }
    return new ReproducibilityCheck(original, done, Optional.of(compare(original, done, ignore)));
  }

  private static void requireOutputs(BuildRecord r) throws ServiceException {
    if (r.status() != BuildStatus.SUCCEEDED) {
      throw new ServiceException(
          "build "
              + r.id()
              + " "
              + (r.status().isFinal() ? "ended " + r.status().label() : "is " + r.status().label())
              + ", so it has no outputs to compare; pick a build that succeeded");
    }
  }
}
