package dev.glassbox.ui.browse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small set of lexers for previews: enough to tell comments, strings, keywords, numbers and
 * variables apart in the files a build usually holds. Each language is one regular expression of
 * named alternatives, tried left to right; everything else is plain text.
 */
enum Syntax {
  SHELL(
      "#[^\\n]*",
      "\"(?:[^\"\\\\]|\\\\.)*+\"|'[^']*+'",
      words(
          "if then else elif fi case esac for while until do done in function return local export"
              + " set unset shift exit break continue readonly declare eval exec trap source"),
      "\\$\\{[^}\\n]*+\\}|\\$[A-Za-z_][A-Za-z0-9_]*+|\\$[0-9@*#?$!-]",
      null),
  C(
      "//[^\\n]*|/\\*(?:[^*]|\\*(?!/))*+(?:\\*/)?",
      "\"(?:[^\"\\\\\\n]|\\\\.)*+\"|'(?:[^'\\\\\\n]|\\\\.)*+'",
      words(
          "auto break case char const continue default do double else enum extern float for goto"
              + " if inline int long register restrict return short signed sizeof static struct"
              + " switch typedef union unsigned void volatile while bool true false nullptr class"
              + " namespace template typename public private protected virtual override new delete"
              + " this using constexpr noexcept"),
      null,
      "(?m)^[ \\t]*#[ \\t]*[a-z]+"),
  JAVA(
      "//[^\\n]*|/\\*(?:[^*]|\\*(?!/))*+(?:\\*/)?",
      "\"\"\"(?:[^\"]|\"(?!\"\"))*+(?:\"\"\")?|\"(?:[^\"\\\\\\n"
          + "]|\\\\.)*+\"|'(?:[^'\\\\\\n"
          + "]|\\\\.)*+'",
      words(
          "abstract assert boolean break byte case catch char class const continue default do"
              + " double else enum extends final finally float for if implements import instanceof"
              + " int interface long native new package private protected public return short"
              + " static strictfp super switch synchronized this throw throws transient try void"
              + " volatile while var record sealed permits yield true false null"),
      null,
      "@[A-Za-z_][A-Za-z0-9_.]*+"),
  JSON(null, "\"(?:[^\"\\\\\\n]|\\\\.)*+\"", words("true false null"), null, null),
  NIX(
      "#[^\\n]*|/\\*(?:[^*]|\\*(?!/))*+(?:\\*/)?",
      "\"(?:[^\"\\\\]|\\\\.)*+\"|''(?:[^']|'(?!'))*+(?:'')?",
      words("let in with rec inherit if then else assert import or builtins true false null"),
      "\\$\\{[^}\\n]*+\\}",
      null),
  MAKEFILE(
      "#[^\\n]*",
      "\"(?:[^\"\\\\\\n]|\\\\.)*+\"|'[^'\\n]*+'",
      words(
          "ifeq ifneq ifdef ifndef else endif include define endef export override vpath"
              + " unexport"),
      "\\$\\([^)\\n]*+\\)|\\$\\{[^}\\n]*+\\}|\\$[@<^?*%+]",
      "(?m)^[^\\s:#=][^:#=\\n]*+:(?!=)"),
  PYTHON(
      "#[^\\n]*",
      "\"\"\"(?:[^\"]|\"(?!\"\"))*+(?:\"\"\")?|'''(?:[^']|'(?!''))*+(?:''')?"
          + "|\"(?:[^\"\\\\\\n]|\\\\.)*+\"|'(?:[^'\\\\\\n]|\\\\.)*+'",
      words(
          "False None True and as assert async await break class continue def del elif else"
              + " except finally for from global if import in is lambda nonlocal not or pass"
              + " raise return try while with yield self"),
      null,
      "@[A-Za-z_][A-Za-z0-9_.]*+"),
  PLAIN(null, null, null, null, null);

  /** The kinds of token, each shown with the style class {@code hl-<kind>}. */
  enum Kind {
    COMMENT,
    STRING,
    KEYWORD,
    NUMBER,
    VARIABLE,
    DIRECTIVE;

    String styleClass() {
      return "hl-" + name().toLowerCase(Locale.ROOT);
    }
  }

  /** A token: {@code [start, end)} in the text. */
  record Token(Kind kind, int start, int end) {
    Token {
      Objects.requireNonNull(kind, "kind");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad token range " + start + ".." + end);
      }
    }
  }

  private static final String NUMBER = "\\b(?:0[xX][0-9A-Fa-f]++|[0-9]++(?:\\.[0-9]++)?)\\b";

  private final Pattern pattern;

  Syntax(String comment, String string, String keyword, String variable, String directive) {
    if (comment == null && string == null && keyword == null) {
      pattern = null;
      return;
    }
    StringBuilder sb = new StringBuilder();
    group(sb, "COMMENT", comment);
    group(sb, "STRING", string);
    group(sb, "DIRECTIVE", directive);
    group(sb, "VARIABLE", variable);
    group(sb, "KEYWORD", keyword);
    group(sb, "NUMBER", NUMBER);
    pattern = Pattern.compile(sb.toString());
  }

  private static void group(StringBuilder sb, String name, String regex) {
    if (regex == null) {
      return;
    }
    if (sb.length() > 0) {
      sb.append('|');
    }
    sb.append("(?<").append(name).append('>').append(regex).append(')');
  }

  private static String words(String list) {
    return "\\b(?:" + String.join("|", list.trim().split("\\s+")) + ")\\b";
  }

  /** The tokens of {@code text}, in order, not overlapping. */
  List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    if (pattern == null) {
      return out;
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (m.end() == m.start()) {
        continue;
      }
      for (Kind k : Kind.values()) {
        if (hasGroup(k) && m.group(k.name()) != null) {
          out.add(new Token(k, m.start(), m.end()));
          break;
        }
      }
    }
    return out;
  }

  private boolean hasGroup(Kind k) {
    return pattern.pattern().contains("(?<" + k.name() + ">");
  }

  /**
   * The language of a file by its name, else by its first line ({@code #!/bin/sh}, {@code
   * #!/usr/bin/env python3}); {@link #PLAIN} when neither says.
   */
  static Syntax detect(String fileName, String firstLine) {
    String n = fileName.toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    String ext = dot < 0 ? "" : n.substring(dot + 1);
    if (n.equals("makefile") || n.equals("gnumakefile") || ext.equals("mk") || ext.equals("mak")) {
      return MAKEFILE;
    }
    switch (ext) {
      case "sh", "bash", "zsh", "ksh", "envrc" -> {
        return SHELL;
      }
      case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "inl" -> {
        return C;
      }
      case "java" -> {
        return JAVA;
      }
      case "json", "lock" -> {
        return JSON;
      }
      case "nix" -> {
        return NIX;
      }
      case "py", "pyi" -> {
        return PYTHON;
      }
      default -> {
        // fall through to the first line
      }
    }
    if (firstLine.startsWith("#!")) {
      if (firstLine.contains("python")) {
        return PYTHON;
      }
      if (firstLine.matches("#!.*\\b(sh|bash|dash|ash|zsh|ksh)\\b.*")) {
        return SHELL;
      }
      if (firstLine.contains("make")) {
        return MAKEFILE;
      }
    }
    return PLAIN;
  }

  /** A name for the status line. */
  String label() {
    return switch (this) {
      case SHELL -> "shell";
      case C -> "C/C++";
      case JAVA -> "Java";
      case JSON -> "JSON";
      case NIX -> "Nix";
      case MAKEFILE -> "Makefile";
      case PYTHON -> "Python";
      case PLAIN -> "plain text";
    };
  }
}
