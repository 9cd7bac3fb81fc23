package dev.glassbox.castore;

import java.io.ByteArrayOutputStream;

/**
 * The canonical proto3 encoding of directories and nodes (engine-spec §1.3): fields in number
 * order, default values omitted, every list element emitted even when its payload is empty.
 */
public final class ProtoCodec {
  private ProtoCodec() {}

  static byte[] encode(Directory directory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * directory.entryCount() + 8);
    // Field order: all directories (1), then files (2), then symlinks (3), each in name order.
    for (int field = 1; field <= 3; field++) {
      for (NamedNode e : directory.entries()) {
        if (fieldOf(e.node()) == field) {
          writeMessage(out, field, nodePayload(e.name().rawBytes(), e.node()));
        }
      }
    }
    return out.toByteArray();
  }

  /** The encoding of a {@code tvix.castore.v1.Node} (the oneof wrapper) with a name. */
  public static byte[] encodeNode(byte[] name, Node node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeMessage(out, fieldOf(node), nodePayload(name, node));
    return out.toByteArray();
  }

  private static int fieldOf(Node node) {
    // Java 17 has no pattern switch; the three kinds are exhaustive (sealed).
    if (node instanceof DirectoryNode) {
      return 1;
    }
    return node instanceof FileNode ? 2 : 3;
  }

  private static byte[] nodePayload(byte[] name, Node node) {
    ByteArrayOutputStream p = new ByteArrayOutputStream(80);
    writeBytes(p, 1, name);
    if (node instanceof DirectoryNode d) {
      writeDigest(p, d.digest());
      writeVarintField(p, 3, d.size());
    } else if (node instanceof FileNode f) {
      writeDigest(p, f.digest());
      writeVarintField(p, 3, f.size());
      writeVarintField(p, 4, f.executable() ? 1 : 0);
    } else if (node instanceof SymlinkNode s) {
      writeBytes(p, 2, s.target().rawBytes());
    }
    return p.toByteArray();
  }

  private static void writeDigest(ByteArrayOutputStream out, Digest digest) {
    out.write(2 << 3 | 2);
    out.write(Digest.LENGTH);
    digest.copyTo(out);
  }

  private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
    if (value.length == 0) {
      return; // proto3 default
    }
    out.write(field << 3 | 2);
    writeVarint(out, value.length);
    out.write(value, 0, value.length);
  }

  private static void writeVarintField(ByteArrayOutputStream out, int field, long value) {
    if (value == 0) {
      return; // proto3 default
    }
    out.write(field << 3);
    writeVarint(out, value);
  }

  private static void writeMessage(ByteArrayOutputStream out, int field, byte[] payload) {
    out.write(field << 3 | 2);
    writeVarint(out, payload.length);
    out.write(payload, 0, payload.length);
  }

  static void writeVarint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
