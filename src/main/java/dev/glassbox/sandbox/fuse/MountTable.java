package dev.glassbox.sandbox.fuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the mounts of this process's mount namespace from {@code /proc/self/mountinfo}. */
final class MountTable {
  static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  /** One line of mountinfo: where, what type ({@code fuse.glassbox}) and what source (fsname). */
  record Mount(Path mountPoint, String fsType, String source) {
    /** Whether this is an input filesystem mounted by Glassbox. */
    boolean isGlassbox() {
      return fsType.equals("fuse." + FuseMount.FS_NAME)
          || (fsType.startsWith("fuse") && source.equals(FuseMount.FS_NAME));
    }
  }

  private MountTable() {}

  /** The current mounts, in mount order. */
  static List<Mount> read() throws IOException {
    // Latin-1 keeps every byte as one char, so the octal escapes can be undone byte-exactly and
    // the result decoded as UTF-8 afterwards.
    return parse(Files.readAllLines(MOUNTINFO, StandardCharsets.ISO_8859_1));
  }

  /**
   * Parses mountinfo lines (proc(5)): {@code id parent major:minor root mountpoint options
   * [optional fields] - fstype source superoptions}. Lines that do not have that shape are skipped.
   */
  static List<Mount> parse(List<String> lines) {
    List<Mount> mounts = new ArrayList<>(lines.size());
    for (String line : lines) {
      String[] f = line.split(" ");
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
        continue;
      }
      mounts.add(new Mount(Path.of(unescape(f[4])), unescape(f[dash + 1]), unescape(f[dash + 2])));
    }
    return mounts;
  }

  /** Undoes the kernel's {@code \ooo} escapes (space, tab, newline, backslash) in a field. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return new String(field.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.write(Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /** Whether a Glassbox filesystem is mounted exactly at {@code mountPoint} (a real path). */
  static boolean glassboxMountedAt(Path mountPoint) throws IOException {
    for (Mount m : read()) {
      if (m.mountPoint().equals(mountPoint) && m.isGlassbox()) {
        return true;
      }
    }
    return false;
  }
}
