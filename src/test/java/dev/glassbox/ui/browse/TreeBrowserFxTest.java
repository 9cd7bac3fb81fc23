package dev.glassbox.ui.browse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.browse.PathMarks;
import dev.glassbox.browse.StoreTreeSource;
import dev.glassbox.browse.TestStores;
import dev.glassbox.browse.TreeEntry;
import dev.glassbox.browse.TreePath;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.ui.request.HeadlessFx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The browser on an in-memory store, headless: lazy loading, reveal, search, previews, save. */
@ExtendWith({HeadlessFx.class, ApplicationExtension.class})
class TreeBrowserFxTest {
  static {
    HeadlessFx.configure();
  }

  @TempDir Path tmp;
  private TreeBrowser browser;
  private static StoreTreeSource source;
  private final List<Path> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Start
  void start(Stage stage) throws Exception {
    if (source == null) {
      source = build();
    }
    opened.clear();
    browser = new TreeBrowser("test", opened::add);
    stage.setScene(new Scene(browser, 1200, 700));
    stage.show();
  }

  /** Built once: a 100,000-file input and a few files of each kind to preview. */
  private static StoreTreeSource build() throws Exception {
    Castore store = TestStores.store();
    DirectoryNode big = TestStores.wide(store, 100, 1000);
    StringBuilder longText = new StringBuilder();
    for (int i = 0; longText.length() < 3 * 64 * 1024; i++) {
      longText.append("line ").append(i).append(": echo $out # comment\n");
    }
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    img.setRGB(5, 5, 0xff0000);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    DirectoryNode small =
        TestStores.dir(
            store,
            "build.sh",
            TestStores.file(store, "#!/bin/sh\nif true; then echo hi; fi\n", true),
            "blob.bin",
            TestStores.file(store, new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2}),
            "long.sh",
            TestStores.file(store, longText.toString(), false),
            "logo.png",
            TestStores.file(store, png.toByteArray()),
            "link",
            TestStores.link("build.sh"));
    return new StoreTreeSource(
        store,
        List.of(new StoreTreeSource.Root("big", big), new StoreTreeSource.Root("src", small)));
  }

  private static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  private static void waitUntil(String what, Supplier<Boolean> condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      if (fx(condition::get)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  private void open(PathMarks marks) throws Exception {
    fx(
        () -> {
          browser.setSource(source, "/nix/store", "test store", marks, Optional.empty());
          return null;
        });
    waitUntil(
        "the roots are listed",
        () ->
            browser.table().getRoot().getChildren().size() == 2
                && browser.table().getRoot().getChildren().get(0).getValue().entry != null);
  }

  private void reveal(String... path) throws Exception {
    fx(() -> browser.reveal(TreePath.of(path))).get(60, TimeUnit.SECONDS);
  }

  @Test
  void aHundredThousandEntryInputOpensOneFolderAtATime() throws Exception {
    open(PathMarks.NONE);
    assertThat(fx(() -> browser.loads())).isEqualTo(1);
    TreeItem<BrowseRow> big = fx(() -> browser.table().getRoot().getChildren().get(0));
    fx(
        () -> {
          big.setExpanded(true);
          return null;
        });
    waitUntil(
        "the input's 100 folders are listed",
        () -> big.getChildren().size() == 100 && big.getChildren().get(0).getValue().entry != null);
    assertThat(fx(() -> browser.loads())).isEqualTo(2);
    reveal("big", "dir-042", "file-00999-42.c");
    assertThat(fx(() -> browser.loads())).isEqualTo(3);
    assertThat(fx(() -> browser.selectedPath()))
        .hasValue(TreePath.of("big", "dir-042", "file-00999-42.c"));
    // Only the folders on screen get a total size; the root's first folder is one of them.
    waitUntil(
        "a folder's total size is filled in",
        () -> big.getChildren().get(0).getValue().total.get() == 1000);
  }

  @Test
  void aFlatFolderOfAHundredThousandFilesOpensWithOneListing() throws Exception {
    Castore c = TestStores.store();
    var f = TestStores.file(c, "x", false);
    var b = dev.glassbox.castore.Directory.builder();
    for (int i = 0; i < 100_000; i++) {
      b.add(dev.glassbox.castore.PathComponent.of(String.format("f%06d", i)), f);
    }
    var flat = b.build();
    c.directories().put(flat);
    StoreTreeSource src =
        new StoreTreeSource(c, List.of(new StoreTreeSource.Root("flat", DirectoryNode.of(flat))));
    fx(
        () -> {
          browser.setSource(src, "/nix/store", "flat", PathMarks.NONE, Optional.empty());
          return null;
        });
    waitUntil(
        "the root is listed",
        () ->
            browser.table().getRoot().getChildren().size() == 1
                && browser.table().getRoot().getChildren().get(0).getValue().entry != null);
    // With a row selected, as when a user clicks a folder before expanding it.
    fx(
        () -> {
          browser
              .table()
              .getSelectionModel()
              .select(browser.table().getRoot().getChildren().get(0));
          return null;
        });
    long t0 = System.nanoTime();
    reveal("flat", "f099999");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // Not an assertion on time (the machine is shared); printed to see where it stands.
    System.out.println("revealing the last of 100,000 entries took " + ms + " ms");
    assertThat(fx(() -> browser.loads())).isEqualTo(2);
    assertThat(fx(() -> browser.table().getRoot().getChildren().get(0).getChildren().size()))
        .isEqualTo(100_000);
    assertThat(fx(() -> browser.selectedPath())).hasValue(TreePath.of("flat", "f099999"));
  }

  @Test
  void searchFindsAcrossTheTreeAndRevealsAMatch() throws Exception {
    open(PathMarks.NONE);
    fx(
        () -> {
          browser.search("file-00999-7*");
          return null;
        });
    waitUntil(
        "the search ends", () -> browser.searchStatus().startsWith("11 matches in 103 folders"));
    List<TreeEntry> found = fx(() -> List.copyOf(browser.results()));
    assertThat(found)
        .extracting(e -> e.path().toString())
        .containsExactly(
            "big/dir-007/file-00999-7.c",
            "big/dir-070/file-00999-70.c",
            "big/dir-071/file-00999-71.c",
            "big/dir-072/file-00999-72.c",
            "big/dir-073/file-00999-73.c",
            "big/dir-074/file-00999-74.c",
            "big/dir-075/file-00999-75.c",
            "big/dir-076/file-00999-76.c",
            "big/dir-077/file-00999-77.c",
            "big/dir-078/file-00999-78.c",
            "big/dir-079/file-00999-79.c");
    fx(() -> browser.reveal(found.get(3).path())).get(20, TimeUnit.SECONDS);
    assertThat(fx(() -> browser.selectedPath())).hasValue(found.get(3).path());
    assertThat(fx(() -> browser.sandboxPath(found.get(3).path())))
        .isEqualTo("/nix/store/big/dir-072/file-00999-72.c");
  }

  @Test
  void previewsTextHexImagesAndPages() throws Exception {
    open(PathMarks.NONE);
    PreviewPane p = fx(() -> browser.preview());
    reveal("src", "build.sh");
    waitUntil("the script is shown as text", () -> p.mode() == PreviewPane.Mode.TEXT);
    assertThat(fx(p::text)).isEqualTo("#!/bin/sh\nif true; then echo hi; fi\n");
    assertThat(fx(p::statusText)).contains("shell");
    assertThat(fx(() -> p.area().getStyleOfChar(10))).containsExactly("hl-keyword");

    reveal("src", "blob.bin");
    waitUntil("the binary is shown as hex", () -> p.mode() == PreviewPane.Mode.HEX);
    assertThat(fx(p::text)).startsWith("00000000  7f 45 4c 46 00 00 01 02").contains("|.ELF....|");

    reveal("src", "logo.png");
    waitUntil("the image is shown", () -> p.mode() == PreviewPane.Mode.IMAGE);
    assertThat(fx(() -> p.image().get().getWidth())).isEqualTo(40.0);

    reveal("src", "long.sh");
    waitUntil(
        "the first page is shown",
        () -> p.mode() == PreviewPane.Mode.TEXT && p.text().startsWith("line 0:"));
    assertThat(fx(p::text).length()).isLessThanOrEqualTo(64 * 1024);
    fx(
        () -> {
          p.showPage(1);
          return null;
        });
    waitUntil("the second page is shown", () -> p.pageIndex() == 1);
    assertThat(fx(p::statusText)).contains("bytes 65,536–131,072");

    reveal("src", "link");
    waitUntil("a link is summarised", () -> p.messageText().contains("symbolic link to build.sh"));
  }

  @Test
  void savesAFileWithItsExecBit() throws Exception {
    open(PathMarks.NONE);
    reveal("src", "build.sh");
    TreeEntry e = fx(() -> browser.table().getSelectionModel().getSelectedItem().getValue().entry);
    Path dest = tmp.resolve("saved.sh");
    fx(() -> browser.saveTo(e, dest)).get(20, TimeUnit.SECONDS);
    assertThat(Files.readString(dest, StandardCharsets.UTF_8)).startsWith("#!/bin/sh");
    assertThat(Files.isExecutable(dest)).isTrue();
    try (var s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString())).containsExactly("saved.sh");
    }
  }

  @Test
  void aTreeOnDiskOpensItsFolderInTheFileManager() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("scratch/build"));
    Files.writeString(dir.resolve("out.log"), "done\n");
    var disk = dev.glassbox.browse.DiskTreeSource.roots("scratch", java.util.Map.of("build", dir));
    fx(
        () -> {
          browser.setSource(disk, "/", "scratch", PathMarks.NONE, Optional.empty());
          return null;
        });
    reveal("build", "out.log");
    PreviewPane p = fx(() -> browser.preview());
    waitUntil("the log shows", () -> p.mode() == PreviewPane.Mode.TEXT);
    assertThat(fx(() -> browser.sandboxPath(TreePath.of("build", "out.log"))))
        .isEqualTo("/build/out.log");
    fx(
        () -> {
          ((javafx.scene.control.Button) browser.lookup("#preview-open-folder")).fire();
          return null;
        });
    assertThat(opened).containsExactly(dir);
    // The store has no folder to open.
    open(PathMarks.NONE);
    reveal("src", "build.sh");
    waitUntil("the script shows", () -> p.mode() == PreviewPane.Mode.TEXT);
    assertThat(fx(() -> browser.lookup("#preview-open-folder").isDisabled())).isTrue();
  }

  @Test
  void marksAreShownInTheirColumn() throws Exception {
    PathMarks marks =
        new PathMarks() {
          @Override
          public Mark markOf(String sandboxPath) {
            return sandboxPath.equals("/nix/store/src")
                ? Mark.READ
                : sandboxPath.equals("/nix/store/big") ? Mark.NOT_READ : Mark.UNKNOWN;
          }
        };
    open(marks);
    waitUntil(
        "the mark column shows",
        () ->
            browser.lookupAll(".mark-read").size() == 1
                && browser.lookupAll(".mark-not-read").size() == 1
                && browser.lookupAll(".row-not-read").size() == 1);
  }
}
