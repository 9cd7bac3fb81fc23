package dev.glassbox.history;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact form of a run of log lines stored as one database row: a million rows would cost
 * far more than the lines themselves, so consecutive lines share a row.
 *
 * <p>Per line: a flag byte (bit 0 stderr, bit 1 partial, bit 2 a sequence jump follows), the jump
 * as a zigzag varint if flagged, the time since the previous line (zigzag varint, milliseconds),
 * the UTF-8 length (varint) and the UTF-8 bytes. The first line's sequence number and time are
 * stored in the row's columns.
 */
final class LogChunkCodec {
  private static final int STDERR = 1;
  private static final int PARTIAL = 2;
  private static final int SEQ_JUMP = 4;

  private LogChunkCodec() {}

  /** Builds one chunk; not thread-safe. */
  static final class Encoder {
    private byte[] buf = new byte[1 << 16];
    private int size;
    private int lines;
    private long firstIndex;
    private long firstSeq;
    private long firstMillis;
    private long nextSeq;
    private long lastMillis;

    int lines() {
      return lines;
    }

    int bytes() {
      return size;
    }

    long firstIndex() {
      return firstIndex;
    }

    long firstSeq() {
      return firstSeq;
    }

    long firstMillis() {
      return firstMillis;
    }

    /** The index the next line must have to belong to this chunk. */
    long nextIndex() {
      return firstIndex + lines;
    }

    void add(long index, LogLine line) {
      if (lines == 0) {
        firstIndex = index;
        firstSeq = line.seq();
        firstMillis = line.epochMillis();
        nextSeq = line.seq();
        lastMillis = line.epochMillis();
      } else if (index != nextIndex()) {
        throw new IllegalArgumentException(
            "log line index " + index + " does not follow " + (nextIndex() - 1) + " in its chunk");
      }
      String t = line.text();
      // Most build output is ASCII: copy it without an intermediate byte array.
      byte[] text = isAscii(t) ? null : t.getBytes(StandardCharsets.UTF_8);
      int length = text == null ? t.length() : text.length;
      ensure(1 + 10 + 10 + 5 + length);
      int flags = (line.stream() == LogStream.STDERR ? STDERR : 0) | (line.partial() ? PARTIAL : 0);
      long jump = line.seq() - nextSeq;
      if (jump != 0) {
        flags |= SEQ_JUMP;
      }
      buf[size++] = (byte) flags;
      if (jump != 0) {
        putVarLong(zigzag(jump));
      }
      putVarLong(zigzag(line.epochMillis() - lastMillis));
      putVarLong(length);
      if (text == null) {
        for (int i = 0; i < length; i++) {
          buf[size + i] = (byte) t.charAt(i);
        }
      } else {
        System.arraycopy(text, 0, buf, size, length);
      }
      size += length;
      nextSeq = line.seq() + 1;
      lastMillis = line.epochMillis();
      lines++;
    }

    private static boolean isAscii(String s) {
      for (int i = 0, n = s.length(); i < n; i++) {
        if (s.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    byte[] toBytes() {
      return Arrays.copyOf(buf, size);
    }

    void reset() {
      size = 0;
      lines = 0;
      if (buf.length > 1 << 20) {
        buf = new byte[1 << 16]; // give back the memory of an unusually long line
      }
    }

    private void ensure(int extra) {
      if (size + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
      }
    }

    private void putVarLong(long v) {
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }
  }

  /** The lines of a chunk, in order. */
  static List<LogLine> decode(byte[] data, long firstSeq, long firstMillis, int count)
      throws HistoryException {
    List<LogLine> out = new ArrayList<>(count);
    int[] pos = {0};
    long seq = firstSeq;
    long millis = firstMillis;
    try {
      for (int i = 0; i < count; i++) {
        int flags = data[pos[0]++];
        if ((flags & SEQ_JUMP) != 0) {
          seq += unzigzag(getVarLong(data, pos));
        }
        millis += unzigzag(getVarLong(data, pos));
        int len = (int) getVarLong(data, pos);
        String text = new String(data, pos[0], len, StandardCharsets.UTF_8);
        pos[0] += len;
        out.add(
            new LogLine(
                seq, (flags & STDERR) != 0 ? LogStream.STDERR : LogStream.STDOUT, millis, text, (flags & PARTIAL) != 0));
        seq++;
      }
    } catch (ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException | IllegalArgumentException e) {
      throw new HistoryException(
          "a stored log chunk is damaged (line " + out.size() + " of " + count + " cannot be decoded);"
              + " the rest of this build's log is unreadable",
          e);
    }
    if (pos[0] != data.length) {
      throw new HistoryException(
          "a stored log chunk has " + (data.length - pos[0]) + " bytes after its " + count + " lines; it is damaged");
    }
    return out;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static long getVarLong(byte[] data, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = data[pos[0]++];
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than 64 bits");
  }
}
