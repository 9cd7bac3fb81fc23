package dev.glassbox.castore.memory;

import dev.glassbox.castore.BlobStore;
import dev.glassbox.castore.CorruptEntryException;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Blobs held in a map; for tests and throw-away stores. */
public final class InMemoryBlobStore implements BlobStore {
  private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public boolean has(Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public Optional<SeekableByteChannel> open(Digest digest) {
    byte[] data = blobs.get(digest);
    return data == null ? Optional.empty() : Optional.of(new ReadOnlyArrayChannel(data));
  }

  @Override
  public void verify(Digest digest) throws StoreException {
    byte[] data = blobs.get(digest);
    if (data == null) {
      throw new StoreException("the blob " + digest + " is not in the store");
    }
    if (!Digest.ofContents(data).equals(digest)) {
      throw new CorruptEntryException("blob", digest, "its contents hash differently");
    }
  }

  @Override
  public Digest put(byte[] data) {
    Digest d = Digest.ofContents(data);
    blobs.putIfAbsent(d, data.clone());
    return d;
  }

  @Override
  public Digest putFile(Path file) throws StoreException {
    try {
      return put(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long delete(Digest digest) {
    byte[] removed = blobs.remove(digest);
    return removed == null ? 0 : removed.length;
  }

  @Override
  public Stream<Digest> list() {
    return blobs.keySet().stream();
  }

  /** Test hook: replaces a stored blob's bytes, to simulate disk corruption. */
  public void corrupt(Digest digest, byte[] replacement) {
    blobs.put(digest, replacement.clone());
  }

  /** A read-only seekable view of an array. */
  private static final class ReadOnlyArrayChannel implements SeekableByteChannel {
    private final byte[] data;
    private long position;
    private boolean open = true;

    ReadOnlyArrayChannel(byte[] data) {
      this.data = data;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position >= data.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), data.length - position);
      dst.put(data, (int) position, n);
      position += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return data.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
