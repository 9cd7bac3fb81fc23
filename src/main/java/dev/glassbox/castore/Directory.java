package dev.glassbox.castore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable directory: names (unique across kinds) mapped to nodes, iterated in unsigned byte
 * order of the names. Its digest is BLAKE3 over the canonical protobuf encoding.
 */
public final class Directory {
  private static final Directory EMPTY = new Directory(Collections.emptyNavigableMap());

  private final java.util.NavigableMap<PathComponent, Node> entries;
  private volatile Digest digest;

  private Directory(java.util.NavigableMap<PathComponent, Node> entries) {
    this.entries = entries;
  }

  public static Directory empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Entries in name order (unsigned bytes), all kinds interleaved. */
  public List<NamedNode> entries() {
    List<NamedNode> list = new ArrayList<>(entries.size());
    for (Map.Entry<PathComponent, Node> e : entries.entrySet()) {
      list.add(new NamedNode(e.getKey(), e.getValue()));
    }
    return list;
  }

  public int entryCount() {
    return entries.size();
  }

  public Optional<Node> get(PathComponent name) {
    return Optional.ofNullable(entries.get(name));
  }

  /**
   * The value a parent's {@link DirectoryNode#size()} carries for this directory: the tvix HEAD
   * formula {@code 2·entries + Σ child directory sizes} (engine-spec §1.4, "Glassbox decides").
   * Unsigned; saturates at 2^64-1 like tvix release builds instead of wrapping.
   */
  public long size() {
    return sizeOf(entries.values());
  }

  /** The single place the §1.4 size formula lives; ingestion, validation and FUSE all use it. */
  static long sizeOf(Iterable<Node> nodes) {
    long total = 0;
    for (Node n : nodes) {
      long add = 2;
      if (n instanceof DirectoryNode d) {
        add = d.size() + 2;
        if (Long.compareUnsigned(add, 2) < 0) {
          return -1L; // child size + 2 wrapped around: saturate
        }
      }
      long next = total + add;
      if (Long.compareUnsigned(next, total) < 0) {
        return -1L;
      }
      total = next;
    }
    return total;
  }

  /** The canonical protobuf encoding (engine-spec §1.3). */
  public byte[] encode() {
    return ProtoCodec.encode(this);
  }

  /** BLAKE3 of {@link #encode()}; computed once. */
  public Digest digest() {
    Digest d = digest;
    if (d == null) {
      d = Digest.ofContents(encode());
      digest = d;
    }
    return d;
  }

  /** Child directory digests, in name order. */
  public List<Digest> childDirectories() {
    List<Digest> out = new ArrayList<>();
    for (Node n : entries.values()) {
      if (n instanceof DirectoryNode d) {
        out.add(d.digest());
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Directory d && entries.equals(d.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "Directory" + entries;
  }

  /** Collects entries in any order; rejects a duplicate name or a size overflow on {@link #add}. */
  public static final class Builder {
    private final TreeMap<PathComponent, Node> entries = new TreeMap<>();
    // The running total of §1.5.4 step 3: 1 + child size per directory, 1 per file or symlink.
    private long running;

    private Builder() {}

    public Builder add(PathComponent name, Node node) throws InvalidDirectoryException {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(node, "node");
      if (entries.containsKey(name)) {
        throw new InvalidDirectoryException(
            InvalidDirectoryException.Kind.DUPLICATE_NAME,
            name.toString(),
            "the name '" + name + "' appears twice in one directory");
      }
      long add = 1;
      if (node instanceof DirectoryNode d) {
        add = d.size() + 1;
        if (add == 0) {
          throw overflow(name);
        }
      }
      long next = running + add;
      if (Long.compareUnsigned(next, running) < 0) {
        throw overflow(name);
      }
      running = next;
      entries.put(name, node);
      return this;
    }

    public Builder add(NamedNode named) throws InvalidDirectoryException {
      return add(named.name(), named.node());
    }

    private static InvalidDirectoryException overflow(PathComponent name) {
      return new InvalidDirectoryException(
          InvalidDirectoryException.Kind.SIZE_OVERFLOW,
          "",
          "the total size of the directory overflows 64 bits when adding '" + name + "'");
    }

    public Directory build() {
      if (entries.isEmpty()) {
        return EMPTY;
      }
      return new Directory(Collections.unmodifiableNavigableMap(new TreeMap<>(entries)));
    }
  }
}
