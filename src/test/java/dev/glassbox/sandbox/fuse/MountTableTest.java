package dev.glassbox.sandbox.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing /proc/self/mountinfo lines (proc(5)). */
class MountTableTest {

  @Test
  void parsesFieldsAroundOptionalFields() {
    List<MountTable.Mount> mounts =
        MountTable.parse(
            List.of(
                "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue",
                "99 27 0:55 / /tmp/x ro,nosuid,nodev,noatime shared:7 master:3 - fuse.glassbox"
                    + " glassbox ro,user_id=0,group_id=0,default_permissions,allow_other"));
    assertThat(mounts)
        .containsExactly(
            new MountTable.Mount(Path.of("/mnt2"), "ext3", "/dev/root"),
            new MountTable.Mount(Path.of("/tmp/x"), "fuse.glassbox", "glassbox"));
    assertThat(mounts.get(0).isGlassbox()).isFalse();
    assertThat(mounts.get(1).isGlassbox()).isTrue();
  }

  @Test
  void unescapesOctalSequencesToUtf8() {
    // "a b\tc\\d" then "é" as raw UTF-8 bytes (mountinfo is read as Latin-1).
    String raw = "/tmp/a\\040b\\011c\\134d\u00c3\u00a9";
    assertThat(MountTable.unescape(raw)).isEqualTo("/tmp/a b\tc\\d\u00e9");
    assertThat(MountTable.unescape("\\04")).isEqualTo("\\04");
  }

  @Test
  void recognisesGlassboxBySourceWhenTheKernelLacksSubtypes() {
    assertThat(new MountTable.Mount(Path.of("/x"), "fuse", "glassbox").isGlassbox()).isTrue();
    assertThat(new MountTable.Mount(Path.of("/x"), "fuse.sshfs", "host:").isGlassbox()).isFalse();
    assertThat(new MountTable.Mount(Path.of("/x"), "tmpfs", "glassbox").isGlassbox()).isFalse();
  }

  @Test
  void skipsMalformedLines() {
    assertThat(MountTable.parse(List.of("", "garbage", "1 2 3:4 / /x rw"))).isEmpty();
  }
}
