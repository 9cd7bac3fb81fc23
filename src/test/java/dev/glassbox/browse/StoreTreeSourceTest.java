package dev.glassbox.browse;

import static dev.glassbox.browse.TestStores.dir;
import static dev.glassbox.browse.TestStores.file;
import static dev.glassbox.browse.TestStores.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.PathComponent;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class StoreTreeSourceTest {

  @Test
  void aHundredThousandEntryInputOpensWithOneDirectoryReadPerLevel() throws Exception {
    Castore c = TestStores.store();
    DirectoryNode big = TestStores.wide(c, 100, 1000);
    TestStores.CountingDirectories counter = TestStores.directories(c);
    counter.gets.set(0);
    StoreTreeSource src = new StoreTreeSource(c, List.of(new StoreTreeSource.Root("big", big)));

    List<TreeEntry> roots = src.list(TreePath.root());
    assertThat(roots).extracting(TreeEntry::name).containsExactly("big");
    assertThat(counter.gets).hasValue(0); // the roots are known without reading anything

    List<TreeEntry> top = src.list(TreePath.of("big"));
    assertThat(top).hasSize(100);
    assertThat(counter.gets).hasValue(1);
    assertThat(top.get(0).storeSize()).hasValue(2000);

    List<TreeEntry> one = src.list(TreePath.of("big", "dir-042"));
    assertThat(one).hasSize(1000);
    assertThat(counter.gets).hasValue(2); // the child's node came from the parent's listing
    assertThat(one.get(0).path()).isEqualTo(TreePath.of("big", "dir-042", "file-00000-42.c"));
  }

  @Test
  void aDeepPathIsFoundWithoutListingFirst() throws Exception {
    Castore c = TestStores.store();
    FileNode f = file(c, "int main(){}\n", false);
    DirectoryNode inner = dir(c, "main.c", f);
    DirectoryNode src1 = dir(c, "src", inner);
    TestStores.CountingDirectories counter = TestStores.directories(c);
    counter.gets.set(0);
    StoreTreeSource src = new StoreTreeSource(c, List.of(new StoreTreeSource.Root("pkg", src1)));

    try (SeekableByteChannel ch = src.open(TreePath.of("pkg", "src", "main.c"))) {
      ByteBuffer b = ByteBuffer.allocate(64);
      ch.read(b);
      assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8))
          .isEqualTo("int main(){}\n");
    }
    assertThat(counter.gets).hasValue(2);
  }

  @Test
  void entriesCarryKindSizeExecTargetAndDigest() throws Exception {
    Castore c = TestStores.store();
    FileNode tool = file(c, "#!/bin/sh\necho hi\n", true);
    DirectoryNode d = dir(c, "bin", dir(c, "tool", tool), "lib", link("../lib64"));
    StoreTreeSource src = new StoreTreeSource(c, List.of(new StoreTreeSource.Root("pkg", d)));
    List<TreeEntry> top = src.list(TreePath.of("pkg"));
    assertThat(top).extracting(TreeEntry::name).containsExactly("bin", "lib");
    TreeEntry lib = top.get(1);
    assertThat(lib.kind()).isEqualTo(EntryKind.SYMLINK);
    assertThat(lib.symlinkTarget()).hasValue("../lib64");
    assertThat(lib.digest()).isEmpty();
    TreeEntry t = src.list(TreePath.of("pkg", "bin")).get(0);
    assertThat(t.kind()).isEqualTo(EntryKind.FILE);
    assertThat(t.executable()).isTrue();
    assertThat(t.fileSize()).isEqualTo(18);
    assertThat(t.digest()).hasValue(tool.digest());
  }

  @Test
  void totalBytesCountsFilesOnceAndSharedSubtreesFromMemory() throws Exception {
    Castore c = TestStores.store();
    DirectoryNode shared = dir(c, "a", file(c, "12345", false), "b", file(c, "123", false));
    DirectoryNode top = dir(c, "x", shared, "y", shared, "z", file(c, "1", false));
    StoreTreeSource src = new StoreTreeSource(c, List.of(new StoreTreeSource.Root("t", top)));
    TestStores.CountingDirectories counter = TestStores.directories(c);
    counter.gets.set(0);
    assertThat(src.totalBytes(TreePath.of("t"), () -> false)).isEqualTo(17);
    assertThat(counter.gets).hasValue(2); // top once, the shared subtree once
    assertThat(src.totalBytes(TreePath.of("t", "x"), () -> false)).isEqualTo(8);
    assertThatThrownBy(
            () ->
                new StoreTreeSource(c, List.of(new StoreTreeSource.Root("u", top)))
                    .totalBytes(TreePath.of("u"), () -> true))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void aMissingDirectorySaysWhatToDo() throws Exception {
    Castore c = TestStores.store();
    Directory ghost = Directory.builder().add(PathComponent.of("f"), file(c, "x", false)).build();
    StoreTreeSource src =
        new StoreTreeSource(c, List.of(new StoreTreeSource.Root("gone", DirectoryNode.of(ghost))));
    assertThatThrownBy(() -> src.list(TreePath.of("gone")))
        .isInstanceOf(BrowseException.class)
        .hasMessageContaining("not in the store")
        .hasMessageContaining("glassbox verify");
    assertThatThrownBy(() -> src.list(TreePath.of("nope")))
        .hasMessageContaining("not in this tree");
  }

  @Test
  void fileRootsAndDuplicateRootNames() throws Exception {
    Castore c = TestStores.store();
    FileNode f = file(c, "data", false);
    StoreTreeSource src =
        new StoreTreeSource(c, List.of(new StoreTreeSource.Root("nix/store/abc-out", f)));
    assertThat(src.list(TreePath.root()).get(0).kind()).isEqualTo(EntryKind.FILE);
    assertThatThrownBy(() -> src.list(TreePath.of("nix/store/abc-out")))
        .hasMessageContaining("not a directory");
    assertThatThrownBy(
            () ->
                new StoreTreeSource(
                    c, List.of(new StoreTreeSource.Root("a", f), new StoreTreeSource.Root("a", f))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
