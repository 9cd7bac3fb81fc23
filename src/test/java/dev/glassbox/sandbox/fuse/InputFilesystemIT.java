package dev.glassbox.sandbox.fuse;

import static dev.glassbox.sandbox.fuse.FuseFixtures.BLOB_A;
import static dev.glassbox.sandbox.fuse.FuseFixtures.BLOB_A_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.BLOB_B;
import static dev.glassbox.sandbox.fuse.FuseFixtures.BLOB_B_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.DIRECTORY_COMPLICATED_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.DIRECTORY_WITH_KEEP;
import static dev.glassbox.sandbox.fuse.FuseFixtures.DIRECTORY_WITH_KEEP_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.HELLOWORLD;
import static dev.glassbox.sandbox.fuse.FuseFixtures.HELLOWORLD_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.SYMLINK_NAME;
import static dev.glassbox.sandbox.fuse.FuseFixtures.SYMLINK_NAME2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Directory;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance list of engine-spec §5.5 (tvix's castore/src/fs/fuse/tests.rs), the inode scenario
 * and attribute table of vectors.json › fuse, and the port's own promises (DT_* types, readdir
 * offsets, the xattr size protocol), all through a real mount and real syscalls.
 */
@EnabledIf("dev.glassbox.sandbox.fuse.FuseSupport#fuseAvailable")
class InputFilesystemIT {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final FuseOptions LIST_ROOT = new FuseOptions(true, false);
  private static final FuseOptions XATTR = new FuseOptions(false, true);

  @TempDir Path tmp;

  private Path mnt() throws IOException {
    return Files.createDirectories(tmp.resolve("mnt"));
  }

  private FuseMount mount(FuseOptions options, NamedNode... roots) throws Exception {
    return FuseSupport.mount(FuseFixtures.populatedStore(), mnt(), options, roots);
  }

  @AfterEach
  void nothingLeftMounted() throws IOException {
    FuseSupport.assertNothingMountedUnder(tmp);
  }

  private static Map<String, Object> lstat(Path p) throws IOException {
    return Files.readAttributes(p, "unix:*", NOFOLLOW);
  }

  private static Map<String, Object> stat(Path p) throws IOException {
    return Files.readAttributes(p, "unix:*");
  }

  private static int perm(Map<String, Object> attrs) {
    return (Integer) attrs.get("mode") & 07777;
  }

  private static long ino(Path p) throws IOException {
    return (Long) lstat(p).get("ino");
  }

  private static String reason(Throwable t) {
    assertThat(t).isInstanceOf(FileSystemException.class);
    return ((FileSystemException) t).getReason();
  }

  // 1 -------------------------------------------------------------------------------------------
  @Test
  void mountAndUnmountAnEmptyRoot() throws Exception {
    Path mnt = mnt();
    FuseMount m = FuseSupport.mount(FuseFixtures.emptyStore(), mnt, FuseOptions.DEFAULT);
    try {
      assertThat(m.mountPoint()).isEqualTo(mnt.toRealPath());
      List<String> lines = Files.readAllLines(MountTable.MOUNTINFO);
      String line =
          lines.stream()
              .filter(l -> l.contains(" " + m.mountPoint() + " "))
              .findFirst()
              .orElseThrow();
      // Mount flags, fstype and fsname (source) as the spec and StaleMounts want them.
      assertThat(line).matches(".* ro,nosuid,nodev,noatime .*- fuse\\.glassbox glassbox .*");
      assertThat(line).contains("default_permissions").contains("allow_other");
    } finally {
      m.close();
    }
    assertThat(MountTable.glassboxMountedAt(mnt.toRealPath())).isFalse();
    m.close(); // idempotent
  }

