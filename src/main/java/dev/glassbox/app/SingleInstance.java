package dev.glassbox.app;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desktop window per user and store: the first GUI launch listens on a unix-domain socket, and
 * a later launch hands its request file (or just "come to the front") to it and exits.
 *
 * <p>The socket lives in {@code $XDG_RUNTIME_DIR/glassbox/} (private to the user, cleared at
 * logout), else in {@code /tmp/glassbox-<user>/} created with mode 700. Its name carries a hash of
 * the store folder, so windows on different stores stay independent. A lock file next to it makes
 * "connect, else take over" atomic between two launches started at once; a socket file left by a
 * killed window refuses connections and is replaced.
 */
public final class SingleInstance implements AutoCloseable {
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_MESSAGE = 64 * 1024;

  /** What {@link #claim} found. */
  public sealed interface Claim {
    /** This process is the window now; it must {@link SingleInstance#serve} and later close. */
    record Primary(SingleInstance instance) implements Claim {}

    /** A running window took the request; this process should exit 0. */
    record HandedOver(Path socket) implements Claim {}
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final Thread cleanup;
  private volatile boolean closed;

  private SingleInstance(Path socket, ServerSocketChannel server) {
    this.socket = socket;
    this.server = server;
    // A window ended by a signal (logout, kill) does not get to close(): remove the socket anyway,
    // so the next launch need not find out that it is stale.
    this.cleanup = new Thread(this::close, "glassbox-single-instance-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** The socket for a store: see the class comment. */
  public static Path socketFor(Path storeDir, Map<String, String> env) throws IOException {
    String runtime = env.get("XDG_RUNTIME_DIR");
    Path dir;
    if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
      dir = Path.of(runtime, "glassbox");
      Files.createDirectories(dir);
    } else {
      dir =
          Path.of(
              System.getProperty("java.io.tmpdir"), "glassbox-" + System.getProperty("user.name"));
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    }
    return dir.resolve(
        "window-" + shortHash(storeDir.toAbsolutePath().normalize().toString()) + ".sock");
  }

  /**
   * Hands {@code file} to the window listening on {@code socket}, or, when none listens (no socket,
   * or a stale one from a killed process), starts listening there.
   *
   * @throws IOException when the socket can be neither reached nor created (the caller then opens a
   *     window of its own without the single-instance guarantee)
   */
  public static Claim claim(Path socket, Optional<Path> file) throws IOException {
    Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
    try (FileChannel lockChannel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.lock()) {
      if (Files.exists(socket)) {
        try {
          handOver(socket, file);
          return new Claim.HandedOver(socket);
        } catch (ConnectException | NoSuchFileException stale) {
          // Nobody listens: the window that made it was killed. Take its place.
          log().info("replacing the stale window socket {}", socket);
          Files.deleteIfExists(socket);
        }
      }
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        server.bind(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        server.close();
        throw e;
      }
      return new Claim.Primary(new SingleInstance(socket, server));
    }
  }

  private static void handOver(Path socket, Optional<Path> file) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      String message = file.map(p -> "open\t" + p.toAbsolutePath()).orElse("show") + "\n";
      ch.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
      ch.shutdownOutput();
      // The window answers once it has taken the message, so a launcher that exits 0 has really
      // been heard. A window that hangs must not hang the launcher too.
      Thread timer = closeAfter(ch, REPLY_TIMEOUT);
      try {
        String reply = readAll(ch, 64).strip();
        if (!reply.equals("ok")) {
          throw new IOException(
              "the running Glassbox window at "
                  + socket
                  + " did not take the request (it answered '"
                  + reply
                  + "'); close it and launch again");
        }
      } finally {
        timer.interrupt();
      }
    }
  }

  private static Thread closeAfter(SocketChannel ch, Duration patience) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(patience.toMillis());
                ch.close();
              } catch (InterruptedException | IOException ignored) {
                // answered in time, or already closed
              }
            },
            "glassbox-hand-over-timeout");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Accepts hand-overs on a daemon thread: {@code onRequest} gets the file, or empty for "show".
   */
  public void serve(Consumer<Optional<Path>> onRequest) {
    Thread t = new Thread(() -> acceptLoop(onRequest), "glassbox-single-instance");
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop(Consumer<Optional<Path>> onRequest) {
    while (!closed) {
      try (SocketChannel ch = server.accept()) {
        String message = readAll(ch, MAX_MESSAGE).strip();
        Optional<Path> file;
        if (message.equals("show")) {
          file = Optional.empty();
        } else if (message.startsWith("open\t")) {
          file = Optional.of(Path.of(message.substring(5)));
        } else {
          ch.write(ByteBuffer.wrap("unknown request\n".getBytes(StandardCharsets.UTF_8)));
          continue;
        }
        onRequest.accept(file);
        ch.write(ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.UTF_8)));
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          log().warn("a second Glassbox launch could not hand over its request: {}", e.toString());
        }
      }
    }
  }

  private static String readAll(SocketChannel ch, int limit) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(limit);
    while (buf.hasRemaining() && ch.read(buf) >= 0) {
      // until the peer shuts its side or the limit is reached
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }

  public Path socket() {
    return socket;
  }

  /** Stops listening and removes the socket, so the next launch opens a window of its own. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (Thread.currentThread() != cleanup) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
    }
    try {
      server.close();
    } catch (IOException e) {
      log().debug("closing the window socket", e);
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log().warn("cannot remove the window socket {}: {}", socket, e.getMessage());
    }
  }

  // Not a constant: loading the logging backend costs a few hundred milliseconds that a launch
  // handing over its file, or a window about to start, should not wait for.
  private static Logger log() {
    return LoggerFactory.getLogger(SingleInstance.class);
  }

  private static String shortHash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
