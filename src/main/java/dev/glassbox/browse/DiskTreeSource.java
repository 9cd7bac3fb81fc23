package dev.glassbox.browse;

import dev.glassbox.castore.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A tree on this host's disk, read with plain file APIs and never following a symlink: a running
 * build's live input mount (the tree exactly as the build sees it), or a kept sandbox's scratch
 * directories. Where the same path is known in the store, entries carry its digest.
 */
public final class DiskTreeSource implements TreeSource {
  /** Names in unsigned byte order, as the store orders them. */
  private static final Comparator<String> BYTE_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final String description;
  private final Optional<Path> base;
  private final Map<String, Path> roots;
  private final Optional<StoreTreeSource> known;

  private DiskTreeSource(
      String description,
      Optional<Path> base,
      Map<String, Path> roots,
      Optional<StoreTreeSource> known) {
    this.description = description;
    this.base = base;
    this.roots = roots;
    this.known = known;
  }

  /**
   * The entries of {@code dir} are the roots (a mounted inputs directory: one root per input).
   *
   * @param known the same tree in the store, to show digests; empty when there is none
   */
  public static DiskTreeSource children(
      String description, Path dir, Optional<StoreTreeSource> known) {
    return new DiskTreeSource(description, Optional.of(dir), Map.of(), known);
  }

  /** Each named host directory is one root (a kept sandbox's scratch directories). */
  public static DiskTreeSource roots(String description, Map<String, Path> roots) {
    return new DiskTreeSource(
        description, Optional.empty(), new LinkedHashMap<>(roots), Optional.empty());
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public Optional<Path> hostPath(TreePath path) {
    if (path.isRoot()) {
      return base;
    }
    Path p;
    int from;
    if (base.isPresent()) {
      p = base.get();
      from = 0;
    } else {
      p = roots.get(path.components().get(0));
      if (p == null) {
        return Optional.empty();
      }
      from = 1;
    }
    for (String c : path.components().subList(from, path.depth())) {
      p = p.resolve(c);
    }
    return Optional.of(p);
  }

  @Override
  public List<TreeEntry> list(TreePath dir) throws BrowseException {
    List<TreeEntry> out = new ArrayList<>();
    if (dir.isRoot() && base.isEmpty()) {
      for (Map.Entry<String, Path> r : roots.entrySet()) {
        out.add(stat(TreePath.of(r.getKey()), r.getValue()));
      }
      return out;
    }
    Path host = hostPath(dir).orElseThrow(() -> new BrowseException("'" + dir + "' is not here"));
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(host)) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    } catch (NotDirectoryException e) {
      throw new BrowseException("'" + dir + "' is not a directory, so it has no entries to list");
    } catch (IOException e) {
      throw unreadable(dir, host, e);
    }
    names.sort(BYTE_ORDER);
    Map<String, TreeEntry> stored = storedEntries(dir);
    for (String name : names) {
      TreeEntry e = stat(dir.child(name), host.resolve(name));
      TreeEntry s = stored.get(name);
      if (s != null && s.digest().isPresent() && sameShape(e, s)) {
        e = e.withDigest(s.digest().get());
      }
      out.add(e);
    }
    return out;
  }

  private Map<String, TreeEntry> storedEntries(TreePath dir) {
    if (known.isEmpty()) {
      return Map.of();
    }
    Map<String, TreeEntry> m = new HashMap<>();
    try {
      for (TreeEntry e : known.get().list(dir)) {
        m.put(e.name(), e);
      }
    } catch (BrowseException e) {
      // Not in the store (yet): the entries just carry no digest.
    }
    return m;
  }

  /** A digest belongs to a disk entry only if the store's entry is the same kind and length. */
  private static boolean sameShape(TreeEntry disk, TreeEntry stored) {
    return disk.kind() == stored.kind()
        && (disk.kind() != EntryKind.FILE
            || (disk.fileSize() == stored.fileSize() && disk.executable() == stored.executable()));
  }

  private TreeEntry stat(TreePath path, Path host) throws BrowseException {
    try {
      BasicFileAttributes a;
      boolean exec = false;
      try {
        PosixFileAttributes pa =
            Files.readAttributes(host, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        exec = pa.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        a = pa;
      } catch (UnsupportedOperationException e) {
        a = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      }
      if (a.isSymbolicLink()) {
        return new TreeEntry(
            path,
            EntryKind.SYMLINK,
            0,
            false,
            Optional.of(Files.readSymbolicLink(host).toString()),
            Optional.empty(),
            OptionalLong.empty());
      }
      if (a.isDirectory()) {
        return new TreeEntry(
            path,
            EntryKind.DIRECTORY,
            0,
            false,
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty());
      }
      EntryKind kind = a.isRegularFile() ? EntryKind.FILE : EntryKind.OTHER;
      return new TreeEntry(
          path,
          kind,
          kind == EntryKind.FILE ? a.size() : 0,
          kind == EntryKind.FILE && exec,
          Optional.empty(),
          Optional.<Digest>empty(),
          OptionalLong.empty());
    } catch (IOException e) {
      throw unreadable(path, host, e);
    }
  }

  @Override
  public SeekableByteChannel open(TreePath file) throws BrowseException {
    Path host = hostPath(file).orElseThrow(() -> new BrowseException("'" + file + "' is not here"));
    if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
      throw new BrowseException("'" + file + "' is not a file, so it has no contents to show");
    }
    try {
      return FileChannel.open(host, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw unreadable(file, host, e);
    }
  }

  @Override
  public long totalBytes(TreePath dir, BooleanSupplier cancelled) throws BrowseException {
    // A mounted input cannot change, so the store's answer is exact; and asking the store keeps
    // the browser from walking the mount (cheaper, and not mistaken for the build's own reads).
    if (known.isPresent()) {
      try {
        if (known.get().node(dir).orElse(null) instanceof dev.glassbox.castore.DirectoryNode) {
          return known.get().totalBytes(dir, cancelled);
        }
      } catch (BrowseException e) {
        // not in the store: walk the disk
      }
    }
    Path host = hostPath(dir).orElseThrow(() -> new BrowseException("'" + dir + "' is not here"));
    long[] sum = {0};
    try {
      Files.walkFileTree(
          host,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (cancelled.getAsBoolean()) {
                throw new CancellationException("size of " + dir + " cancelled");
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                sum[0] += attrs.size();
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              // A file that vanished while walking a live tree counts nothing.
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw unreadable(dir, host, e);
    }
    return sum[0];
  }

  private BrowseException unreadable(TreePath path, Path host, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new BrowseException(
          "'"
              + path
              + "' is gone from "
              + description
              + " ("
              + host
              + "); if the build ended,"
              + " its mount went away with it: switch to the store",
          e);
    }
    return new BrowseException(
        "cannot read '" + path + "' in " + description + " (" + host + "): " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "DiskTreeSource[" + description + "]";
  }
}