  // 2 -------------------------------------------------------------------------------------------
  @Test
  void rootCannotBeListedWithoutListRoot() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobA())) {
      Throwable t = catchThrowable(() -> Files.newDirectoryStream(m.mountPoint()).close());
      assertThat(reason(t)).isEqualTo("Operation not permitted"); // EPERM
      assertThat(t).isNotInstanceOf(AccessDeniedException.class); // that would be EACCES
      // The root itself can still be stat'ed, and inputs reached by name.
      assertThat(perm(stat(m.mountPoint()))).isEqualTo(0555);
      assertThat(Files.readAllBytes(m.mountPoint().resolve(BLOB_A_NAME))).isEqualTo(BLOB_A);
    }
  }

  // 3 -------------------------------------------------------------------------------------------
  @Test
  void rootWithListingShowsTheInput() throws Exception {
    try (FuseMount m = mount(LIST_ROOT, FuseFixtures.blobA())) {
      List<Path> entries = list(m.mountPoint());
      assertThat(entries).hasSize(1);
      Path first = entries.get(0);
      assertThat(first.getFileName().toString()).isEqualTo(BLOB_A_NAME);
      BasicFileAttributes a = Files.readAttributes(first, BasicFileAttributes.class, NOFOLLOW);
      assertThat(a.isRegularFile()).isTrue();
      assertThat(a.size()).isEqualTo(2);
      assertThat(perm(lstat(first)) & 0222).isZero();
    }
  }

  // 4 -------------------------------------------------------------------------------------------
  @Test
  void statFileAtRoot() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobA())) {
      Path p = m.mountPoint().resolve(BLOB_A_NAME);
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      assertThat(a.isRegularFile()).isTrue();
      assertThat(a.size()).isEqualTo(2);
      assertThat(perm(stat(p))).isEqualTo(0444);
    }
  }

  // 5 -------------------------------------------------------------------------------------------
  @Test
  void readFileAtRoot() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobA())) {
      assertThat(Files.readAllBytes(m.mountPoint().resolve(BLOB_A_NAME))).containsExactly(0, 1);
    }
  }

  // 6 -------------------------------------------------------------------------------------------
  @Test
  void readLargeFileAtRoot() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobB())) {
      Path p = m.mountPoint().resolve(BLOB_B_NAME);
      assertThat(Files.size(p)).isEqualTo(BLOB_B.length);
      assertThat(Arrays.equals(Files.readAllBytes(p), BLOB_B)).isTrue();
      // Odd offsets and lengths, including past the end.
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocate(100_003);
        assertThat(ch.read(buf, 777_777)).isEqualTo(100_003);
        assertThat(Arrays.equals(buf.array(), Arrays.copyOfRange(BLOB_B, 777_777, 877_780)))
            .isTrue();
        buf.clear();
        assertThat(ch.read(buf, BLOB_B.length - 10)).isEqualTo(10);
        buf.clear();
        assertThat(ch.read(buf, BLOB_B.length + 10)).isEqualTo(-1);
      }
    }
  }

  // 7 -------------------------------------------------------------------------------------------
  @Test
  void symlinkReadlinkWithMissingTarget() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.symlinkToBlobA())) {
      Path link = m.mountPoint().resolve(SYMLINK_NAME);
      assertThat(Files.readSymbolicLink(link).toString()).isEqualTo(BLOB_A_NAME);
      assertThatThrownBy(() -> Files.readAttributes(link, BasicFileAttributes.class))
          .isInstanceOf(NoSuchFileException.class);
      assertThat(Files.readAttributes(link, BasicFileAttributes.class, NOFOLLOW).isSymbolicLink())
          .isTrue();
      assertThatThrownBy(() -> Files.readAllBytes(link)).isInstanceOf(NoSuchFileException.class);
    }
  }

  // 8 -------------------------------------------------------------------------------------------
  @Test
  void readAndStatThroughSymlink() throws Exception {
    try (FuseMount m =
        mount(FuseOptions.DEFAULT, FuseFixtures.blobA(), FuseFixtures.symlinkToBlobA())) {
      Path link = m.mountPoint().resolve(SYMLINK_NAME);
      Path target = m.mountPoint().resolve(BLOB_A_NAME);
      BasicFileAttributes viaLink = Files.readAttributes(link, BasicFileAttributes.class);
      BasicFileAttributes direct = Files.readAttributes(target, BasicFileAttributes.class);
      assertThat(viaLink.isRegularFile()).isEqualTo(direct.isRegularFile()).isTrue();
      assertThat(viaLink.size()).isEqualTo(direct.size()).isEqualTo(2);
      assertThat(Files.readAllBytes(link)).isEqualTo(Files.readAllBytes(target)).isEqualTo(BLOB_A);
    }
  }

  // 9 -------------------------------------------------------------------------------------------
  @Test
  void statDirectory() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryWithKeep())) {
      Path d = m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME);
      assertThat(Files.readAttributes(d, BasicFileAttributes.class).isDirectory()).isTrue();
      assertThat(perm(stat(d)) & 0222).isZero();
    }
  }

  // 10 ------------------------------------------------------------------------------------------
  @Test
  void xattrsCarryTheDigests() throws Exception {
    JsonNode vectors = Vectors.root().get("fuse").get("xattr_value_example");
    try (FuseMount m = mount(XATTR, FuseFixtures.directoryWithKeep(), FuseFixtures.blobA())) {
      UserDefinedFileAttributeView dir =
          Files.getFileAttributeView(
              m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME), UserDefinedFileAttributeView.class);
      // Java lists and reads the "user." namespace with the prefix removed.
      assertThat(dir.list()).containsExactly("tvix.castore.directory.digest");
      assertThat(xattr(dir, "tvix.castore.directory.digest"))
          .isEqualTo(vectors.get("DIRECTORY_WITH_KEEP").asText())
          .isEqualTo("b3:i1tdZCtka7jtUEsIYsOUE+h+V0kUl9570HWVP3uDgQ4=");
      assertThatThrownBy(() -> xattr(dir, "cheesecake")).isInstanceOf(IOException.class);

      UserDefinedFileAttributeView file =
          Files.getFileAttributeView(
              m.mountPoint().resolve(BLOB_A_NAME), UserDefinedFileAttributeView.class);
      assertThat(file.list()).containsExactly("tvix.castore.blob.digest");
      assertThat(xattr(file, "tvix.castore.blob.digest"))
          .isEqualTo(vectors.get("BLOB_A").asText())
          .isEqualTo("b3:e3AVu5LPCzGAN3AqbN2B3uQSJPc0aEwsEizWNZyx7mM=");
      assertThatThrownBy(() -> xattr(file, "cheesecake")).isInstanceOf(IOException.class);
      // A file does not have the directory attribute, nor a directory the blob one.
      assertThatThrownBy(() -> xattr(file, "tvix.castore.directory.digest"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> xattr(dir, "tvix.castore.blob.digest"))
          .isInstanceOf(IOException.class);
    }
  }

  private static String xattr(UserDefinedFileAttributeView view, String name) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(view.size(name));
    view.read(name, buf);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
  }

  @Test
  void xattrSizeProtocol() throws Exception {
    try (FuseMount m = mount(XATTR, FuseFixtures.blobA())) {
      UserDefinedFileAttributeView file =
          Files.getFileAttributeView(
              m.mountPoint().resolve(BLOB_A_NAME), UserDefinedFileAttributeView.class);
      // size() asks with size 0 and gets the length: b3: + 44 base64 characters, no NUL.
      assertThat(file.size("tvix.castore.blob.digest")).isEqualTo(47);
      // A buffer that is too small gets ERANGE (strerror: "Insufficient space in buffer").
      Throwable t =
          catchThrowable(() -> file.read("tvix.castore.blob.digest", ByteBuffer.allocate(46)));
      assertThat(t)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Insufficient space in buffer");
    }
  }

  @Test
  void xattrsAreNotSupportedWhenNotShown() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobA())) {
      UserDefinedFileAttributeView file =
          Files.getFileAttributeView(
              m.mountPoint().resolve(BLOB_A_NAME), UserDefinedFileAttributeView.class);
      // ENOSYS from the filesystem; the kernel remembers it and answers EOPNOTSUPP.
      assertThatThrownBy(file::list).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> file.size("tvix.castore.blob.digest"))
          .isInstanceOf(IOException.class);
    }
  }

  // 11 ------------------------------------------------------------------------------------------
  @Test
  void readBlobInsideDirectory() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryWithKeep())) {
      Path p = m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME).resolve(".keep");
      assertThat(Files.isRegularFile(p, NOFOLLOW)).isTrue();
      assertThat(perm(lstat(p))).isEqualTo(0444);
      assertThat(Files.readAllBytes(p)).isEmpty();
    }
  }

  // 12 ------------------------------------------------------------------------------------------
  @Test
  void readBlobDeepInsideDirectory() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryComplicated())) {
      Path p = m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME).resolve("keep").resolve(".keep");
      assertThat(Files.isRegularFile(p, NOFOLLOW)).isTrue();
      assertThat(perm(lstat(p))).isEqualTo(0444);
      assertThat(Files.readAllBytes(p)).isEmpty();
    }
  }

  // 13 ------------------------------------------------------------------------------------------
  @Test
  void readdirListsByNameAcrossKinds() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryComplicated())) {
      List<Path> entries = list(m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME));
      assertThat(entries)
          .extracting(p -> p.getFileName().toString())
          .containsExactly(".keep", "aa", "keep");
      BasicFileAttributes keepFile =
          Files.readAttributes(entries.get(0), BasicFileAttributes.class, NOFOLLOW);
      assertThat(keepFile.isRegularFile()).isTrue();
      assertThat(keepFile.size()).isZero();
      assertThat(Files.isSymbolicLink(entries.get(1))).isTrue();
      assertThat(Files.isDirectory(entries.get(2), NOFOLLOW)).isTrue();
    }
  }

  // 14 ------------------------------------------------------------------------------------------
  @Test
  void readdirDeepWithoutListingTheParent() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryComplicated())) {
      List<Path> entries = list(m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME).resolve("keep"));
      assertThat(entries).extracting(p -> p.getFileName().toString()).containsExactly(".keep");
      BasicFileAttributes a =
          Files.readAttributes(entries.get(0), BasicFileAttributes.class, NOFOLLOW);
      assertThat(a.isRegularFile()).isTrue();
      assertThat(a.size()).isZero();
    }
  }

  // 15 ------------------------------------------------------------------------------------------
  @Test
  void checkAttributes() throws Exception {
    try (FuseMount m =
        mount(
            FuseOptions.DEFAULT,
            FuseFixtures.blobA(),
            FuseFixtures.helloWorld(),
            FuseFixtures.directoryWithKeep(),
            FuseFixtures.symlinkToBlobA())) {
      Map<String, Object> file = lstat(m.mountPoint().resolve(BLOB_A_NAME));
      Map<String, Object> exec = lstat(m.mountPoint().resolve(HELLOWORLD_NAME));
      Map<String, Object> dir = lstat(m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME));
      Map<String, Object> link = lstat(m.mountPoint().resolve(SYMLINK_NAME));
      assertThat(perm(file)).isEqualTo(0444);
      assertThat(perm(exec)).isEqualTo(0555);
      assertThat(perm(dir)).isEqualTo(0555);
      assertThat(perm(link)).isEqualTo(0444);
      assertThat(file.get("size")).isEqualTo(2L);
      assertThat(dir.get("size")).isEqualTo(DIRECTORY_WITH_KEEP.size()).isEqualTo(2L);
      for (Map<String, Object> a : List.of(file, dir, link)) {
        assertThat(a.get("uid")).isEqualTo(0);
        assertThat(a.get("gid")).isEqualTo(0);
        assertThat(a.get("lastAccessTime")).isEqualTo(FileTime.fromMillis(0));
        assertThat(a.get("lastModifiedTime")).isEqualTo(FileTime.fromMillis(0));
        assertThat(a.get("ctime")).isEqualTo(FileTime.fromMillis(0));
      }
    }
  }

  /** vectors.json › fuse: root_inode, attributes and all_non_root, as lstat(2) reports them. */
  @Test
  void attributeTableOfTheVectorsThroughLstat() throws Exception {
    JsonNode fuse = Vectors.root().get("fuse");
    try (FuseMount m =
        mount(
            FuseOptions.DEFAULT,
            FuseFixtures.blobA(),
            FuseFixtures.helloWorld(),
            FuseFixtures.symlinkElsewhere(),
            FuseFixtures.directoryComplicated())) {
      Path mp = m.mountPoint();
      JsonNode root = fuse.get("root_inode");
      jnr.posix.FileStat r = Syscalls.lstat(mp);
      assertThat(r.ino()).isEqualTo(root.get("ino").asLong());
      assertThat(r.mode()).isEqualTo(Integer.parseInt(root.get("mode_octal").asText(), 8));
      assertThat(r.st_size()).isEqualTo(root.get("size").asLong());
      assertThat(r.blockSize()).isEqualTo(root.get("blksize").asLong());
      assertThat(r.blocks()).isEqualTo(root.get("blocks").asLong());
      assertThat(r.nlink()).isEqualTo(root.get("nlink").asInt());

      Map<String, Path> rows =
          Map.of(
              "regular file, executable=false", mp.resolve(BLOB_A_NAME),
              "regular file, executable=true", mp.resolve(HELLOWORLD_NAME),
              "symlink", mp.resolve(SYMLINK_NAME2),
              "directory (not yet listed: Sparse)", mp.resolve(DIRECTORY_COMPLICATED_NAME));
      Map<String, Long> sizes =
          Map.of(
              "regular file, executable=false",
              2L,
              "regular file, executable=true",
              12L,
              "symlink",
              (long) "/nix/store/somewhereelse".length(),
              "directory (not yet listed: Sparse)",
              FuseFixtures.DIRECTORY_COMPLICATED.size());
      JsonNode nonRoot = fuse.get("all_non_root");
      int checked = 0;
      for (JsonNode row : fuse.get("attributes")) {
        Path p = rows.get(row.get("node").asText());
        if (p == null) {
          continue; // the populated row: see populatedDirectoryAttributes
        }
        jnr.posix.FileStat s = Syscalls.lstat(p);
        assertThat(s.mode())
            .as(p.toString())
            .isEqualTo(Integer.parseInt(row.get("mode_octal").asText(), 8));
        assertThat(s.st_size()).as(p.toString()).isEqualTo(sizes.get(row.get("node").asText()));
        assertThat(s.blocks()).isEqualTo(row.get("blocks").asLong());
        assertThat(s.uid()).isEqualTo(nonRoot.get("uid").asInt());
        assertThat(s.gid()).isEqualTo(nonRoot.get("gid").asInt());
        assertThat(s.nlink()).isEqualTo(nonRoot.get("nlink").asInt());
        assertThat(s.atime()).isEqualTo(nonRoot.get("atime").asLong());
        assertThat(s.mtime()).isEqualTo(nonRoot.get("mtime").asLong());
        assertThat(s.ctime()).isEqualTo(nonRoot.get("ctime").asLong());
        checked++;
      }
      assertThat(checked).isEqualTo(4);
    }
  }

  /**
   * The populated row: a directory first stat'ed after something inside it was looked up reports
   * its child count. (Once the kernel has cached a sparse size it keeps it: attribute timeouts are
   * "forever", as in tvix.)
   */
  @Test
  void populatedDirectoryAttributes() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryComplicated())) {
      Path dir = m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME);
      // Resolving keep/.keep populates both directories before "keep" is stat'ed on its own...
      assertThat(Files.isRegularFile(dir.resolve("keep/.keep"), NOFOLLOW)).isTrue();
      // ...but the kernel learnt keep's attributes during that walk, while keep was still sparse.
      assertThat(Syscalls.lstat(dir.resolve("keep")).st_size())
          .isEqualTo(DIRECTORY_WITH_KEEP.size());
      InodeTable table = m.filesystem().table().orElseThrow();
      long keep = ino(dir.resolve("keep"));
      assertThat(InodeAttributes.of(keep, table.get(keep).orElseThrow()).size()).isEqualTo(1);
      assertThat(list(dir.resolve("keep"))).hasSize(1);
    }
  }

  // 16 ------------------------------------------------------------------------------------------
  @Test
  void compareInodesOfDirectories() throws Exception {
    try (FuseMount m =
        mount(
            FuseOptions.DEFAULT,
            FuseFixtures.directoryWithKeep(),
            FuseFixtures.directoryComplicated())) {
      assertThat(ino(m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME)))
          .isEqualTo(ino(m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME).resolve("keep")));
    }
  }

  // 17 ------------------------------------------------------------------------------------------
  @Test
  void compareInodesOfFiles() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryComplicated())) {
      Path d = m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME);
      assertThat(ino(d.resolve(".keep"))).isEqualTo(ino(d.resolve("keep").resolve(".keep")));
    }
  }

  // 18 ------------------------------------------------------------------------------------------
  @Test
  void compareInodesOfSymlinks() throws Exception {
    try (FuseMount m =
        mount(
            FuseOptions.DEFAULT,
            FuseFixtures.directoryComplicated(),
            FuseFixtures.symlinkElsewhere())) {
      assertThat(ino(m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME).resolve("aa")))
          .isEqualTo(ino(m.mountPoint().resolve(SYMLINK_NAME2)));
    }
  }

  /** vectors.json › fuse.inode_scenario, through the kernel. */
  @Test
  void inodeScenarioThroughTheMount() throws Exception {
    JsonNode steps = Vectors.root().get("fuse").get("inode_scenario").get("steps");
    try (FuseMount m =
        mount(
            FuseOptions.DEFAULT,
            FuseFixtures.directoryComplicated(),
            FuseFixtures.symlinkElsewhere())) {
      Path d = m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME);
      assertThat(ino(d)).isEqualTo(steps.get(0).get("result_ino").asLong());
      JsonNode order = steps.get(1).get("allocates_in_name_order");
      // Looking up "keep" first still numbers the children in name order.
      assertThat(ino(d.resolve("keep"))).isEqualTo(order.get("keep").asLong());
      assertThat(ino(d.resolve(".keep"))).isEqualTo(order.get(".keep").asLong());
      assertThat(ino(d.resolve("aa"))).isEqualTo(order.get("aa").asLong());
      assertThat(ino(d.resolve("keep/.keep"))).isEqualTo(steps.get(2).get("result_ino").asLong());
      assertThat(ino(m.mountPoint().resolve(SYMLINK_NAME2)))
          .isEqualTo(steps.get(3).get("result_ino").asLong());
      long keep = order.get("keep").asLong();
      InodeTable table = m.filesystem().table().orElseThrow();
      assertThat(InodeAttributes.of(keep, table.get(keep).orElseThrow()).size())
          .isEqualTo(steps.get(4).get("size").asLong());
    }
  }

  // 19 ------------------------------------------------------------------------------------------
  @Test
  void wrongPathsInRootFail() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobA())) {
      Path mp = m.mountPoint();
      assertThat(Files.exists(mp.resolve("00000000000000000000000000000000-tes"))).isFalse();
      assertThat(Files.exists(mp.resolve("0000000000000000000000000000000-test"))).isFalse();
      assertThat(Files.exists(mp.resolve(BLOB_A_NAME))).isTrue();
      assertThat(Files.exists(mp.resolve("00000000000000000000000000000000-tes"))).isFalse();
      assertThat(Files.exists(mp.resolve("00000000000000000000000000000000-test1"))).isFalse();
      assertThat(Files.exists(mp.resolve("10000000000000000000000000000000-test"))).isFalse();
    }
  }

  // 20 ------------------------------------------------------------------------------------------
  @Test
  void writesAreRejectedWithEROFS() throws Exception {
    try (FuseMount m =
        mount(FuseOptions.DEFAULT, FuseFixtures.blobA(), FuseFixtures.directoryWithKeep())) {
      Path mp = m.mountPoint();
      assertThat(reason(catchThrowable(() -> Files.createFile(mp.resolve("new")))))
          .isEqualTo("Read-only file system");
      assertThat(reason(catchThrowable(() -> Files.createDirectory(mp.resolve("newdir")))))
          .isEqualTo("Read-only file system");
      assertThat(reason(catchThrowable(() -> Files.write(mp.resolve(BLOB_A_NAME), new byte[] {1}))))
          .isEqualTo("Read-only file system");
      assertThat(
              reason(
                  catchThrowable(
                      () -> Files.delete(mp.resolve(DIRECTORY_WITH_KEEP_NAME).resolve(".keep")))))
          .isEqualTo("Read-only file system");
      assertThat(Files.readAllBytes(mp.resolve(BLOB_A_NAME))).isEqualTo(BLOB_A);
    }
  }

  // 21 ------------------------------------------------------------------------------------------
  @Test
  void missingDirectoryStatsButCannotBeRead() throws Exception {
    Castore store = FuseFixtures.emptyStore(); // DIRECTORY_WITH_KEEP is not stored
    try (FuseMount m =
        FuseSupport.mount(store, mnt(), FuseOptions.DEFAULT, FuseFixtures.directoryWithKeep())) {
      Path d = m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME);
      assertThat(Files.readAttributes(d, BasicFileAttributes.class).isDirectory()).isTrue();
      Throwable listing = catchThrowable(() -> list(d));
      assertThat(listing).isNotNull();
      Throwable cause =
          listing instanceof DirectoryIteratorException ? listing.getCause() : listing;
      assertThat(reason(cause)).isEqualTo("Input/output error");
      assertThat(
              reason(
                  catchThrowable(
                      () -> Files.readAttributes(d.resolve(".keep"), BasicFileAttributes.class))))
          .isEqualTo("Input/output error");
    }
  }

  // 22 ------------------------------------------------------------------------------------------
  @Test
  void missingBlobStatsButCannotBeRead() throws Exception {
    Castore store = FuseFixtures.emptyStore(); // BLOB_A is not stored
    try (FuseMount m = FuseSupport.mount(store, mnt(), FuseOptions.DEFAULT, FuseFixtures.blobA())) {
      Path p = m.mountPoint().resolve(BLOB_A_NAME);
      assertThat(Files.size(p)).isEqualTo(2);
      assertThat(reason(catchThrowable(() -> Files.readAllBytes(p))))
          .isEqualTo("Input/output error");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Beyond the tvix list: what the port promises on top.

  @Test
  void readdirSendsDtTypesAndTheTableInodes() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.directoryComplicated());
        Syscalls.Dir dir = new Syscalls.Dir(m.mountPoint().resolve(DIRECTORY_COMPLICATED_NAME))) {
      List<Syscalls.Dirent> entries = dir.readAll(4096);
      assertThat(entries)
          .containsExactly(
              new Syscalls.Dirent(3, 1, Syscalls.DT_REG, ".keep"),
              new Syscalls.Dirent(4, 2, Syscalls.DT_LNK, "aa"),
              new Syscalls.Dirent(5, 3, Syscalls.DT_DIR, "keep"));
    }
  }

  @Test
  void readdirOfALargeDirectoryHonoursOffsets() throws Exception {
    Castore store = FuseFixtures.populatedStore();
    Directory.Builder b = Directory.builder();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String name = String.format("entry-%05d-%s", i, "x".repeat(i % 40));
      names.add(name);
      b.add(FuseFixtures.name(name), new FileNode(FuseFixtures.BLOB_A_DIGEST, 2, i % 2 == 0));
    }
    Directory big = b.build();
    store.directories().put(big);
    Collections.sort(names);
    try (FuseMount m =
            FuseSupport.mount(
                store,
                mnt(),
                FuseOptions.DEFAULT,
                FuseFixtures.root("big", DirectoryNode.of(big)));
        Syscalls.Dir dir = new Syscalls.Dir(m.mountPoint().resolve("big"))) {
      // Small buffers: many getdents64 calls, each resuming at the kernel's offset.
      List<Syscalls.Dirent> all = dir.readAll(512);
      assertThat(all).extracting(Syscalls.Dirent::name).containsExactlyElementsOf(names);
      for (int k = 0; k < all.size(); k++) {
        assertThat(all.get(k).off()).isEqualTo(k + 1);
      }
      // seekdir/telldir semantics: resuming at entry k's offset yields entry k+1 next.
      dir.seek(all.get(1234).off());
      assertThat(dir.getdents(512).get(0).name()).isEqualTo(names.get(1235));
      dir.seek(0);
      assertThat(dir.getdents(512).get(0).name()).isEqualTo(names.get(0));
      dir.seek(all.size());
      assertThat(dir.getdents(512)).isEmpty();
    }
  }

  @Test
  void rootListingHonoursOffsetsAndBindsNames() throws Exception {
    List<NamedNode> roots = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      roots.add(
          FuseFixtures.root(
              String.format("%032d-input", i), new FileNode(FuseFixtures.BLOB_A_DIGEST, 2, false)));
    }
    roots.add(FuseFixtures.directoryWithKeep());
    try (FuseMount m =
            FuseMount.mount(
                FuseFixtures.populatedStore(), roots, mnt(), LIST_ROOT, AccessObserver.NONE);
        Syscalls.Dir dir = new Syscalls.Dir(m.mountPoint())) {
      List<Syscalls.Dirent> all = dir.readAll(300);
      assertThat(all).hasSize(701);
      for (int k = 0; k < all.size(); k++) {
        assertThat(all.get(k).off()).isEqualTo(k + 1);
        assertThat(all.get(k).name()).isEqualTo(roots.get(k).name().toString());
      }
      // Every blob-A input shares one inode; the directory has its own.
      assertThat(all.subList(0, 700)).extracting(Syscalls.Dirent::ino).containsOnly(2L);
      assertThat(all.get(700).type()).isEqualTo(Syscalls.DT_DIR);
      assertThat(all.get(700).ino()).isEqualTo(3L);
      dir.seek(all.get(499).off());
      assertThat(dir.getdents(300).get(0).name()).isEqualTo(roots.get(500).name().toString());
      // The listing bound the names: a lookup returns the same inodes.
      assertThat(ino(m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME))).isEqualTo(3L);
    }
  }

  @Test
  void namesAreMatchedAsBytesIncludingNonAscii() throws Exception {
    NamedNode accented =
        FuseFixtures.root(
            "caf\u00e9-\u00fcber", new FileNode(FuseFixtures.HELLOWORLD_DIGEST, 12, false));
    NamedNode decomposed =
        FuseFixtures.root(
            "cafe\u0301-\u00fcber", new FileNode(FuseFixtures.BLOB_A_DIGEST, 2, false));
    try (FuseMount m = mount(LIST_ROOT, accented, decomposed)) {
      // Two names that look alike but differ in bytes (NFC vs NFD) are two inputs.
      assertThat(Files.readAllBytes(m.mountPoint().resolve("caf\u00e9-\u00fcber")))
          .isEqualTo(HELLOWORLD);
      assertThat(Files.readAllBytes(m.mountPoint().resolve("cafe\u0301-\u00fcber")))
          .isEqualTo(BLOB_A);
      assertThat(list(m.mountPoint()))
          .extracting(p -> p.getFileName().toString())
          .containsExactly("cafe\u0301-\u00fcber", "caf\u00e9-\u00fcber"); // unsigned byte order
    }
  }

  @Test
  void filesAreClosedOnRelease() throws Exception {
    try (FuseMount m = mount(FuseOptions.DEFAULT, FuseFixtures.blobB())) {
      Path p = m.mountPoint().resolve(BLOB_B_NAME);
      for (int i = 0; i < 20; i++) {
        try (FileChannel ch = FileChannel.open(p)) {
          ch.read(ByteBuffer.allocate(10), i * 1000L);
        }
      }
      // release is asynchronous to close(2): wait for the kernel to deliver it.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (m.filesystem().openFileCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(m.filesystem().openFileCount()).isZero();
    }
  }

  @Test
  void concurrentReadersGetTheirOwnBytes() throws Exception {
    try (FuseMount m =
        mount(FuseOptions.DEFAULT, FuseFixtures.blobB(), FuseFixtures.helloWorld())) {
      Path big = m.mountPoint().resolve(BLOB_B_NAME);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int seed = t;
          results.add(
              pool.submit(
                  () -> {
                    try (FileChannel ch = FileChannel.open(big)) {
                      for (int i = 0; i < 200; i++) {
                        long off = (seed * 7919L + i * 104_729L) % (BLOB_B.length - 5000);
                        ByteBuffer buf = ByteBuffer.allocate(4999);
                        ch.read(buf, off);
                        if (!Arrays.equals(
                            buf.array(), Arrays.copyOfRange(BLOB_B, (int) off, (int) off + 4999))) {
                          return false;
                        }
                      }
                    }
                    return Arrays.equals(
                        Files.readAllBytes(m.mountPoint().resolve(HELLOWORLD_NAME)), HELLOWORLD);
                  }));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void accessObserverSeesTheBuildsAccesses() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AccessObserver recorder =
        new AccessObserver() {
          @Override
          public void lookup(String path, boolean found) {
            seen.add("lookup " + path + " " + found);
          }

          @Override
          public void open(String path) {
            seen.add("open " + path);
          }

          @Override
          public void read(String path, long offset, int bytes) {
            seen.add("read " + path + " " + offset + " " + bytes);
          }

          @Override
          public void readlink(String path) {
            seen.add("readlink " + path);
          }

          @Override
          public void readdir(String path) {
            seen.add("readdir " + path);
          }
        };
    List<NamedNode> roots =
        List.of(
            FuseFixtures.blobA(), FuseFixtures.symlinkToBlobA(), FuseFixtures.directoryWithKeep());
    try (FuseMount m =
        FuseMount.mount(
            FuseFixtures.populatedStore(), roots, mnt(), FuseOptions.DEFAULT, recorder)) {
      Path mp = m.mountPoint();
      // From another process, as a build reads: Glassbox's own requests are not traced.
      Process p =
          new ProcessBuilder(
                  "/bin/sh",
                  "-c",
                  "cat \"$1\" > /dev/null; readlink \"$2\" > /dev/null; ls \"$3\" > /dev/null;"
                      + " test -e \"$4\"; exit 0",
                  "sh",
                  mp.resolve(BLOB_A_NAME).toString(),
                  mp.resolve(SYMLINK_NAME).toString(),
                  mp.resolve(DIRECTORY_WITH_KEEP_NAME).toString(),
                  mp.resolve("nope").toString())
              .inheritIO()
              .start();
      assertThat(p.waitFor()).isZero();
      int fromBuild = seen.size();
      // The same from this JVM (the Inputs tab browsing a live mount) leaves no trace.
      Files.readAllBytes(mp.resolve(BLOB_A_NAME));
      Files.readSymbolicLink(mp.resolve(SYMLINK_NAME));
      list(mp.resolve(DIRECTORY_WITH_KEEP_NAME));
      Files.exists(mp.resolve("nope2"));
      assertThat(seen).hasSize(fromBuild);
    }
    assertThat(seen)
        .contains(
            "lookup /" + BLOB_A_NAME + " true",
            "open /" + BLOB_A_NAME,
            "read /" + BLOB_A_NAME + " 0 2",
            "readlink /" + SYMLINK_NAME,
            "readdir /" + DIRECTORY_WITH_KEEP_NAME,
            "lookup /nope false");
  }

  @Test
  void aFailingObserverDoesNotChangeAnswers() throws Exception {
    AccessObserver broken =
        new AccessObserver() {
          @Override
          public void lookup(String path, boolean found) {
            throw new IllegalStateException("observer bug");
          }

          @Override
          public void read(String path, long offset, int bytes) {
            throw new IllegalStateException("observer bug");
          }
        };
    try (FuseMount m =
        FuseMount.mount(
            FuseFixtures.populatedStore(),
            List.of(FuseFixtures.blobA()),
            mnt(),
            FuseOptions.DEFAULT,
            broken)) {
      assertThat(Files.readAllBytes(m.mountPoint().resolve(BLOB_A_NAME))).isEqualTo(BLOB_A);
    }
  }

  @Test
  void storeErrorsBecomeEIO() throws Exception {
    Castore good = FuseFixtures.populatedStore();
    dev.glassbox.castore.DirectoryStore failing =
        new dev.glassbox.castore.DirectoryStore() {
          @Override
          public boolean has(dev.glassbox.castore.Digest digest) throws StoreException {
            throw new StoreException("disk on fire");
          }

          @Override
          public java.util.Optional<Directory> get(dev.glassbox.castore.Digest digest)
              throws StoreException {
            throw new StoreException("disk on fire");
          }

          @Override
          public dev.glassbox.castore.Digest put(Directory directory) throws StoreException {
            throw new StoreException("disk on fire");
          }

          @Override
          public long delete(dev.glassbox.castore.Digest digest) throws StoreException {
            throw new StoreException("disk on fire");
          }

          @Override
          public java.util.stream.Stream<dev.glassbox.castore.Digest> list() throws StoreException {
            throw new StoreException("disk on fire");
          }
        };
    Castore store = new Castore(good.blobs(), failing);
    try (FuseMount m =
        FuseSupport.mount(store, mnt(), FuseOptions.DEFAULT, FuseFixtures.directoryWithKeep())) {
      Path d = m.mountPoint().resolve(DIRECTORY_WITH_KEEP_NAME);
      assertThat(Files.isDirectory(d)).isTrue();
      assertThat(
              reason(
                  catchThrowable(
                      () -> Files.readAttributes(d.resolve(".keep"), BasicFileAttributes.class))))
          .isEqualTo("Input/output error");
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        out.add(p);
      }
    } catch (DirectoryIteratorException e) {
      throw e;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }
}
