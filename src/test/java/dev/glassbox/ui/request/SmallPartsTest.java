package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.ui.request.JsonLexer.Kind;
import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import dev.glassbox.ui.request.RequestForm.StoreInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Sizes, field paths, host paths and the JSON lexer. */
class SmallPartsTest {
  @Test
  void sizesReadAsPeopleWriteThem() {
    assertThat(MemorySize.parse("")).isEqualTo(OptionalLong.of(0));
    assertThat(MemorySize.parse("2147483648")).isEqualTo(OptionalLong.of(2147483648L));
    assertThat(MemorySize.parse("4 GiB")).isEqualTo(OptionalLong.of(4L << 30));
    assertThat(MemorySize.parse("4G")).isEqualTo(OptionalLong.of(4L << 30));
    assertThat(MemorySize.parse("512 mib")).isEqualTo(OptionalLong.of(512L << 20));
    assertThat(MemorySize.parse("1.5 GiB")).isEqualTo(OptionalLong.of(3L << 29));
    assertThat(MemorySize.parse("2 GB")).isEqualTo(OptionalLong.of(2_000_000_000L));
    assertThat(MemorySize.parse("1_000")).isEqualTo(OptionalLong.of(1000));
    assertThat(MemorySize.parse("18446744073709551615")).isEqualTo(OptionalLong.of(-1L));
    assertThat(MemorySize.parse("18446744073709551616")).isEmpty();
    assertThat(MemorySize.parse("lots")).isEmpty();
    assertThat(MemorySize.parse("-1")).isEmpty();
    assertThat(MemorySize.parse("4 iB")).isEmpty();
  }

  @Test
  void sizesPrintShort() {
    assertThat(MemorySize.format(0)).isEqualTo("0 bytes");
    assertThat(MemorySize.format(1)).isEqualTo("1 byte");
    assertThat(MemorySize.format(4L << 30)).isEqualTo("4 GiB");
    assertThat(MemorySize.format(3L << 29)).isEqualTo("1.5 GiB");
    assertThat(MemorySize.format(-1L)).isEqualTo("16 EiB");
  }

  @Test
  void fieldPathsSplitIntoKeysAndIndices() {
    assertThat(FieldPaths.segments("constraints.availableRoPaths[2]"))
        .containsExactly(new FieldPaths.Segment("constraints", -1), new FieldPaths.Segment("availableRoPaths", -1), new FieldPaths.Segment(null, 2));
    assertThat(FieldPaths.selfAndAncestors("inputs[0].digest")).containsExactly("inputs[0].digest", "inputs[0]", "inputs");
    assertThat(FieldPaths.selfAndAncestors("")).isEmpty();
  }

  @Test
  void fieldPathsSortInTheOrderOfTheForm() {
    List<String> paths = new ArrayList<>(List.of("refscanNeedles[0]", "outputs[10]", "outputs[2]", "commandArgs[0]", "inputs[1].name", "inputs[0]", "constraints.system", "", "workingDir"));
    paths.sort(FieldPaths.FORM_ORDER);
    assertThat(paths).containsExactly("", "commandArgs[0]", "workingDir", "inputs[0]", "inputs[1].name", "outputs[2]", "outputs[10]", "constraints.system", "refscanNeedles[0]");
  }

  @Test
  void hostPathsResolveLikeTheReaderAndAreWrittenRelativeWhenInside() {
    Path base = Path.of("/work/req");
    assertThat(HostPaths.resolve("src", base).path()).isEqualTo(Path.of("/work/req/src"));
    assertThat(HostPaths.resolve("../x/./y", base).path()).isEqualTo(Path.of("/work/x/y"));
    assertThat(HostPaths.resolve("/abs", null).path()).isEqualTo(Path.of("/abs"));
    assertThat(HostPaths.resolve("rel", null).problem()).contains("not saved yet");
    assertThat(HostPaths.resolve(" ", base).problem()).contains("give the host path");
    assertThat(HostPaths.forRequest(Path.of("/work/req/a/b"), base)).isEqualTo("a/b");
    assertThat(HostPaths.forRequest(Path.of("/work/other"), base)).isEqualTo("/work/other");
    assertThat(HostPaths.forRequest(Path.of("/work/other"), null)).isEqualTo("/work/other");
  }

  @Test
  void hostPathsNameInputsUniquelyAndMoveWithSaveAs() {
    assertThat(HostPaths.inputName(Path.of("/home/u/hello-src"))).isEqualTo("hello-src");
    assertThat(HostPaths.inputName(Path.of("/"))).isEqualTo("root");
    assertThat(HostPaths.uniqueName("src", List.of("src", "src-2"))).isEqualTo("src-3");
    assertThat(HostPaths.uniqueName("lib", List.of("src"))).isEqualTo("lib");
    List<InputEntry> in = List.of(
        new InputEntry("a", new HostInput("src")),
        new InputEntry("b", new HostInput("/abs/x")),
        new InputEntry("c", new StoreInput("file", "", 0, false, "")));
    assertThat(HostPaths.rebase(in, Path.of("/work/req"), Path.of("/work")))
        .containsExactly(new InputEntry("a", new HostInput("req/src")), in.get(1), in.get(2));
    assertThat(HostPaths.rebase(in, Path.of("/work/req"), Path.of("/tmp")).get(0))
        .isEqualTo(new InputEntry("a", new HostInput("/work/req/src")));
  }

  @Test
  void theLexerTellsKeysFromValuesAndSurvivesHalfTypedText() {
    String text = "{\"a\": [\"x\", 12, true, null], \"b\": \"open";
    List<JsonLexer.Token> t = JsonLexer.tokens(text);
    assertThat(t).extracting(JsonLexer.Token::kind)
        .containsExactly(Kind.PUNCTUATION, Kind.KEY, Kind.PUNCTUATION, Kind.PUNCTUATION, Kind.STRING, Kind.PUNCTUATION,
            Kind.NUMBER, Kind.PUNCTUATION, Kind.LITERAL, Kind.PUNCTUATION, Kind.LITERAL, Kind.PUNCTUATION,
            Kind.PUNCTUATION, Kind.KEY, Kind.PUNCTUATION, Kind.STRING);
    JsonLexer.Token last = t.get(t.size() - 1);
    assertThat(text.substring(last.start(), last.end())).isEqualTo("\"open");
  }

  @Test
  void textOrdersByUtf8BytesAndFindsLoneSurrogates() {
    List<String> s = new ArrayList<>(List.of("\uFFFD", "\uD83D\uDE00", "a", "B"));
    s.sort(Text.UTF8_ORDER);
    assertThat(s).containsExactly("B", "a", "\uFFFD", "\uD83D\uDE00");
    assertThat(Text.loneSurrogate("ok \uD83D\uDE00")).isEqualTo(-1);
    assertThat(Text.loneSurrogate("x\uD800y")).isEqualTo(1);
    assertThat(Text.distance("src", "srcc")).isEqualTo(1);
  }
}
