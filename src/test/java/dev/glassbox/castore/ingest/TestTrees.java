package dev.glassbox.castore.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Host trees with every kind of entry the castore distinguishes. */
public final class TestTrees {
  private TestTrees() {}

  /** The upstream fixture: {@code .keep}, {@code aa -> /nix/store/somewhereelse}, {@code keep/.keep}. */
  public static Path complicated(Path parent) throws IOException {
    Path root = Files.createDirectories(parent.resolve("complicated"));
    Files.createFile(root.resolve(".keep"));
    Files.createSymbolicLink(root.resolve("aa"), Path.of("/nix/store/somewhereelse"));
    Files.createDirectories(root.resolve("keep"));
    Files.createFile(root.resolve("keep/.keep"));
    return root;
  }

  /** Nested and empty dirs, executables, symlinks (dangling, absolute, to a dir), empty files, non-ASCII names. */
  public static Path rich(Path parent) throws IOException {
    Path root = Files.createDirectories(parent.resolve("rich"));
    Files.createDirectories(root.resolve("empty-dir"));
    Files.createDirectories(root.resolve("a/b/c/d"));
    Files.writeString(root.resolve("a/b/c/d/deep.txt"), "deep\n");
    Files.writeString(root.resolve("a/b/hello.txt"), "Hello World!");
    Path tool = root.resolve("a/tool.sh");
    Files.writeString(tool, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path groupExec = root.resolve("group-exec-only");
    Files.writeString(groupExec, "x");
    Files.setPosixFilePermissions(groupExec, PosixFilePermissions.fromString("rw-r-xr-x"));
    Files.createFile(root.resolve("empty-file"));
    Files.writeString(root.resolve("Grüße-日本語.txt"), "ünïcödé", StandardCharsets.UTF_8);
    Files.createDirectories(root.resolve("ñ-dir"));
    Files.createSymbolicLink(root.resolve("link-dangling"), Path.of("does/not/exist"));
    Files.createSymbolicLink(root.resolve("link-abs"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(root.resolve("link-dir"), Path.of("a/b"));
    Files.createSymbolicLink(root.resolve("link-up"), Path.of("../outside"));
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(big);
    Files.write(root.resolve("a/big.bin"), big);
    Files.write(root.resolve("a/big-copy.bin"), big); // same content twice: one blob
    return root;
  }
}
