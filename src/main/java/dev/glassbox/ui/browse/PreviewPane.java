package dev.glassbox.ui.browse;

import dev.glassbox.browse.BrowseException;
import dev.glassbox.browse.EntryKind;
import dev.glassbox.browse.FilePages;
import dev.glassbox.browse.TreeEntry;
import dev.glassbox.browse.TreeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The selected entry up close: a file as highlighted text, as a hex dump or as an image, one 64 KiB
 * page at a time; a directory or symlink as a summary. The actions work on the entry: save a copy,
 * copy its path as the build saw it, open its folder in the file manager.
 */
final class PreviewPane extends BorderPane {
  /** Images up to this size are decoded whole (an image cannot be paged). */
  static final long MAX_IMAGE_BYTES = 64L * 1024 * 1024;

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

  /** How the current file is shown. */
  enum Mode {
    NONE,
    TEXT,
    HEX,
    IMAGE,
    SUMMARY
  }

  private final Label path = new Label();
  private final Label facts = new Label();
  private final ToggleButton hex = new ToggleButton("Hex");
  private final Button prev = new Button("\u25C0");
  private final Button next = new Button("\u25B6");
  private final Label page = new Label();
  private final Button save = new Button("Save as\u2026");
  private final Button copyPath = new Button("Copy path");
  private final Button openFolder = new Button("Open in file manager");
  private final Tooltip saveTip = new Tooltip();
  private final Tooltip openTip = new Tooltip();
  private final CodeArea area = new CodeArea();
  private final VirtualizedScrollPane<CodeArea> areaScroll = new VirtualizedScrollPane<>(area);
  private final ImageView image = new ImageView();
  private final ScrollPane imageScroll = new ScrollPane(image);
  private final Label message = new Label();
  private final StackPane center = new StackPane();
  private final Label status = new Label();

  private final Actions actions;
  private TreeSource source;
  private TreeEntry entry;
  private String sandboxPath = "";
  private FilePages pages;
  private long pageIndex;
  private Syntax syntax = Syntax.PLAIN;
  private Mode mode = Mode.NONE;
  private long generation;
  private boolean binary;

  /** What the pane asks of its browser. */
  interface Actions {
    void save(TreeEntry entry);

    void copy(String text);

    void openFolder(TreeEntry entry);

    boolean canOpenFolder(TreeEntry entry);
  }

