/**
 * The read-only FUSE filesystem that serves a build's inputs from the castore (engine-spec §5), and
 * the mount lifecycle around it. This is an adapter: jnr-fuse and libfuse2 stay inside this
 * package; {@link dev.glassbox.sandbox.fuse.InodeTable} holds the filesystem logic without them.
 */
package dev.glassbox.sandbox.fuse;
