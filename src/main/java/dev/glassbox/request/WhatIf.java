package dev.glassbox.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One change to a build's sandbox, for "what if…" experiments: the same request with exactly this
 * one difference, so a comparison of the two builds shows what that difference does.
 */
public sealed interface WhatIf permits WhatIf.Network, WhatIf.BinSh, WhatIf.ExtraReadOnlyPath {

  /** A short description for people, e.g. "network on". */
  String describe();

  /** Whether this change would alter {@code request} at all. */
  boolean changes(BuildRequest request);

  /** Network access on or off ({@code constraints.networkAccess}). */
  record Network(boolean on) implements WhatIf {
    @Override
    public String describe() {
      return on ? "network on" : "network off";
    }

    @Override
    public boolean changes(BuildRequest r) {
      return r.networkAccess() != on;
    }
  }

  /** A {@code /bin/sh} or none ({@code constraints.provideBinSh}). */
  record BinSh(boolean on) implements WhatIf {
    @Override
    public String describe() {
      return on ? "with /bin/sh" : "without /bin/sh";
    }

    @Override
    public boolean changes(BuildRequest r) {
      return r.provideBinSh() != on;
    }
  }

  /** One more host path bound read-only ({@code constraints.availableRoPaths}). */
  record ExtraReadOnlyPath(String path) implements WhatIf {
    public ExtraReadOnlyPath {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
      return "with " + path + " read-only";
    }

    @Override
    public boolean changes(BuildRequest r) {
      return !r.availableRoPaths().contains(path);
    }
  }

  /**
   * {@code request} with this one change.
   *
   * @param systemIfAbsent the system to name when the request has no constraints at all (a
   *     constraint set needs one), normally this machine's
   * @throws InvalidBuildRequestException when the change makes the request invalid (e.g. the path
   *     is not a clean absolute path), with the field and what to do
   */
  default BuildRequest apply(BuildRequest request, String systemIfAbsent)
      throws InvalidBuildRequestException {
    BuildConstraints c =
        request
            .constraints()
            .orElse(new BuildConstraints(systemIfAbsent, 0, List.of(), false, false));
    BuildConstraints changed;
    if (this instanceof Network n) {
      changed =
          new BuildConstraints(
              c.system(), c.minMemory(), c.availableRoPaths(), n.on(), c.provideBinSh());
    } else if (this instanceof BinSh b) {
      changed =
          new BuildConstraints(
              c.system(), c.minMemory(), c.availableRoPaths(), c.networkAccess(), b.on());
    } else {
      String path = ((ExtraReadOnlyPath) this).path();
      List<String> ro = new ArrayList<>(c.availableRoPaths());
      if (!ro.contains(path)) {
        ro.add(path);
      }
      // The request keeps its paths in byte order; the new one goes where it sorts.
      ro.sort(
          (x, y) ->
              Arrays.compareUnsigned(
                  x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
      changed =
          new BuildConstraints(
              c.system(), c.minMemory(), ro, c.networkAccess(), c.provideBinSh());
    }
    RequestDraft draft =
        RequestDraft.of(
            request.inputs(),
            request.commandArgs(),
            request.workingDir(),
            request.scratchPaths(),
            request.inputsDir(),
            request.outputs(),
            request.environmentVars(),
            java.util.Optional.of(changed),
            request.additionalFiles(),
            request.refscanNeedles());
    List<Violation> v = RequestValidator.modelViolations(draft);
    if (!v.isEmpty()) {
      throw new InvalidBuildRequestException(v);
    }
    return new BuildRequest(
        request.inputs(),
        request.commandArgs(),
        request.workingDir(),
        request.scratchPaths(),
        request.inputsDir(),
        request.outputs(),
        request.environmentVars(),
        java.util.Optional.of(changed),
        request.additionalFiles(),
        request.refscanNeedles());
  }
}
