package dev.glassbox.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnsiParserTest {
  private static final String ESC = "\u001b";

  private static StyledText parse(String s) {
    return AnsiParser.parse(s);
  }

  @Test
  void plainTextHasNoRuns() {
    StyledText t = parse("hello world");
    assertThat(t.text()).isEqualTo("hello world");
    assertThat(t.runCount()).isZero();
  }

  @Test
  void basicForegroundAndResetMakeRuns() {
    StyledText t = parse("a" + ESC + "[31mred" + ESC + "[0mb");
    assertThat(t.text()).isEqualTo("aredb");
    assertThat(t.styleAt(0)).isEqualTo(AnsiStyle.PLAIN);
    assertThat(t.styleAt(1)).isEqualTo(new AnsiStyle(1, AnsiStyle.DEFAULT, 0));
    assertThat(t.styleAt(3)).isEqualTo(new AnsiStyle(1, AnsiStyle.DEFAULT, 0));
    assertThat(t.styleAt(4)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void brightColoursMapToPaletteEightToFifteen() {
    StyledText t = parse(ESC + "[92;103mx");
    assertThat(t.styleAt(0)).isEqualTo(new AnsiStyle(10, 11, 0));
  }

  @Test
  void indexedColoursInSemicolonAndColonForms() {
    assertThat(parse(ESC + "[38;5;208;48;5;17mx").styleAt(0)).isEqualTo(new AnsiStyle(208, 17, 0));
    assertThat(parse(ESC + "[38:5:208mx").styleAt(0).fg()).isEqualTo(208);
  }

  @Test
  void truecolourInSemicolonAndColonForms() {
    int orange = AnsiStyle.rgb(255, 128, 0);
    assertThat(parse(ESC + "[38;2;255;128;0mx").styleAt(0).fg()).isEqualTo(orange);
    assertThat(parse(ESC + "[48:2::255:128:0mx").styleAt(0).bg()).isEqualTo(orange);
    assertThat(parse(ESC + "[38:2:255:128:0mx").styleAt(0).fg()).isEqualTo(orange);
    assertThat(AnsiStyle.isRgb(orange)).isTrue();
  }

  @Test
  void attributesTurnOnAndOffOneByOne() {
    StyledText t =
        parse(
            ESC
                + "[1;3;4mA"
                + ESC
                + "[22mB"
                + ESC
                + "[23;24mC"
                + ESC
                + "[7;9mD"
                + ESC
                + "[27;29mE");
    assertThat(t.text()).isEqualTo("ABCDE");
    assertThat(t.styleAt(0).attributes())
        .isEqualTo(AnsiStyle.BOLD | AnsiStyle.ITALIC | AnsiStyle.UNDERLINE);
    assertThat(t.styleAt(1).attributes()).isEqualTo(AnsiStyle.ITALIC | AnsiStyle.UNDERLINE);
    assertThat(t.styleAt(2).attributes()).isZero();
    assertThat(t.styleAt(3).attributes()).isEqualTo(AnsiStyle.INVERSE | AnsiStyle.STRIKETHROUGH);
    assertThat(t.styleAt(4)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void emptySgrAndDefaultColourCodesReset() {
    StyledText t =
        parse(ESC + "[31;42mA" + ESC + "[39mB" + ESC + "[49mC" + ESC + "[1mD" + ESC + "[mE");
    assertThat(t.styleAt(0)).isEqualTo(new AnsiStyle(1, 2, 0));
    assertThat(t.styleAt(1)).isEqualTo(new AnsiStyle(AnsiStyle.DEFAULT, 2, 0));
    assertThat(t.styleAt(2)).isEqualTo(AnsiStyle.PLAIN);
    assertThat(t.styleAt(3).attributes()).isEqualTo(AnsiStyle.BOLD);
    assertThat(t.styleAt(4)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void otherEscapeSequencesAreStripped() {
    String s =
        ESC
            + "[2K"
            + ESC
            + "[1G" // erase line, cursor to column 1
            + ESC
            + "]0;window title"
            + "\u0007" // OSC with BEL
            + ESC
            + "]8;;https://example.com"
            + ESC
            + "\\link"
            + ESC
            + "]8;;"
            + ESC
            + "\\" // hyperlink
            + ESC
            + "(B" // charset
            + ESC
            + "7"
            + ESC
            + "[?25l" // save cursor, hide cursor
            + "text"
            + ESC
            + "P1$r"
            + ESC
            + "\\"
            + "!";
    StyledText t = parse(s);
    assertThat(t.text()).isEqualTo("linktext!");
    assertThat(t.runCount()).isZero();
  }

  @Test
  void controlCharactersAreDroppedButTabAndCarriageReturnKept() {
    assertThat(parse("a\u0007b\bc\u0000d\te\rf\u007f").text()).isEqualTo("abcd\te\rf");
  }

  @Test
  void privateCsiEndingInMIsNotSgr() {
    assertThat(parse(ESC + "[>4;2mX").styleAt(0)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void sequenceSplitAcrossFeedsStillParses() {
    AnsiParser p = new AnsiParser();
    StyledBuilder out = new StyledBuilder();
    p.feed("ab" + ESC + "[3", out);
    p.feed("2mcd", out);
    StyledText t = new StyledText(out.text.toString(), out.runsBetween(0, out.text.length()));
    assertThat(t.text()).isEqualTo("abcd");
    assertThat(t.styleAt(2).fg()).isEqualTo(2);
  }

  @Test
  void styleCarriesOverEndLineButOpenSequenceDoesNot() {
    AnsiParser p = new AnsiParser();
    StyledBuilder out = new StyledBuilder();
    p.feed(ESC + "[31mred" + ESC + "]0;unterminated title", out);
    p.endLine();
    out.reset();
    p.feed("next", out);
    assertThat(out.text.toString()).isEqualTo("next");
    assertThat(p.style().fg()).isEqualTo(1);
    assertThat(p.isIdle()).isFalse();
  }

  @Test
  void malformedExtendedColourIsIgnored() {
    StyledText t = parse(ESC + "[38;5mX" + ESC + "[38;2;1;2mY");
    assertThat(t.text()).isEqualTo("XY");
    assertThat(t.styleAt(0)).isEqualTo(AnsiStyle.PLAIN);
  }

  @Test
  void hugeParameterListIsNotSgr() {
    String longParams = "1;".repeat(200) + "31";
    StyledText t = parse(ESC + "[" + longParams + "mX");
    assertThat(t.text()).isEqualTo("X");
    assertThat(t.styleAt(0)).isEqualTo(AnsiStyle.PLAIN);
  }
}
