/** A pure-Java BLAKE3 hash (default hash mode, 32-byte output) for the content-addressed store. */
package dev.glassbox.castore.blake3;
