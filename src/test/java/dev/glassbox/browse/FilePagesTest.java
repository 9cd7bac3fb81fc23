package dev.glassbox.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class FilePagesTest {

  /** Wraps a source and counts the bytes read through its channels. */
  static final class CountingSource implements TreeSource {
    final TreeSource inner;
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong opens = new AtomicLong();

    CountingSource(TreeSource inner) {
      this.inner = inner;
    }

    @Override
    public String describe() {
      return inner.describe();
    }

    @Override
    public List<TreeEntry> list(TreePath dir) throws BrowseException {
      return inner.list(dir);
    }

    @Override
    public SeekableByteChannel open(TreePath file) throws BrowseException {
      opens.incrementAndGet();
      SeekableByteChannel ch = inner.open(file);
      return new SeekableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          int n = ch.read(dst);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }

        @Override
        public int write(ByteBuffer src) {
          throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
          return ch.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
          ch.position(p);
          return this;
        }

        @Override
        public long size() throws IOException {
          return ch.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
          return ch.isOpen();
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
    }

    @Override
    public Optional<Path> hostPath(TreePath path) {
      return inner.hostPath(path);
    }

    @Override
    public long totalBytes(TreePath dir, BooleanSupplier cancelled) throws BrowseException {
      return inner.totalBytes(dir, cancelled);
    }
  }

  private static CountingSource sourceOf(byte[] data) throws Exception {
    Castore c = TestStores.store();
    FileNode f = TestStores.file(c, data);
    return new CountingSource(
        new StoreTreeSource(c, List.of(new StoreTreeSource.Root("big.bin", f))));
  }

  @Test
  void aPageIsReadAloneNeverTheWholeFile() throws Exception {
    byte[] data = new byte[10 * FilePages.PAGE_SIZE + 123];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    CountingSource src = sourceOf(data);
    FilePages pages = new FilePages(src, TreePath.of("big.bin"), data.length);
    assertThat(pages.pageCount()).isEqualTo(11);

    FilePages.Page p = pages.read(7);
    assertThat(p.offset()).isEqualTo(7L * FilePages.PAGE_SIZE);
    assertThat(p.data())
        .isEqualTo(Arrays.copyOfRange(data, 7 * FilePages.PAGE_SIZE, 8 * FilePages.PAGE_SIZE));
    assertThat(src.bytesRead.get()).isLessThanOrEqualTo(FilePages.PAGE_SIZE + 3);
    assertThat(src.opens.get()).isEqualTo(1);

    FilePages.Page last = pages.read(10);
    assertThat(last.data()).hasSize(123);
    assertThat(last.after()).isEmpty();
    assertThatThrownBy(() -> pages.read(11)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyFileHasOneEmptyPage() throws Exception {
    CountingSource src = sourceOf(new byte[0]);
    FilePages pages = new FilePages(src, TreePath.of("big.bin"), 0);
    assertThat(pages.pageCount()).isEqualTo(1);
    assertThat(pages.read(0).data()).isEmpty();
    assertThat(pages.read(0).text()).isEmpty();
  }

  @Test
  void textIsNeverSplitInsideACharacterAcrossPages() throws Exception {
    // "é" is two bytes; put one across the page boundary, and a 4-byte emoji across the next.
    StringBuilder sb = new StringBuilder("a".repeat(FilePages.PAGE_SIZE - 1)).append('é');
    sb.append("b".repeat(FilePages.PAGE_SIZE - 4)).append("😀").append("tail");
    byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
    FilePages pages = new FilePages(sourceOf(data), TreePath.of("big.bin"), data.length);
    String all = pages.read(0).text() + pages.read(1).text() + pages.read(2).text();
    assertThat(all).isEqualTo(sb.toString());
    assertThat(pages.read(0).text()).endsWith("aé");
    assertThat(pages.read(1).text()).startsWith("b").endsWith("b😀");
    assertThat(pages.read(2).text()).isEqualTo("tail");
  }

  @Test
  void binaryAndTextAreToldApart() {
    assertThat(FilePages.looksBinary("hello\nworld\t\u001b[1m\n".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(FilePages.looksBinary("grüße".getBytes(StandardCharsets.UTF_8))).isFalse();
    byte[] cut = Arrays.copyOf("xé".getBytes(StandardCharsets.UTF_8), 2);
    assertThat(FilePages.looksBinary(cut)).as("a sample cut inside a character").isFalse();
    assertThat(FilePages.looksBinary(new byte[] {0x7f, 'E', 'L', 'F', 0, 1})).isTrue();
    assertThat(FilePages.looksBinary(new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'})).isTrue();
    byte[] controls = new byte[100];
    Arrays.fill(controls, (byte) 'a');
    Arrays.fill(controls, 0, 20, (byte) 2);
    assertThat(FilePages.looksBinary(controls)).isTrue();
  }

  @Test
  void hexDumpShowsOffsetsBytesAndAscii() {
    byte[] b = "Hello, world!\n\u0000\u0001ABC".getBytes(StandardCharsets.ISO_8859_1);
    String dump = FilePages.hexDump(b, 0x10000);
    assertThat(dump.lines().toList())
        .containsExactly(
            "00010000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 01  |Hello, world!...|",
            "00010010  41 42 43                                          |ABC|");
  }
}
