/**
 * The Inputs and Outputs tabs: {@link dev.glassbox.ui.browse.TreeBrowser}, a lazy tree table over
 * a {@code TreeSource} with a background search and a paged preview (highlighted text, hex,
 * images), and the two panes that feed it the selected build's trees. All blocking work runs on
 * the browsers' own threads; the FX thread only receives finished listings and pages.
 */
package dev.glassbox.ui.browse;
