package dev.glassbox.browse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file read one fixed-size page at a time, so a preview of a multi-gigabyte file costs one page
 * of memory: text decoded without splitting a UTF-8 sequence between pages, binary as a hex dump.
 */
public final class FilePages {
  /** 64 KiB: a screenful many times over, and cheap to read through FUSE. */
  public static final int PAGE_SIZE = 64 * 1024;

  /** A UTF-8 sequence is at most 4 bytes; a page reads up to 3 more to finish its last one. */
  private static final int LOOKAHEAD = 3;

  /** How much of the start of a file decides whether it is text. */
  public static final int SNIFF_SIZE = 8 * 1024;

  private final TreeSource source;
  private final TreePath file;
  private final long size;

  public FilePages(TreeSource source, TreePath file, long size) {
    this.source = Objects.requireNonNull(source, "source");
    this.file = Objects.requireNonNull(file, "file");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    this.size = size;
  }

  public long size() {
    return size;
  }

  public TreePath file() {
    return file;
  }

  /** At least one (an empty file has one empty page). */
  public long pageCount() {
    return Math.max(1, (size + PAGE_SIZE - 1) / PAGE_SIZE);
  }

  /**
   * One page of the file.
   *
   * @param offset where it starts in the file
   * @param data its bytes (fewer than {@link #PAGE_SIZE} only for the last page)
   * @param after up to 3 bytes that follow it, to finish a UTF-8 sequence cut at its end
   */
  public record Page(long index, long offset, byte[] data, byte[] after) {
    public Page {
      data = data.clone();
      after = after.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The page as text: UTF-8, invalid bytes replaced, no sequence split at either edge. */
    public String text() {
      int start = 0;
      if (offset > 0) {
        // Continuation bytes at the start belong to the previous page's last character.
        while (start < Math.min(LOOKAHEAD, data.length) && (data[start] & 0xC0) == 0x80) {
          start++;
        }
      }
      int needed = missingAtEnd(data);
      byte[] bytes = data;
      if (needed > 0 && after.length > 0) {
        bytes = Arrays.copyOf(data, data.length + Math.min(needed, after.length));
        System.arraycopy(after, 0, bytes, data.length, bytes.length - data.length);
      }
      CharsetDecoder d =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE);
      try {
        CharBuffer chars = d.decode(ByteBuffer.wrap(bytes, start, bytes.length - start));
        return chars.toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new IllegalStateException("a replacing decoder never fails", e);
      }
    }

    /** The page as a hex dump: offset, 16 bytes in hex, the same bytes as ASCII. */
    public String hex() {
      return hexDump(data, offset);
    }
  }

  /** How many bytes the last UTF-8 sequence of {@code b} lacks; 0 when it is complete. */
  static int missingAtEnd(byte[] b) {
    for (int back = 1; back <= Math.min(4, b.length); back++) {
      int x = b[b.length - back] & 0xFF;
      if ((x & 0xC0) == 0x80) {
        continue; // a continuation byte: keep looking for its lead byte
      }
      int len =
          x < 0x80
              ? 1
              : (x & 0xE0) == 0xC0 ? 2 : (x & 0xF0) == 0xE0 ? 3 : (x & 0xF8) == 0xF0 ? 4 : 1;
      return Math.max(0, len - back);
    }
    return 0;
  }

  /** Reads page {@code index}: one open, one seek, at most {@code PAGE_SIZE + 3} bytes. */
  public Page read(long index) throws BrowseException {
    if (index < 0 || index >= pageCount()) {
      throw new IllegalArgumentException(
          "page " + index + " is outside 0.." + (pageCount() - 1) + " of " + file);
    }
    long offset = index * PAGE_SIZE;
    int want = (int) Math.min(PAGE_SIZE + LOOKAHEAD, Math.max(0, size - offset));
    ByteBuffer buf = ByteBuffer.allocate(want);
    try (SeekableByteChannel ch = source.open(file)) {
      ch.position(offset);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          break; // the file shrank since it was listed: show what is there
        }
      }
    } catch (IOException e) {
      throw new BrowseException(
          "cannot read '" + file + "' from " + source.describe() + ": " + e.getMessage(), e);
    }
    byte[] all = Arrays.copyOf(buf.array(), buf.position());
    int pageLen = Math.min(PAGE_SIZE, all.length);
    return new Page(
        index,
        offset,
        Arrays.copyOfRange(all, 0, pageLen),
        Arrays.copyOfRange(all, pageLen, all.length));
  }

  /** Reads the first bytes of the file, to decide how to show it. */
  public byte[] sniff() throws BrowseException {
    byte[] first = read(0).data();
    return first.length <= SNIFF_SIZE ? first : Arrays.copyOf(first, SNIFF_SIZE);
  }

  /**
   * Whether {@code sample} looks binary: a NUL byte, invalid UTF-8 (a cut sequence at the very end
   * is allowed), or more than one in ten bytes being control characters other than whitespace and
   * escape.
   */
  public static boolean looksBinary(byte[] sample) {
    int controls = 0;
    for (byte b : sample) {
      int x = b & 0xFF;
      if (x == 0) {
        return true;
      }
      if (x < 0x20 && x != '\n' && x != '\r' && x != '\t' && x != '\f' && x != 0x1B && x != 0x08) {
        controls++;
      }
    }
    if (controls * 10 > sample.length) {
      return true;
    }
    // A sample cut in the middle of a character is still text.
    int end = missingAtEnd(sample) > 0 ? lastLead(sample) : sample.length;
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      d.decode(ByteBuffer.wrap(sample, 0, end));
      return false;
    } catch (java.nio.charset.CharacterCodingException e) {
      return true;
    }
  }

  private static int lastLead(byte[] b) {
    int i = b.length - 1;
    while (i > 0 && (b[i] & 0xC0) == 0x80) {
      i--;
    }
    return i;
  }

  /** {@code 00000010 68 65 6c 6c 6f 0a … |hello.|}, 16 bytes a line. */
  public static String hexDump(byte[] data, long baseOffset) {
    HexFormat hex = HexFormat.of();
    StringBuilder sb = new StringBuilder(data.length / 16 * 78 + 80);
    for (int line = 0; line < data.length; line += 16) {
      sb.append(String.format("%08x  ", baseOffset + line));
      StringBuilder ascii = new StringBuilder(16);
      for (int i = 0; i < 16; i++) {
        if (line + i < data.length) {
          byte b = data[line + i];
          sb.append(hex.toHexDigits(b)).append(' ');
          ascii.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        } else {
          sb.append("   ");
        }
        if (i == 7) {
          sb.append(' ');
        }
      }
      sb.append(" |").append(ascii).append("|\n");
    }
    return sb.toString();
  }
}
