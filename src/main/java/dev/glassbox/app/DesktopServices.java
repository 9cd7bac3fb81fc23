package dev.glassbox.app;

import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.GcRoot;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.BuildOutcome;
import dev.glassbox.ui.request.EditorServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The request editor's access to the engine: imports, recent nodes, validation. */
final class DesktopServices implements EditorServices {
  private final Engine engine;
  private final RequestValidator validator;

  DesktopServices(Engine engine) {
    this.engine = engine;
    this.validator = RequestValidator.forThisHost(engine.store());
  }

  @Override
  public Node importPath(Path hostPath) throws Exception {
    return importPath(hostPath, size -> {});
  }

  @Override
  @SuppressWarnings("try") // the store lock is held for its scope, never used by name
  public Node importPath(Path hostPath, ImportProgress progress) throws Exception {
    Path source = hostPath.toAbsolutePath().normalize();
    // As 'glassbox import' does: hold the store lock until the root is recorded, so a gc in
    // another process cannot take the import away before the build runs.
    try (dev.glassbox.history.StoreLock.Held writing = dev.glassbox.history.StoreLock.of(engine.storeDir()).shared()) {
      Node node =
          new Ingester(engine.store(), engine.ioPool())
              .ingest(
                  source,
                  new Ingester.Observer() {
                    @Override
                    public void file(Path f, FileNode n) {
                      progress.fileImported(n.size());
                    }

                    @Override
                    public void symlink(Path f, dev.glassbox.castore.SymlinkTarget t) {}
                  });
      if (!(node instanceof dev.glassbox.castore.SymlinkNode)) {
        engine.history().addRoot(node, source.toString());
      }
      return node;
    }
  }

  @Override
  public Optional<Path> storeDirectory() {
    return Optional.of(engine.storeDir());
  }

  @Override
  public List<NamedNode> recentNodes(int limit) {
    Map<String, NamedNode> out = new LinkedHashMap<>();
    try {
      List<Object[]> dated = new ArrayList<>();
      for (BuildRecord r : engine.history().recent(200)) {
        if (r.outcome().isPresent() && r.outcome().get() instanceof BuildOutcome.Succeeded s) {
          for (NamedNode n : s.outputs()) {
            dated.add(new Object[] {r.finishedAt().orElse(r.submittedAt()), n});
          }
        }
      }
      for (GcRoot root : engine.history().roots()) {
        rootNode(root).ifPresent(n -> dated.add(new Object[] {root.addedAt(), n}));
      }
      dated.sort(Comparator.comparing((Object[] a) -> (java.time.Instant) a[0]).reversed());
      for (Object[] a : dated) {
        NamedNode n = (NamedNode) a[1];
        out.putIfAbsent(n.name() + " " + nodeKey(n.node()), n);
        if (out.size() >= limit) {
          break;
        }
      }
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(DesktopServices.class).warn("cannot list recent store nodes: {}", e.getMessage());
    }
    return List.copyOf(out.values());
  }

  private Optional<NamedNode> rootNode(GcRoot root) {
    try {
      String base = Path.of(root.label()).getFileName() == null ? "import" : Path.of(root.label()).getFileName().toString();
      PathComponent name = PathComponent.of(base);
      if (root.kind().equals("directory")) {
        Optional<Directory> d = engine.store().directories().get(root.digest());
        return d.map(dir -> new NamedNode(name, DirectoryNode.of(dir)));
      }
      Path blob = ((dev.glassbox.castore.disk.FileBlobStore) engine.store().blobs()).pathOf(root.digest());
      return Optional.of(new NamedNode(name, new FileNode(root.digest(), java.nio.file.Files.size(blob), false)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String nodeKey(Node n) {
    if (n instanceof DirectoryNode d) {
      return d.digest().toString();
    }
    if (n instanceof FileNode f) {
      return f.digest().toString();
    }
    return n.toString();
  }

  @Override
  public RequestValidator validator() {
    return validator;
  }

  @Override
  public Executor background() {
    return engine.ioPool();
  }
}
