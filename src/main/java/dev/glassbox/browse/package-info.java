/**
 * Browsing a build's trees without JavaFX: {@link dev.glassbox.browse.TreeSource} lists one
 * directory at a time from the store ({@link dev.glassbox.browse.StoreTreeSource}) or from disk
 * ({@link dev.glassbox.browse.DiskTreeSource}: a running build's live FUSE mount, a sandbox's
 * scratch directories), {@link dev.glassbox.browse.TreeSearch} finds names across a tree in the
 * background, {@link dev.glassbox.browse.FilePages} reads a file one 64 KiB page at a time, and
 * {@link dev.glassbox.browse.BuildTrees} says which trees a build offers and why others are not
 * there. {@link dev.glassbox.browse.PathMarks} is the hook for per-path marks such as the
 * access-tracing data.
 */
package dev.glassbox.browse;
