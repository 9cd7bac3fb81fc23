package dev.glassbox.browse;

import static dev.glassbox.browse.TestStores.dir;
import static dev.glassbox.browse.TestStores.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.castore.Castore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TreeSearchTest {

  private static StoreTreeSource tree() throws Exception {
    Castore c = TestStores.store();
    var src =
        dir(
            c,
            "Makefile",
            file(c, "all:\n", false),
            "src",
            dir(
                c,
                "main.c",
                file(c, "x", false),
                "util.h",
                file(c, "y", false),
                "inner",
                dir(c, "MAIN.h", file(c, "z", false))),
            "docs",
            dir(c, "readme.md", file(c, "r", false)));
    return new StoreTreeSource(c, List.of(new StoreTreeSource.Root("pkg", src)));
  }

  private static List<String> find(TreeSource s, String q) {
    List<String> out = new ArrayList<>();
    TreeSearch.run(
        s,
        TreeSearch.matcher(q),
        100,
        () -> false,
        b -> b.forEach(e -> out.add(e.path().toString())));
    return out;
  }

  @Test
  void substringGlobAndPathQueries() throws Exception {
    StoreTreeSource s = tree();
    assertThat(find(s, "main")).containsExactly("pkg/src/main.c", "pkg/src/inner/MAIN.h");
    assertThat(find(s, "*.h")).containsExactly("pkg/src/util.h", "pkg/src/inner/MAIN.h");
    assertThat(find(s, "make?ile")).containsExactly("pkg/Makefile");
    assertThat(find(s, "src/inner")).containsExactly("pkg/src/inner", "pkg/src/inner/MAIN.h");
    assertThat(find(s, "nothing-like-this")).isEmpty();
    assertThatThrownBy(() -> TreeSearch.matcher("  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stopsAtTheLimitAndWhenCancelled() throws Exception {
    Castore c = TestStores.store();
    var wide = TestStores.wide(c, 50, 200);
    StoreTreeSource s = new StoreTreeSource(c, List.of(new StoreTreeSource.Root("w", wide)));
    List<TreeEntry> got = new ArrayList<>();
    TreeSearch.Summary sum =
        TreeSearch.run(s, TreeSearch.matcher(".c"), 500, () -> false, got::addAll);
    assertThat(sum.truncated()).isTrue();
    assertThat(got).hasSize(500);

    AtomicInteger polls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                TreeSearch.run(
                    s,
                    TreeSearch.matcher(".c"),
                    1_000_000,
                    () -> polls.incrementAndGet() > 3,
                    b -> {}))
        .isInstanceOf(CancellationException.class);
    assertThat(polls.get()).isEqualTo(4);
  }

  @Test
  void unreadableFoldersAreCountedNotFatal() throws Exception {
    Castore c = TestStores.store();
    var ghost = dir(c, "lost.c", file(c, "x", false));
    var top = dir(c, "ok.c", file(c, "y", false), "gone", ghost);
    // Collected since (as after a gc that raced a browse): listed from above, gone below.
    c.directories().delete(ghost.digest());
    StoreTreeSource s = new StoreTreeSource(c, List.of(new StoreTreeSource.Root("t", top)));
    List<TreeEntry> got = new ArrayList<>();
    TreeSearch.Summary sum =
        TreeSearch.run(s, TreeSearch.matcher(".c"), 10, () -> false, got::addAll);
    assertThat(got).extracting(e -> e.path().toString()).containsExactly("t/ok.c");
    assertThat(sum.unreadable()).isEqualTo(1);
    assertThat(sum.firstProblem()).hasValueSatisfying(m -> assertThat(m).contains("gone"));
  }
}
