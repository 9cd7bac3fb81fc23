package dev.glassbox.sandbox.oci;

import java.util.List;
import java.util.Objects;

/**
 * One part of a sandbox, explained: what it is, where it comes from, and what it means for the
 * build, with the place in {@code config.json} that makes it so.
 *
 * @param group which part of the sandbox it belongs to
 * @param title short name, e.g. the path inside the sandbox or the namespace type
 * @param detail the facts in one line, e.g. {@code host …/inputs/src → /nix/store/src (bind)}
 * @param note one or two plain sentences saying what it means for the build
 * @param pointer JSON pointer of the value in {@code config.json} that defines it (RFC 6901)
 * @param options the mount options (empty for anything but a mount)
 */
public record AnatomyItem(
    Group group, String title, String detail, String note, String pointer, List<String> options) {

  /** The parts of a sandbox: the file system first (what the map is mostly about), then rest. */
  public enum Group {
    ROOT("Root file system", "the nearly empty read-only folder everything is mounted onto"),
    INPUTS("Inputs", "read-only, served from the content-addressed store over FUSE"),
    SCRATCH("Scratch space", "the only places the build can write; outputs come from here"),
    HOST("Host paths", "files of this machine the build may read"),
    SYSTEM("System mounts", "/proc, /dev, /sys, /tmp: the kernel's views, made private"),
    ABSENT("Not there", "what the sandbox leaves out, and what that means"),
    PROCESS("The command", "what runs, as whom, where"),
    ENVIRONMENT("Environment", "exactly the request's variables, nothing else"),
    ISOLATION("Namespaces and ids", "what the build sees of the machine"),
    PRIVILEGES("Capabilities and limits", "what the build is allowed to do"),
    HIDDEN("Masked and read-only kernel paths", "kernel files hidden or frozen");

    private final String label;
    private final String summary;

    Group(String label, String summary) {
      this.label = label;
      this.summary = summary;
    }

    public String label() {
      return label;
    }

    public String summary() {
      return summary;
    }
  }

  public AnatomyItem {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(pointer, "pointer");
    options = List.copyOf(options);
    if (note.isBlank()) {
      throw new IllegalArgumentException(title + ": every part of the sandbox needs a note");
    }
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      throw new IllegalArgumentException("a JSON pointer starts with '/', got '" + pointer + "'");
    }
  }

  /** Whether this item stands for a {@code mounts[]} entry. */
  public boolean isMount() {
    return pointer.matches("/mounts/\\d+");
  }
}
