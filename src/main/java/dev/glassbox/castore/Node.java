package dev.glassbox.castore;

/** A nameless castore node: a directory, a file or a symlink. */
public sealed interface Node permits DirectoryNode, FileNode, SymlinkNode {}
