package dev.glassbox.service;

import dev.glassbox.castore.diff.TreeDiff;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.request.RequestChange;
import java.util.List;
import java.util.Objects;

/**
 * How two recorded builds differ: their outputs (matched by output path) and their requests.
 *
 * @param left the first (older) build
 * @param right the second build
 * @param outputs the tree diff of the outputs
 * @param request the field-level differences of the requests (empty for a rebuild)
 */
public record BuildComparison(
    BuildRecord left, BuildRecord right, TreeDiff outputs, List<RequestChange> request) {
  public BuildComparison {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(outputs, "outputs");
    request = List.copyOf(request);
  }

  public boolean identical() {
    return outputs.identical();
  }

  /** {@code reproducible: outputs identical} or {@code not reproducible: 2 files differ}. */
  public String verdict() {
    return outputs.summary().verdict();
  }
}
