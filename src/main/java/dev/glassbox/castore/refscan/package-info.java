/**
 * Reference scanning (engine-spec §4.7): finds which of a build's refscan needles occur in the
 * contents of its outputs, with tvix's exact non-overlapping, leftmost, shortest-first semantics
 * and its streaming window rule.
 */
package dev.glassbox.castore.refscan;
