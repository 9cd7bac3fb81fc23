package dev.glassbox.castore;

import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of {@code tvix.castore.v1.Directory} before validation: three lists of raw nodes.
 * {@link #validate()} turns it into a {@link Directory} with tvix's exact rules and precedence.
 */
public record ProtoDirectory(List<Dir> directories, List<File> files, List<Symlink> symlinks) {
  public ProtoDirectory {
    directories = List.copyOf(directories);
    files = List.copyOf(files);
    symlinks = List.copyOf(symlinks);
  }

  /** A raw {@code DirectoryNode}. */
  public record Dir(byte[] name, byte[] digest, long size) {}

  /** A raw {@code FileNode}. */
  public record File(byte[] name, byte[] digest, long size, boolean executable) {}

  /** A raw {@code SymlinkNode}. */
  public record Symlink(byte[] name, byte[] target) {}

  /** Decodes protobuf bytes (any valid proto3 encoding, not only the canonical one). */
  public static ProtoDirectory decode(byte[] wire) throws InvalidDirectoryException {
    List<Dir> dirs = new ArrayList<>();
    List<File> files = new ArrayList<>();
    List<Symlink> links = new ArrayList<>();
    ProtoReader r = new ProtoReader(wire, 0, wire.length);
    while (r.hasMore()) {
      int tag = r.tag();
      int field = tag >>> 3;
      if ((tag & 7) != 2) {
        r.skip(tag);
        continue;
      }
      ProtoReader m = r.message();
      byte[] name = new byte[0];
      byte[] second = new byte[0];
      long size = 0;
      boolean exec = false;
      while (m.hasMore()) {
        int t = m.tag();
        switch (t) {
          case (1 << 3) | 2 -> name = m.bytes();
          case (2 << 3) | 2 -> second = m.bytes();
          case (3 << 3) -> size = m.varint();
          case (4 << 3) -> exec = m.varint() != 0;
          default -> m.skip(t);
        }
      }
      switch (field) {
        case 1 -> dirs.add(new Dir(name, second, size));
        case 2 -> files.add(new File(name, second, size, exec));
        case 3 -> links.add(new Symlink(name, second));
        default -> {
          // unknown fields are ignored, as prost does; the digest is of the re-encoding anyway
        }
      }
    }
    return new ProtoDirectory(dirs, files, links);
  }

  /** Decodes and validates in one step. */
  public static Directory parse(byte[] wire) throws InvalidDirectoryException {
    return decode(wire).validate();
  }

  /**
   * Decodes stored bytes and checks they are the directory {@code expected} names, hashing the
   * re-encoding, never the bytes read (engine-spec §1.3).
   *
   * @throws CorruptEntryException when they are not
   */
  public static Directory parseStored(byte[] wire, Digest expected) throws CorruptEntryException {
    try {
      Directory d = parse(wire);
      if (!d.digest().equals(expected)) {
        throw new CorruptEntryException("directory", expected, "it hashes to " + d.digest());
      }
      return d;
    } catch (InvalidDirectoryException e) {
      throw new CorruptEntryException("directory", expected, e.getMessage());
    }
  }

  /** Applies engine-spec §1.5.4: per-list sorting, then per-node checks, then insertion. */
  public Directory validate() throws InvalidDirectoryException {
    checkSorted(directories.stream().map(Dir::name).toList());
    checkSorted(files.stream().map(File::name).toList());
    checkSorted(symlinks.stream().map(Symlink::name).toList());
    List<NamedNode> nodes = new ArrayList<>();
    for (Dir d : directories) {
      Digest digest = digestOf(d.name(), d.digest());
      nodes.add(new NamedNode(name(d.name()), new DirectoryNode(digest, d.size())));
    }
    for (File f : files) {
      Digest digest = digestOf(f.name(), f.digest());
      nodes.add(new NamedNode(name(f.name()), new FileNode(digest, f.size(), f.executable())));
    }
    for (Symlink s : symlinks) {
      SymlinkTarget target;
      try {
        target = SymlinkTarget.of(s.target());
      } catch (InvalidSymlinkTargetException e) {
        throw new InvalidDirectoryException(
            InvalidDirectoryException.Kind.INVALID_NODE,
            "InvalidSymlinkTarget(" + tvixCase(e.problem().name()) + ")",
            "symlink '" + ByteString.display(s.name()) + "': " + e.getMessage());
      }
      nodes.add(new NamedNode(name(s.name()), new SymlinkNode(target)));
    }
    Directory.Builder b = Directory.builder();
    for (NamedNode n : nodes) {
      b.add(n);
    }
    return b.build();
  }

  private static void checkSorted(List<byte[]> names) throws InvalidDirectoryException {
    byte[] prev = new byte[0];
    for (byte[] name : names) {
      int c = ByteString.compare(name, prev);
      if (c < 0) {
        PathComponent n = name(name);
        throw new InvalidDirectoryException(
            InvalidDirectoryException.Kind.WRONG_SORTING,
            ByteString.escape(n.rawBytes()),
            "the entry '" + n + "' is out of order: entries of each kind must be sorted by name");
      }
      if (c == 0) {
        // tvix converts the name for the error first, so an empty first name is InvalidName(Empty).
        PathComponent n = name(name);
        throw new InvalidDirectoryException(
            InvalidDirectoryException.Kind.DUPLICATE_NAME,
            ByteString.escape(n.rawBytes()),
            "the name '" + n + "' appears twice in one directory");
      }
      prev = name;
    }
  }

  private static Digest digestOf(byte[] name, byte[] digest) throws InvalidDirectoryException {
    if (digest.length != Digest.LENGTH) {
      throw new InvalidDirectoryException(
          InvalidDirectoryException.Kind.INVALID_NODE,
          "InvalidDigestLen(" + digest.length + ")",
          "the entry '"
              + ByteString.display(name)
              + "' has a digest of "
              + digest.length
              + " bytes; BLAKE3 digests have 32");
    }
    return Digest.of(digest);
  }

  private static PathComponent name(byte[] raw) throws InvalidDirectoryException {
    try {
      return PathComponent.of(raw);
    } catch (InvalidNameException e) {
      throw new InvalidDirectoryException(
          InvalidDirectoryException.Kind.INVALID_NAME, tvixCase(e.problem().name()), e.getMessage());
    }
  }

  /** EMPTY -> Empty, TOO_LONG -> TooLong, CUR_DIR -> CurDir. */
  static String tvixCase(String enumName) {
    StringBuilder sb = new StringBuilder();
    for (String part : enumName.split("_")) {
      sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return sb.toString();
  }

  /** Minimal proto3 reader for length-delimited and varint fields. */
  private static final class ProtoReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    ProtoReader(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean hasMore() {
      return pos < end;
    }

    int tag() throws InvalidDirectoryException {
      long t = varint();
      if (t <= 0 || t > Integer.MAX_VALUE) {
        throw malformed("bad field tag");
      }
      return (int) t;
    }

    long varint() throws InvalidDirectoryException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw malformed("truncated varint");
        }
        byte b = buf[pos++];
        result |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw malformed("varint longer than 10 bytes");
    }

    byte[] bytes() throws InvalidDirectoryException {
      int len = length();
      byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
      pos += len;
      return out;
    }

    ProtoReader message() throws InvalidDirectoryException {
      int len = length();
      ProtoReader r = new ProtoReader(buf, pos, pos + len);
      pos += len;
      return r;
    }

    private int length() throws InvalidDirectoryException {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw malformed("length runs past the end of the message");
      }
      return (int) len;
    }

    void skip(int tag) throws InvalidDirectoryException {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw malformed("unsupported wire type " + (tag & 7));
      }
    }

    private void advance(int n) throws InvalidDirectoryException {
      if (n > end - pos) {
        throw malformed("truncated field");
      }
      pos += n;
    }

    private static InvalidDirectoryException malformed(String what) {
      return new InvalidDirectoryException(
          InvalidDirectoryException.Kind.MALFORMED,
          what,
          "the stored directory is not valid protobuf (" + what + "); run 'glassbox verify'");
    }
  }
}