  PreviewPane(Actions actions) {
    this.actions = actions;
    getStyleClass().add("preview");
    setId("preview");
    path.getStyleClass().addAll("mono", "preview-path");
    path.setId("preview-path");
    path.setMinWidth(0);
    facts.getStyleClass().add("dim");
    facts.setId("preview-facts");
    facts.setMinWidth(0);
    hex.setId("preview-hex");
    hex.setTooltip(new Tooltip("Show the bytes as a hex dump"));
    hex.setOnAction(e -> showPage(pageIndex));
    prev.setId("preview-prev");
    prev.setTooltip(new Tooltip("Previous 64 KiB page"));
    prev.setOnAction(e -> showPage(pageIndex - 1));
    next.setId("preview-next");
    next.setTooltip(new Tooltip("Next 64 KiB page"));
    next.setOnAction(e -> showPage(pageIndex + 1));
    page.setId("preview-page");
    page.getStyleClass().add("dim");
    save.setId("preview-save");
    save.setOnAction(e -> actions.save(entry));
    copyPath.setId("preview-copy-path");
    copyPath.setTooltip(new Tooltip("Copy the path as the build saw it inside its sandbox"));
    copyPath.setOnAction(e -> actions.copy(sandboxPath));
    openFolder.setId("preview-open-folder");
    openFolder.setOnAction(e -> actions.openFolder(entry));
    for (Button b : List.of(prev, next, save, copyPath, openFolder)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    hex.setMinWidth(Region.USE_PREF_SIZE);
    page.setMinWidth(Region.USE_PREF_SIZE);
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox bar =
        new HBox(
            6,
            hex,
            prev,
            page,
            next,
            gap,
            withTip(save, saveTip),
            copyPath,
            withTip(openFolder, openTip));
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("preview-bar");
    VBox top = new VBox(2, path, facts, bar);
    top.getStyleClass().add("preview-header");
    setTop(top);

    area.setEditable(false);
    area.setWrapText(false);
    area.getStyleClass().add("preview-area");
    area.setId("preview-area");
    imageScroll.getStyleClass().add("preview-image");
    image.setId("preview-image");
    image.setPreserveRatio(true);
    message.getStyleClass().add("hint");
    message.setWrapText(true);
    message.setId("preview-message");
    center.getChildren().addAll(areaScroll, imageScroll, message);
    setCenter(center);
    status.getStyleClass().addAll("dim", "preview-status");
    status.setId("preview-status");
    status.setMinWidth(0);
    setBottom(status);
    clear("Select a file to see what is inside.");
  }

  /** A disabled control shows no tooltip; a wrapper does, so the reason stays readable. */
  private static StackPane withTip(Button b, Tooltip tip) {
    b.setTooltip(tip);
    StackPane wrap = new StackPane(b);
    Tooltip.install(wrap, tip);
    return wrap;
  }

  /** Shows nothing but {@code text}. */
  void clear(String text) {
    generation++;
    source = null;
    entry = null;
    pages = null;
    mode = Mode.NONE;
    path.setText("");
    facts.setText("");
    status.setText("");
    show(message);
    message.setText(text);
    for (var n : List.of(hex, prev, next, save, copyPath, openFolder)) {
      n.setDisable(true);
    }
    page.setText("");
  }

  /** Shows {@code e}, read from {@code src}, whose path in the sandbox is {@code where}. */
  void show(TreeSource src, TreeEntry e, String where) {
    clear("");
    long gen = generation;
    source = src;
    entry = e;
    sandboxPath = where;
    path.setText(where);
    facts.setText(describe(e));
    copyPath.setDisable(false);
    boolean canOpen = actions.canOpenFolder(e);
    openFolder.setDisable(!canOpen);
    openTip.setText(
        canOpen
            ? "Open the folder on this host ("
                + src.hostPath(e.path()).map(Path::toString).orElse("")
                + ")"
            : "Only a tree on disk (the live mount, scratch directories) has a folder to open");
    save.setDisable(e.kind() != EntryKind.FILE);
    saveTip.setText(
        e.kind() == EntryKind.FILE
            ? "Save a copy of this file"
            : e.isDirectory() && e.digest().isPresent()
                ? "To save a folder, use: glassbox export " + e.digest().get() + " DEST"
                : "Only files can be saved from here");
    if (e.kind() != EntryKind.FILE) {
      mode = Mode.SUMMARY;
      message.setText(summary(e));
      return;
    }
    pages = new FilePages(src, e.path(), e.fileSize());
    String ext = extension(e.name());
    if (IMAGE_EXTENSIONS.contains(ext) && e.fileSize() <= MAX_IMAGE_BYTES && e.fileSize() > 0) {
      loadImage(gen);
      return;
    }
    message.setText("reading…");
    run(
        gen,
        () -> {
          byte[] sniff = pages.sniff();
          return FilePages.looksBinary(sniff);
        },
        isBinary -> {
          binary = isBinary;
          hex.setSelected(isBinary);
          showPage(0);
        });
  }

  private void loadImage(long gen) {
    message.setText("loading image…");
    TreeSource src = source;
    TreeEntry e = entry;
    run(
        gen,
        () -> {
          try (SeekableByteChannel ch = src.open(e.path());
              InputStream in = Channels.newInputStream(ch)) {
            return new Image(in);
          }
        },
        img -> {
          if (img.isError()) {
            status.setText(
                "not a readable image ("
                    + (img.getException() == null
                        ? "unknown format"
                        : img.getException().getMessage())
                    + "); showing its bytes");
            binary = true;
            hex.setSelected(true);
            showPage(0);
            return;
          }
          mode = Mode.IMAGE;
          image.setImage(img);
          hex.setDisable(false);
          hex.setSelected(false);
          hex.setOnAction(ev -> showPage(0));
          show(imageScroll);
          status.setText(
              String.format(
                  Locale.ROOT, "image, %.0f × %.0f pixels", img.getWidth(), img.getHeight()));
        });
  }

  /** Shows page {@code index} as text or hex, as the Hex toggle says. */
  void showPage(long index) {
    if (pages == null) {
      return;
    }
    hex.setOnAction(ev -> showPage(pageIndex));
    long gen = ++generation;
    long at = Math.max(0, Math.min(index, pages.pageCount() - 1));
    boolean asHex = hex.isSelected();
    String name = entry.name();
    Syntax[] lang = {Syntax.PLAIN};
    run(
        gen,
        () -> {
          FilePages.Page p = pages.read(at);
          if (asHex) {
            return new Rendered(p.hex(), null);
          }
          String text = p.text();
          if (at == 0) {
            int nl = text.indexOf('\n');
            lang[0] = Syntax.detect(name, nl < 0 ? text : text.substring(0, nl));
          } else {
            lang[0] = syntax;
          }
          return new Rendered(text, spans(text, lang[0]));
        },
        r -> {
          pageIndex = at;
          syntax = lang[0];
          mode = asHex ? Mode.HEX : Mode.TEXT;
          area.setParagraphGraphicFactory(
              !asHex && pages.pageCount() == 1 ? LineNumberFactory.get(area) : null);
          area.replaceText(r.text());
          if (r.spans() != null && r.text().length() > 0) {
            area.setStyleSpans(0, r.spans());
          }
          area.moveTo(0);
          area.requestFollowCaret();
          show(areaScroll);
          hex.setDisable(false);
          prev.setDisable(at == 0);
          next.setDisable(at >= pages.pageCount() - 1);
          page.setText(String.format(Locale.ROOT, "page %,d of %,d", at + 1, pages.pageCount()));
          long end = Math.min(pages.size(), (at + 1) * FilePages.PAGE_SIZE);
          status.setText(
              String.format(
                      Locale.ROOT,
                      "bytes %,d–%,d of %,d",
                      at * FilePages.PAGE_SIZE,
                      end,
                      pages.size())
                  + (asHex ? (binary ? " · binary" : " · hex") : " · " + syntax.label()));
        });
  }

  private record Rendered(String text, StyleSpans<Collection<String>> spans) {}

  static StyleSpans<Collection<String>> spans(String text, Syntax lang) {
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    int at = 0;
    for (Syntax.Token t : lang.tokens(text)) {
      b.add(Collections.emptyList(), t.start() - at);
      b.add(List.of(t.kind().styleClass()), t.end() - t.start());
      at = t.end();
    }
    b.add(Collections.emptyList(), text.length() - at);
    return b.create();
  }

  private <T> void run(long gen, BrowseCall<T> work, Consumer<T> done) {
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return work.call();
              } catch (Exception ex) {
                throw new java.util.concurrent.CompletionException(ex);
              }
            },
            BrowseTasks.LISTINGS)
        .whenComplete(
            (v, ex) ->
                Platform.runLater(
                    () -> {
                      if (gen != generation) {
                        return; // another entry or page was asked for meanwhile
                      }
                      if (ex != null) {
                        Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
                        show(message);
                        message.setText("Cannot show this file: " + cause.getMessage());
                        message.getStyleClass().add("preview-problem");
                        return;
                      }
                      message.getStyleClass().remove("preview-problem");
                      done.accept(v);
                    }));
  }

  /** Work that may throw, on a browse thread. */
  @FunctionalInterface
  interface BrowseCall<T> {
    T call() throws Exception;
  }

  private void show(javafx.scene.Node which) {
    for (var n : center.getChildren()) {
      n.setVisible(n == which);
    }
  }

  private static String describe(TreeEntry e) {
    StringBuilder sb = new StringBuilder(e.kind().label());
    if (e.kind() == EntryKind.FILE) {
      sb.append(", ").append(Sizes.exact(e.fileSize()));
      if (e.executable()) {
        sb.append(", executable");
      }
    }
    e.symlinkTarget().ifPresent(t -> sb.append(" → ").append(t));
    e.digest().ifPresent(d -> sb.append(" · ").append(d));
    return sb.toString();
  }

  private static String summary(TreeEntry e) {
    return switch (e.kind()) {
      case DIRECTORY ->
          "A directory"
              + (e.storeSize().isPresent()
                  ? " (tvix size " + Long.toUnsignedString(e.storeSize().getAsLong()) + ")"
                  : "")
              + ". Expand it in the tree to see what it holds.";
      case SYMLINK ->
          "A symbolic link to "
              + e.symlinkTarget().orElse("?")
              + ". Links are shown as they are, never followed.";
      default -> "A " + e.kind().label() + ": nothing to preview.";
    };
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Copies {@code e} from {@code src} to {@code dest}: into a temporary file beside it first, so a
   * failure leaves no half-written file, with the exec bit as in the tree.
   */
  static void copyTo(TreeSource src, TreeEntry e, Path dest) throws IOException, BrowseException {
    Path dir = dest.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".part");
    try {
      try (SeekableByteChannel in = src.open(e.path());
          FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        while (in.read(buf) >= 0) {
          buf.flip();
          while (buf.hasRemaining()) {
            out.write(buf);
          }
          buf.clear();
        }
        out.force(true);
      }
      if (e.executable()) {
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(tmp));
        perms.add(PosixFilePermission.OWNER_EXECUTE);
        Files.setPosixFilePermissions(tmp, perms);
      }
      Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  // For tests.
  Mode mode() {
    return mode;
  }

  String text() {
    return area.getText();
  }

  Optional<Image> image() {
    return Optional.ofNullable(mode == Mode.IMAGE ? image.getImage() : null);
  }

  String statusText() {
    return status.getText();
  }

  String messageText() {
    return message.isVisible() ? message.getText() : "";
  }

  long pageIndex() {
    return pageIndex;
  }

  CodeArea area() {
    return area;
  }
}
