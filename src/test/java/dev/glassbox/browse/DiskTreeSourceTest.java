package dev.glassbox.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.ingest.Ingester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskTreeSourceTest {
  @TempDir Path tmp;

  /** {@code <tmp>/mnt/src/{build.sh (exec), data/blob.bin, link -> build.sh}}. */
  private Path tree() throws Exception {
    Path src = tmp.resolve("mnt/src");
    Files.createDirectories(src.resolve("data"));
    Files.writeString(src.resolve("build.sh"), "#!/bin/sh\necho building\n");
    Files.setPosixFilePermissions(
        src.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.write(src.resolve("data/blob.bin"), new byte[] {0, 1, 2, 3, 4});
    Files.createSymbolicLink(src.resolve("link"), Path.of("build.sh"));
    return tmp.resolve("mnt");
  }

  @Test
  void listsWhatIsOnDiskWithoutFollowingLinks() throws Exception {
    Path mnt = tree();
    DiskTreeSource s = DiskTreeSource.children("test", mnt, Optional.empty());
    assertThat(s.list(TreePath.root())).extracting(TreeEntry::name).containsExactly("src");
    List<TreeEntry> src = s.list(TreePath.of("src"));
    assertThat(src).extracting(TreeEntry::name).containsExactly("build.sh", "data", "link");
    TreeEntry sh = src.get(0);
    assertThat(sh.kind()).isEqualTo(EntryKind.FILE);
    assertThat(sh.executable()).isTrue();
    assertThat(sh.fileSize()).isEqualTo(24);
    assertThat(sh.digest()).isEmpty();
    assertThat(src.get(1).kind()).isEqualTo(EntryKind.DIRECTORY);
    assertThat(src.get(2).kind()).isEqualTo(EntryKind.SYMLINK);
    assertThat(src.get(2).symlinkTarget()).hasValue("build.sh");
    assertThat(s.hostPath(TreePath.of("src", "data", "blob.bin")))
        .hasValue(mnt.resolve("src/data/blob.bin"));
    assertThat(s.totalBytes(TreePath.of("src"), () -> false)).isEqualTo(29);
    assertThatThrownBy(() -> s.open(TreePath.of("src", "link"))).hasMessageContaining("not a file");
    assertThatThrownBy(() -> s.list(TreePath.of("src", "gone")))
        .isInstanceOf(BrowseException.class)
        .hasMessageContaining("is gone");
  }

  @Test
  void entriesBorrowDigestsFromTheSameTreeInTheStore() throws Exception {
    Path mnt = tree();
    Castore c = TestStores.store();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    DirectoryNode stored;
    try {
      stored = (DirectoryNode) new Ingester(c, pool).ingest(mnt.resolve("src"));
    } finally {
      pool.shutdown();
    }
    StoreTreeSource known =
        new StoreTreeSource(
            c, List.of(StoreTreeSource.Root.of(new NamedNode(PathComponent.of("src"), stored))));
    // A file that changed on disk since it was stored gets no digest.
    Files.writeString(mnt.resolve("src/data/blob.bin"), "changed!");
    DiskTreeSource s = DiskTreeSource.children("test", mnt, Optional.of(known));
    assertThat(s.list(TreePath.root()).get(0).digest()).hasValue(stored.digest());
    TreeEntry sh = s.list(TreePath.of("src")).get(0);
    assertThat(sh.digest()).isEqualTo(known.list(TreePath.of("src")).get(0).digest());
    assertThat(s.list(TreePath.of("src", "data")).get(0).digest()).isEmpty();
  }

  @Test
  void namedRootsForScratchDirectories() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("scratch/A"));
    Path b = Files.createDirectories(tmp.resolve("scratch/B"));
    Files.writeString(b.resolve("out.txt"), "hello");
    Map<String, Path> roots = new LinkedHashMap<>();
    roots.put("build", a);
    roots.put("nix/store", b);
    DiskTreeSource s = DiskTreeSource.roots("scratch", roots);
    assertThat(s.list(TreePath.root()))
        .extracting(TreeEntry::name)
        .containsExactly("build", "nix/store");
    assertThat(s.list(TreePath.of("nix/store")))
        .extracting(TreeEntry::name)
        .containsExactly("out.txt");
    assertThat(s.hostPath(TreePath.of("nix/store", "out.txt"))).hasValue(b.resolve("out.txt"));
    assertThat(BuildTrees.sandboxPath("/", TreePath.of("nix/store", "out.txt")))
        .isEqualTo("/nix/store/out.txt");
    assertThat(BuildTrees.sandboxPath("/nix/store", TreePath.of("src", "build.sh")))
        .isEqualTo("/nix/store/src/build.sh");
    assertThat(BuildTrees.sandboxPath("", TreePath.of("nix/store/abc-hello")))
        .isEqualTo("/nix/store/abc-hello");
    assertThat(BuildTrees.isMountPoint(a)).isFalse();
  }
}
