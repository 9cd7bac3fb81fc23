package dev.glassbox.ui.request;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import dev.glassbox.request.RequestValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The editor's services for tests, backed by a real in-memory store and the real ingester, as
 * the app's composition root wires them with the disk store.
 */
final class TestServices implements EditorServices, AutoCloseable {
  final Castore store = new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
  private final ExecutorService blobPool = Executors.newFixedThreadPool(2, daemon("test-ingest"));
  private final ExecutorService background = Executors.newCachedThreadPool(daemon("test-editor-bg"));
  private final Ingester ingester = new Ingester(store, blobPool);
  private final List<NamedNode> recent = new CopyOnWriteArrayList<>();
  final AtomicInteger imports = new AtomicInteger();
  /** When set, imports wait on it after their first file, so tests can see them in progress. */
  volatile CountDownLatch gate;
  volatile Path storeDirectory;

  @Override
  public Node importPath(Path hostPath) throws Exception {
    return importPath(hostPath, size -> {});
  }

  @Override
  public Node importPath(Path hostPath, ImportProgress progress) throws Exception {
    imports.incrementAndGet();
    CountDownLatch g = gate;
    Node node =
        ingester.ingest(
            hostPath,
            new Ingester.Observer() {
              @Override
              public void file(Path p, FileNode n) {
                progress.fileImported(n.size());
              }

              @Override
              public void symlink(Path p, SymlinkTarget t) {}
            });
    if (g != null && !g.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened the import gate");
    }
    recent.add(0, new NamedNode(PathComponent.of(hostPath.getFileName().toString()), node));
    return node;
  }

  /** Puts a node into the "recent" list as if it had been imported or built earlier. */
  void remember(NamedNode n) {
    recent.add(0, n);
  }

  @Override
  public List<NamedNode> recentNodes(int limit) {
    List<NamedNode> all = new ArrayList<>(recent);
    return all.subList(0, Math.min(limit, all.size()));
  }

  @Override
  public RequestValidator validator() {
    return RequestValidator.forThisHost(store);
  }

  @Override
  public Executor background() {
    return background;
  }

  @Override
  public Optional<Path> storeDirectory() {
    return Optional.ofNullable(storeDirectory);
  }

  @Override
  public void close() {
    background.shutdownNow();
    blobPool.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
