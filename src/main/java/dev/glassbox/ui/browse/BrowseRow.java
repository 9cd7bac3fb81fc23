package dev.glassbox.ui.browse;

import dev.glassbox.browse.TreeEntry;
import dev.glassbox.browse.TreePath;
import java.util.Objects;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;

/** One row of the tree: an entry, or the tree's root, or a "loading" / problem placeholder. */
final class BrowseRow {
  /** {@link #total} before anyone asked for it. */
  static final long UNKNOWN = -1;

  /** {@link #total} while it is being computed. */
  static final long COMPUTING = -2;

  /** {@link #total} when it could not be computed. */
  static final long FAILED = -3;

  enum Role {
    ROOT,
    ENTRY,
    LOADING,
    PROBLEM
  }

  final Role role;
  final TreePath path;
  final TreeEntry entry;
  final String text;

  /** A directory's total bytes, filled in the background when its row is first shown. */
  final LongProperty total = new SimpleLongProperty(UNKNOWN);

  private BrowseRow(Role role, TreePath path, TreeEntry entry, String text) {
    this.role = role;
    this.path = Objects.requireNonNull(path, "path");
    this.entry = entry;
    this.text = text;
  }

  static BrowseRow root(String label) {
    return new BrowseRow(Role.ROOT, TreePath.root(), null, label);
  }

  static BrowseRow of(TreeEntry e) {
    return new BrowseRow(Role.ENTRY, e.path(), e, e.name());
  }

  static BrowseRow loading(TreePath parent) {
    return new BrowseRow(Role.LOADING, parent, null, "loading…");
  }

  static BrowseRow problem(TreePath parent, String message) {
    return new BrowseRow(Role.PROBLEM, parent, null, message);
  }

  boolean isDirectory() {
    return role == Role.ROOT || (entry != null && entry.isDirectory());
  }

  @Override
  public String toString() {
    return text;
  }
}
