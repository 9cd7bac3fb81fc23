package dev.glassbox.ui.log;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogStream;
import java.util.ArrayList;
import java.util.List;

/** A short, realistic, colourful build log for the demo, the screenshot and UI tests. */
final class SampleLog {
  private SampleLog() {}

  private static final String E = "\u001b[";

  /** The lines, stamped from {@code startMillis} on, as the engine would deliver them. */
  static List<LogLine> lines(long startMillis) {
    List<LogLine> out = new ArrayList<>();
    Builder b = new Builder(out, startMillis);
    b.out("$ make -j2 all test");
    b.out(E + "1;34m==>" + E + "0m " + E + "1mConfiguring glassbox-demo 0.4.1" + E + "0m");
    b.out("-- The C compiler identification is GNU 12.2.0");
    b.out("-- Detecting C compiler ABI info - " + E + "32mdone" + E + "0m");
    b.out("-- Looking for pthread.h - found");
    b.err("Cloning into 'vendor/zstd'...");
    // A progress bar that redraws itself with carriage returns, cut into partial pieces.
    StringBuilder bar = new StringBuilder();
    for (int p = 0; p <= 100; p += 5) {
      int filled = p / 5;
      bar.append('\r')
          .append(E)
          .append("36mFetching  ")
          .append(E)
          .append("0m[")
          .append("=".repeat(filled))
          .append(filled < 20 ? ">" : "")
          .append(" ".repeat(Math.max(0, 19 - filled)))
          .append("] ")
          .append(String.format("%3d%%", p))
          .append("  vendor/zstd-1.5.5.tar.gz");
    }
    String progress = bar.toString();
    b.piece(LogStream.STDOUT, progress.substring(0, progress.length() / 2));
    b.out(progress.substring(progress.length() / 2));
    b.out(E + "32m[ 10%]" + E + "0m Building C object src/CMakeFiles/core.dir/alloc.c.o");
    b.out(E + "32m[ 20%]" + E + "0m Building C object src/CMakeFiles/core.dir/arena.c.o");
    b.out(E + "32m[ 30%]" + E + "0m Building C object src/CMakeFiles/core.dir/parse.c.o");
    b.err(
        E
            + "1msrc/parse.c:88:9:"
            + E
            + "0m "
            + E
            + "1;35mwarning: "
            + E
            + "0m"
            + "unused variable '"
            + E
            + "1mdepth"
            + E
            + "0m' ["
            + E
            + "1;35m-Wunused-variable"
            + E
            + "0m]");
    b.err("   88 |     int depth = 0;");
    b.err("      |         " + E + "1;35m^~~~~" + E + "0m");
    b.out(E + "32m[ 40%]" + E + "0m Building C object src/CMakeFiles/core.dir/lexer.c.o");
    b.out(E + "32m[ 50%]" + E + "0m " + E + "1;32mLinking C static library libcore.a" + E + "0m");
    b.out(
        "cc -O2 -g -Wall -Wextra -fPIC -DNDEBUG -Iinclude -Ivendor/zstd/lib"
            + longFlags()
            + " -o build/glassbox-demo");
    b.out(
        E
            + "38;5;208m▶ bundling assets"
            + E
            + "0m  "
            + gradient("████████████████████████")
            + "  "
            + E
            + "2m(256-colour and truecolor output)"
            + E
            + "0m");
    b.out(E + "32m[ 60%]" + E + "0m Building C object tests/CMakeFiles/unit.dir/parse_test.c.o");
    b.err(
        E
            + "1msrc/lexer.c:41:12:"
            + E
            + "0m "
            + E
            + "1;31merror: "
            + E
            + "0m"
            + "expected "
            + E
            + "1m';'"
            + E
            + "0m before "
            + E
            + "1m'}'"
            + E
            + "0m token");
    b.err("   41 |     return tok");
    b.err("      |            " + E + "1;31m^" + E + "0m");
    b.err("      |            " + E + "32m;" + E + "0m");
    b.err("make[2]: *** [src/CMakeFiles/core.dir/build.make:90: src/lexer.c.o] Error 1");
    b.out("running 6 tests");
    b.out("test parse::empty_input ... " + E + "32mok" + E + "0m");
    b.out("test parse::nested_blocks ... " + E + "32mok" + E + "0m");
    b.out("test lexer::unicode_idents (naïve, Ωμέγα) ... " + E + "32mok" + E + "0m");
    b.out("test lexer::crlf_input ... " + E + "32mok" + E + "0m\r");
    b.out("test arena::grow_and_reset ... " + E + "1;31mFAILED" + E + "0m");
    b.out("test arena::zero_size ... " + E + "33mignored" + E + "0m");
    b.err("thread 'arena::grow_and_reset' panicked at tests/arena.rs:57:5:");
    b.err("assertion `left == right` failed: " + E + "4mcapacity after reset" + E + "24m");
    b.out("test result: " + E + "1;31mFAILED" + E + "0m. 4 passed; 1 failed; 1 ignored");
    b.err(E + "7m make: *** [Makefile:12: test] Error 2 " + E + "27m");
    return out;
  }

  private static String longFlags() {
    StringBuilder s = new StringBuilder();
    String[] parts = {
      "-Wl,--gc-sections",
      "-Wl,-O1",
      "-Lbuild/lib",
      "-lcore",
      "-lzstd",
      "-lpthread",
      "-Wl,-rpath,$ORIGIN/../lib",
      "build/obj/alloc.o",
      "build/obj/arena.o",
      "build/obj/parse.o",
      "build/obj/lexer.o",
      "build/obj/main.o"
    };
    for (int i = 0; s.length() < 4600; i++) {
      s.append(' ').append(parts[i % parts.length]);
    }
    return s.toString();
  }

  private static String gradient(String text) {
    StringBuilder s = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; i++) {
      int r = 60 + 180 * i / n;
      int g = 120 + 60 * (n - i) / n;
      int b = 230 - 150 * i / n;
      s.append(E)
          .append("38;2;")
          .append(r)
          .append(';')
          .append(g)
          .append(';')
          .append(b)
          .append('m')
          .append(text.charAt(i));
    }
    return s.append(E).append("0m").toString();
  }

  private static final class Builder {
    private final List<LogLine> out;
    private long time;
    private long seq;

    Builder(List<LogLine> out, long start) {
      this.out = out;
      this.time = start;
    }

    void out(String text) {
      add(LogStream.STDOUT, text, false);
    }

    void err(String text) {
      add(LogStream.STDERR, text, false);
    }

    void piece(LogStream stream, String text) {
      add(stream, text, true);
    }

    private void add(LogStream stream, String text, boolean partial) {
      time += 37 + (seq * 53) % 211;
      out.add(new LogLine(seq++, stream, time, text, partial));
    }
  }
}
