package dev.glassbox.castore.diff;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads stored file contents for a comparison: a sniff of the head, or a whole small text. */
public final class Contents {
  /** How many leading bytes decide whether a file is text. */
  public static final int SNIFF_BYTES = 8192;

  /** Files up to this size are diffed line by line; larger ones get the hex view. */
  public static final long MAX_TEXT_BYTES = 8L << 20;

  private Contents() {}

  /**
   * Whether {@code head} looks like text: no NUL byte and valid UTF-8, allowing a multi-byte
   * character cut off at the end of the sample.
   */
  public static boolean looksLikeText(byte[] head, int length) {
    for (int i = 0; i < length; i++) {
      if (head[i] == 0) {
        return false;
      }
    }
    // endOfInput=false: a character cut off by the end of the sample is not an error.
    CoderResult r =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(head, 0, length), CharBuffer.allocate(length), false);
    return !r.isError();
  }

  /** Whether the stored file looks like text, from its first {@link #SNIFF_BYTES} bytes. */
  public static boolean isText(Castore store, FileNode file) throws StoreException {
    byte[] head = new byte[(int) Math.min(SNIFF_BYTES, file.size())];
    int n = readAt(store, file, 0, head);
    return looksLikeText(head, n);
  }

  /**
   * Reads up to {@code into.length} bytes at {@code offset} without loading the rest of the blob;
   * returns how many were read.
   */
  public static int readAt(Castore store, FileNode file, long offset, byte[] into)
      throws StoreException {
    try (SeekableByteChannel ch = open(store, file)) {
      ch.position(offset);
      ByteBuffer buf = ByteBuffer.wrap(into);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          break;
        }
      }
      return buf.position();
    } catch (IOException e) {
      throw new StoreException("cannot read the blob " + file.digest() + ": " + e.getMessage(), e);
    }
  }

  /** Opens the blob for positional reads (not re-hashed: pages must stay cheap). */
  public static SeekableByteChannel open(Castore store, FileNode file) throws StoreException {
    return store
        .blobs()
        .open(file.digest())
        .orElseThrow(
            () ->
                new StoreException(
                    "the blob "
                        + file.digest()
                        + " is referenced but not in the store; run 'glassbox verify'"));
  }

  /**
   * The whole contents of a file of at most {@link #MAX_TEXT_BYTES}, checked against its digest
   * so a diff never shows corrupt bytes.
   */
  public static byte[] readSmall(Castore store, FileNode file) throws StoreException {
    if (file.size() > MAX_TEXT_BYTES) {
      throw new IllegalArgumentException(
          "the file " + file.digest() + " has " + file.size() + " bytes, too many to read whole");
    }
    try (InputStream in =
        store
            .blobs()
            .openVerified(file.digest())
            .orElseThrow(
                () ->
                    new StoreException(
                        "the blob "
                            + file.digest()
                            + " is referenced but not in the store; run 'glassbox verify'"))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StoreException("cannot read the blob " + file.digest() + ": " + e.getMessage(), e);
    }
  }

  /** Whether both files can be shown as a line diff: small enough and both look like text. */
  public static boolean textDiffable(Castore store, FileNode left, FileNode right)
      throws StoreException {
    return left.size() <= MAX_TEXT_BYTES
        && right.size() <= MAX_TEXT_BYTES
        && isText(store, left)
        && isText(store, right);
  }
}
