package dev.glassbox.ui.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntaxTest {

  /** The tokens as "KIND:text", for readable expectations. */
  private static List<String> tokens(Syntax s, String text) {
    return s.tokens(text).stream()
        .map(t -> t.kind() + ":" + text.substring(t.start(), t.end()))
        .collect(Collectors.toList());
  }

  @Test
  void languagesAreChosenByNameThenByFirstLine() {
    assertThat(Syntax.detect("build.sh", "")).isEqualTo(Syntax.SHELL);
    assertThat(Syntax.detect("Makefile", "")).isEqualTo(Syntax.MAKEFILE);
    assertThat(Syntax.detect("rules.mk", "")).isEqualTo(Syntax.MAKEFILE);
    assertThat(Syntax.detect("main.cpp", "")).isEqualTo(Syntax.C);
    assertThat(Syntax.detect("stdio.h", "")).isEqualTo(Syntax.C);
    assertThat(Syntax.detect("Main.java", "")).isEqualTo(Syntax.JAVA);
    assertThat(Syntax.detect("flake.lock", "")).isEqualTo(Syntax.JSON);
    assertThat(Syntax.detect("default.nix", "")).isEqualTo(Syntax.NIX);
    assertThat(Syntax.detect("setup.py", "")).isEqualTo(Syntax.PYTHON);
    assertThat(Syntax.detect("configure", "#!/bin/sh")).isEqualTo(Syntax.SHELL);
    assertThat(Syntax.detect("tool", "#!/usr/bin/env python3")).isEqualTo(Syntax.PYTHON);
    assertThat(Syntax.detect("README", "hello")).isEqualTo(Syntax.PLAIN);
    assertThat(Syntax.PLAIN.tokens("if x then 1")).isEmpty();
  }

  @Test
  void shell() {
    assertThat(tokens(Syntax.SHELL, "if [ -n \"$out\" ]; then echo ${HOME} 'a#b' # done\nfi"))
        .containsExactly(
            "KEYWORD:if",
            "STRING:\"$out\"",
            "KEYWORD:then",
            "VARIABLE:${HOME}",
            "STRING:'a#b'",
            "COMMENT:# done",
            "KEYWORD:fi");
  }

  @Test
  void cAndJava() {
    assertThat(tokens(Syntax.C, "#include <stdio.h>\nint main() { /* x */ return 0x1F; } // end"))
        .containsExactly(
            "DIRECTIVE:#include",
            "KEYWORD:int",
            "COMMENT:/* x */",
            "KEYWORD:return",
            "NUMBER:0x1F",
            "COMMENT:// end");
    assertThat(tokens(Syntax.JAVA, "@Override public String s = \"a\\\"b\"; char c = 'x';"))
        .containsExactly(
            "DIRECTIVE:@Override",
            "KEYWORD:public",
            "STRING:\"a\\\"b\"",
            "KEYWORD:char",
            "STRING:'x'");
  }

  @Test
  void jsonNixMakePython() {
    assertThat(tokens(Syntax.JSON, "{\"a\": [1.5, true, null]}"))
        .containsExactly("STRING:\"a\"", "NUMBER:1.5", "KEYWORD:true", "KEYWORD:null");
    assertThat(tokens(Syntax.NIX, "let x = \"${y}\"; in x # c"))
        .containsExactly("KEYWORD:let", "STRING:\"${y}\"", "KEYWORD:in", "COMMENT:# c");
    assertThat(tokens(Syntax.MAKEFILE, "all: $(OBJ)\n\tcc -o $@ $^ # link\nifeq (a,b)"))
        .containsExactly(
            "DIRECTIVE:all:",
            "VARIABLE:$(OBJ)",
            "VARIABLE:$@",
            "VARIABLE:$^",
            "COMMENT:# link",
            "KEYWORD:ifeq");
    assertThat(tokens(Syntax.PYTHON, "def f(x):\n    \"\"\"doc\"\"\"\n    return x + 1  # one"))
        .containsExactly(
            "KEYWORD:def", "STRING:\"\"\"doc\"\"\"", "KEYWORD:return", "NUMBER:1", "COMMENT:# one");
  }

  @Test
  void anUnterminatedBlockCommentAtAPageEdgeEndsWithThePage() {
    String text = "x = 1; /* runs off the page";
    assertThat(tokens(Syntax.C, text)).containsExactly("NUMBER:1", "COMMENT:/* runs off the page");
  }
}
