/**
 * The Compare view: two builds' outputs as one merged tree (identical subtrees collapsed without
 * being read), side-by-side text and hex diffs of a changed file, the request differences, noise
 * globs remembered per request, and "rebuild &amp; compare" with its verdict. Every comparison runs
 * on a cancellable background thread; the FX thread only receives finished models.
 */
package dev.glassbox.ui.diff;
