package dev.glassbox.ui.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only byte store in a temporary file: appends collect in a 1 MiB buffer that is written
 * out when full, so a line costs a copy, not a system call, and the log lives on disk, not on the
 * heap. Not thread-safe: the owning document serialises all calls.
 */
final class ChunkedStore implements Closeable {
  static final int CHUNK = 1 << 20;

  private final FileChannel file;
  private final byte[] tail = new byte[CHUNK];
  private int tailLength;
  private long flushed; // bytes in the file; the tail buffer holds [flushed, flushed + tailLength)
  private final ByteBuffer intBuffer = ByteBuffer.allocate(4);

  ChunkedStore(Path directory) throws IOException {
    Path path = Files.createTempFile(directory, "glassbox-log-", ".bin");
    // DELETE_ON_CLOSE: the file goes when the document closes. On Linux the JDK even unlinks the
    // name right after opening, so a crashed app leaves nothing behind in the temp folder.
    this.file =
        FileChannel.open(
            path,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE);
  }

  /** Total bytes stored. */
  long size() {
    return flushed + tailLength;
  }

  /** Appends {@code b[off, off + len)} and returns the position it was stored at. */
  long append(byte[] b, int off, int len) {
    long at = size();
    if (tailLength + len > CHUNK) {
      flush();
      if (len > CHUNK) {
        write(ByteBuffer.wrap(b, off, len), flushed);
        flushed += len;
        return at;
      }
    }
    System.arraycopy(b, off, tail, tailLength, len);
    tailLength += len;
    return at;
  }

  /** Reads {@code len} bytes stored at {@code pos} into {@code dst[off, ...)}. */
  void read(long pos, byte[] dst, int off, int len) {
    if (pos < 0 || len < 0 || pos + len > size()) {
      throw new IndexOutOfBoundsException("read " + len + " at " + pos + " of " + size());
    }
    int fromFile = (int) Math.max(0, Math.min(len, flushed - pos));
    if (fromFile > 0) {
      ByteBuffer buf = ByteBuffer.wrap(dst, off, fromFile);
      long p = pos;
      try {
        while (buf.hasRemaining()) {
          int n = file.read(buf, p);
          if (n < 0) {
            throw new IOException("log file ended early at " + p);
          }
          p += n;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the log's temporary file", e);
      }
    }
    if (fromFile < len) {
      int tailOffset = (int) (pos + fromFile - flushed);
      System.arraycopy(tail, tailOffset, dst, off + fromFile, len - fromFile);
    }
  }

  /** Reads one little-endian int. */
  int readInt(long pos) {
    byte[] b = intBuffer.array();
    read(pos, b, 0, 4);
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
  }

  private void flush() {
    if (tailLength > 0) {
      write(ByteBuffer.wrap(tail, 0, tailLength), flushed);
      flushed += tailLength;
      tailLength = 0;
    }
  }

  private void write(ByteBuffer buf, long pos) {
    try {
      long p = pos;
      while (buf.hasRemaining()) {
        p += file.write(buf, p);
      }
    } catch (IOException e) {
      // Appends come from engine threads that cannot handle a checked exception; the document
      // turns this into a failed state the view can show.
      throw new UncheckedIOException("cannot write the log's temporary file", e);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
