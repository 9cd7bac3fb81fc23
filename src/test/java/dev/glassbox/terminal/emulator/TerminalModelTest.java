package dev.glassbox.terminal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TerminalModelTest {
  private static final String ESC = "\033";
  private static final String CSI = ESC + "[";

  private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
  private TerminalModel term = new TerminalModel(10, 4, 100, replies::writeBytes);

  private String row(int r) {
    return term.rowText(r);
  }

  private void at(int row, int col) {
    assertThat(new int[] {term.cursorRow(), term.cursorColumn()})
        .as("cursor (row, col)")
        .containsExactly(row, col);
  }

  @Nested
  class Controls {
    @Test
    void printsAndMovesWithCrLfBackspaceTab() {
      term.feed("ab\r\ncd");
      assertThat(row(0)).isEqualTo("ab");
      assertThat(row(1)).isEqualTo("cd");
      at(1, 2);
      term.feed("\bX");
      assertThat(row(1)).isEqualTo("cX");
      term.feed("\r\tT");
      assertThat(row(1)).isEqualTo("cX      T");
      at(1, 9);
    }

    @Test
    void lineFeedKeepsTheColumnAndBellCounts() {
      term.feed("ab\ncd\007");
      assertThat(row(1)).isEqualTo("  cd");
      assertThat(term.bells()).isEqualTo(1);
    }

    @Test
    void backspaceStopsAtTheLeftEdgeAndTabAtTheRight() {
      term.feed("\b\b\bA\t\t\tB");
      assertThat(row(0)).isEqualTo("A        B");
      at(0, 9);
    }

    @Test
    void tabStopsCanBeSetAndCleared() {
      term.feed(CSI + "3g" + "   " + ESC + "H" + "\rx\ty");
      assertThat(row(0)).isEqualTo("x  y");
      term.feed("\r\n" + CSI + "3g" + "\tz");
      assertThat(row(1)).isEqualTo("         z"); // no stops: to the last column
    }
  }

  @Nested
  class Wrapping {
    @Test
    void wrapsAtTheEdgeOnlyWhenTheNextCharacterComes() {
      term.feed("0123456789");
      at(0, 9);
      assertThat(row(1)).isEmpty();
      term.feed("A");
      assertThat(row(0)).isEqualTo("0123456789");
      assertThat(row(1)).isEqualTo("A");
      at(1, 1);
    }

    @Test
    void crAfterAFullLineDoesNotWrap() {
      term.feed("0123456789\r\nx");
      assertThat(row(1)).isEqualTo("x");
    }

    @Test
    void copyJoinsWrappedRows() {
      term.feed("0123456789AB\r\nnext");
      ScreenSnapshot s = term.snapshot(0);
      assertThat(term.text(s.firstLine(), 0, s.firstLine() + 2, 9)).isEqualTo("0123456789AB\nnext");
    }

    @Test
    void withoutAutowrapTheLastColumnIsOverwritten() {
      term.feed(CSI + "?7l0123456789XY");
      assertThat(row(0)).isEqualTo("012345678Y");
      assertThat(row(1)).isEmpty();
    }

    @Test
    void scrollsIntoTheScrollbackAtTheBottom() {
      term.feed("1\r\n2\r\n3\r\n4\r\n5\r\n6");
      assertThat(row(0)).isEqualTo("3");
      assertThat(row(3)).isEqualTo("6");
      assertThat(term.historySize()).isEqualTo(2);
      assertThat(term.historyText(0)).isEqualTo("1");
      ScreenSnapshot back = term.snapshot(2);
      assertThat(back.rowText(0)).isEqualTo("1");
      assertThat(back.rowText(3)).isEqualTo("4");
      assertThat(back.cursorShown()).isFalse();
    }

    @Test
    void scrollbackDropsTheOldestLinesAtItsLimit() {
      term = new TerminalModel(10, 2, 3, b -> {});
      for (int i = 0; i < 10; i++) {
        term.feed("l" + i + "\r\n");
      }
      assertThat(term.historySize()).isEqualTo(3);
      assertThat(term.historyText(0)).isEqualTo("l6");
      ScreenSnapshot s = term.snapshot(99);
      assertThat(s.rowText(0)).isEqualTo("l6");
      assertThat(term.text(s.firstLine(), 0, s.firstLine(), 9)).isEqualTo("l6");
    }
  }

  @Nested
  class CursorMovement {
    @Test
    void absoluteAndRelativeMoves() {
      term.feed(CSI + "3;5H");
      at(2, 4);
      term.feed(CSI + "A");
      at(1, 4);
      term.feed(CSI + "2B");
      at(3, 4);
      term.feed(CSI + "3C");
      at(3, 7);
      term.feed(CSI + "10D");
      at(3, 0);
      term.feed(CSI + "2;2f");
      at(1, 1);
      term.feed(CSI + "8G");
      at(1, 7);
      term.feed(CSI + "4d");
      at(3, 7);
      term.feed(CSI + "H");
      at(0, 0);
    }

    @Test
    void movesAreClampedToTheScreen() {
      term.feed(CSI + "99;99H");
      at(3, 9);
      term.feed(CSI + "99A" + CSI + "99D");
      at(0, 0);
      term.feed(CSI + "0B"); // 0 counts as 1
      at(1, 0);
    }

    @Test
    void nextAndPreviousLine() {
      term.feed("abc" + CSI + "2E");
      at(2, 0);
      term.feed("xy" + CSI + "F");
      at(1, 0);
    }

    @Test
    void saveAndRestoreCursorWithItsStyle() {
      term.feed(CSI + "2;3H" + CSI + "31m" + ESC + "7" + CSI + "0m" + CSI + "H" + ESC + "8X");
      at(1, 3);
      assertThat(CellStyle.foreground(term.styleAt(1, 2))).isEqualTo(CellStyle.indexed(1));
      term.feed(CSI + "4;1H" + CSI + "s" + CSI + "H" + CSI + "u");
      at(3, 0);
    }

    @Test
    void reportsTheCursorPosition() {
      term.feed(CSI + "2;7H" + CSI + "6n" + CSI + "5n" + CSI + "c" + CSI + ">c");
      assertThat(replies.toString(StandardCharsets.US_ASCII))
          .isEqualTo(ESC + "[2;7R" + ESC + "[0n" + ESC + "[?62;22c" + ESC + "[>0;10;0c");
    }
  }

  @Nested
  class Erasing {
    private void fill() {
      term.feed(CSI + "H" + "aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd");
    }

    @Test
    void eraseDisplayBelowAboveAndAll() {
      fill();
      term.feed(CSI + "2;5H" + CSI + "J");
      assertThat(row(0)).isEqualTo("aaaaaaaaaa");
      assertThat(row(1)).isEqualTo("bbbb");
      assertThat(row(2)).isEmpty();
      fill();
      term.feed(CSI + "3;5H" + CSI + "1J");
      assertThat(row(1)).isEmpty();
      assertThat(row(2)).isEqualTo("     ccccc");
      term.feed(CSI + "2J");
      assertThat(term.screenText()).isEmpty();
    }

    @Test
    void eraseScrollbackWithEd3() {
      term.feed("1\r\n2\r\n3\r\n4\r\n5\r\n");
      assertThat(term.historySize()).isPositive();
      term.feed(CSI + "3J");
      assertThat(term.historySize()).isZero();
    }

    @Test
    void eraseLineRightLeftAll() {
      term.feed("0123456789" + CSI + "5G" + CSI + "K");
      assertThat(row(0)).isEqualTo("0123");
      term.feed("\r\n0123456789" + CSI + "5G" + CSI + "1K");
      assertThat(row(1)).isEqualTo("     56789");
      term.feed(CSI + "2K");
      assertThat(row(1)).isEmpty();
    }

    @Test
    void eraseInsertDeleteCharacters() {
      term.feed("0123456789" + CSI + "3G" + CSI + "2X");
      assertThat(row(0)).isEqualTo("01  456789");
      term.feed(CSI + "2P");
      assertThat(row(0)).isEqualTo("01456789");
      term.feed(CSI + "3@");
      assertThat(row(0)).isEqualTo("01   45678");
      at(0, 2);
    }

    @Test
    void insertAndDeleteLines() {
      term.feed("A\r\nB\r\nC\r\nD" + CSI + "2;1H" + CSI + "L");
      assertThat(term.screenText()).isEqualTo("A\n\nB\nC");
      term.feed(CSI + "2M");
      assertThat(term.screenText()).isEqualTo("A\nC");
    }

    @Test
    void erasedCellsTakeTheCurrentBackground() {
      term.feed(CSI + "44m" + CSI + "2J");
      assertThat(CellStyle.background(term.styleAt(3, 9))).isEqualTo(CellStyle.indexed(4));
      assertThat(CellStyle.foreground(term.styleAt(3, 9))).isEqualTo(CellStyle.DEFAULT_COLOUR);
    }

    @Test
    void insertModeShiftsTextRight() {
      term.feed("abc\r" + CSI + "4hX" + CSI + "4lY");
      assertThat(row(0)).isEqualTo("XYbc");
    }

    @Test
    void repeatsTheLastCharacter() {
      term.feed("-" + CSI + "4b");
      assertThat(row(0)).isEqualTo("-----");
    }
  }

  @Nested
  class Sgr {
    @Test
    void basicBrightAndResets() {
      term.feed(CSI + "1;4;7;31;42mA" + CSI + "22;24;27;39;49mB" + CSI + "93;104mC" + CSI + "mD");
      long a = term.styleAt(0, 0);
      assertThat(CellStyle.has(a, CellStyle.BOLD)).isTrue();
      assertThat(CellStyle.has(a, CellStyle.UNDERLINE)).isTrue();
      assertThat(CellStyle.has(a, CellStyle.INVERSE)).isTrue();
      assertThat(CellStyle.foreground(a)).isEqualTo(CellStyle.indexed(1));
      assertThat(CellStyle.background(a)).isEqualTo(CellStyle.indexed(2));
      assertThat(term.styleAt(0, 1)).isEqualTo(CellStyle.PLAIN);
      long c = term.styleAt(0, 2);
      assertThat(CellStyle.foreground(c)).isEqualTo(CellStyle.indexed(11));
      assertThat(CellStyle.background(c)).isEqualTo(CellStyle.indexed(12));
      assertThat(term.styleAt(0, 3)).isEqualTo(CellStyle.PLAIN);
    }

    @Test
    void colours256AndTruecolorInBothSyntaxes() {
      term.feed(CSI + "38;5;208;48;2;1;2;3mA");
      term.feed(CSI + "0;38:2::10:20:30;48:5:17mB");
      term.feed(CSI + "38:2:40:50:60mC");
      long a = term.styleAt(0, 0);
      assertThat(CellStyle.foreground(a)).isEqualTo(CellStyle.indexed(208));
      assertThat(CellStyle.background(a)).isEqualTo(CellStyle.rgb(1, 2, 3));
      long b = term.styleAt(0, 1);
      assertThat(CellStyle.foreground(b)).isEqualTo(CellStyle.rgb(10, 20, 30));
      assertThat(CellStyle.background(b)).isEqualTo(CellStyle.indexed(17));
      assertThat(CellStyle.foreground(term.styleAt(0, 2))).isEqualTo(CellStyle.rgb(40, 50, 60));
      assertThat(CellStyle.isRgb(CellStyle.rgb(40, 50, 60))).isTrue();
      assertThat(CellStyle.rgbValue(CellStyle.rgb(40, 50, 60))).isEqualTo(0x28323C);
    }

    @Test
    void parametersAfterAnExtendedColourStillApply() {
      term.feed(CSI + "38;5;1;1mA");
      long a = term.styleAt(0, 0);
      assertThat(CellStyle.foreground(a)).isEqualTo(CellStyle.indexed(1));
      assertThat(CellStyle.has(a, CellStyle.BOLD)).isTrue();
    }

    @Test
    void modifyOtherKeysIsNotMistakenForSgr() {
      term.feed(CSI + ">4;1mA");
      assertThat(term.styleAt(0, 0)).isEqualTo(CellStyle.PLAIN);
      assertThat(row(0)).isEqualTo("A");
    }
  }

  @Nested
  class ScrollRegions {
    @Test
    void linesScrollOnlyInsideTheRegion() {
      term.feed("top\r\n1\r\n2\r\nbottom");
      term.feed(CSI + "2;3r");
      at(0, 0); // DECSTBM homes the cursor
      term.feed(CSI + "3;1H\nnew");
      assertThat(term.screenText()).isEqualTo("top\n2\nnew\nbottom");
      assertThat(term.historySize()).isZero();
    }

    @Test
    void reverseIndexScrollsDownAtTheTopMargin() {
      term.feed("top\r\n1\r\n2\r\nbottom" + CSI + "2;3r" + CSI + "2;1H" + ESC + "M");
      assertThat(term.screenText()).isEqualTo("top\n\n1\nbottom");
    }

    @Test
    void scrollUpAndDownCommands() {
      term.feed("a\r\nb\r\nc\r\nd" + CSI + "S");
      assertThat(term.screenText()).isEqualTo("b\nc\nd");
      term.feed(CSI + "2T");
      assertThat(term.screenText()).isEqualTo("\n\nb\nc");
    }

    @Test
    void originModeAddressesRelativeToTheRegion() {
      term.feed(CSI + "2;3r" + CSI + "?6h" + CSI + "1;1HX" + CSI + "9;1HY");
      assertThat(row(1)).isEqualTo("X");
      assertThat(row(2)).isEqualTo("Y");
    }

    @Test
    void invalidRegionIsIgnored() {
      term.feed(CSI + "3;2r");
      assertThat(term.scrollRegion()).containsExactly(0, 3);
    }
  }

  @Nested
  class Modes {
    @Test
    void alternateScreenKeepsTheMainScreenAndCursor() {
      term.feed("shell$ ls" + CSI + "?1049h");
      assertThat(term.alternateScreen()).isTrue();
      assertThat(term.screenText()).isEmpty();
      term.feed(CSI + "HEDITOR\r\nline");
      assertThat(term.screenText()).isEqualTo("EDITOR\nline");
      term.feed(CSI + "?1049l");
      assertThat(term.alternateScreen()).isFalse();
      assertThat(term.screenText()).isEqualTo("shell$ ls");
      at(0, 9);
    }

    @Test
    void alternateScreenHasNoScrollback() {
      term.feed(CSI + "?1049h1\r\n2\r\n3\r\n4\r\n5\r\n6");
      assertThat(term.historySize()).isZero();
      assertThat(term.snapshot(5).scrollOffset()).isZero();
    }

    @Test
    void mode47SwitchesWithoutClearing() {
      term.feed(CSI + "?47hX" + CSI + "?47l" + CSI + "?47h");
      assertThat(row(0)).isEqualTo("X");
      term.feed(CSI + "?1047l" + CSI + "?1047h");
      assertThat(row(0)).isEmpty();
    }

    @Test
    void cursorVisibilityBracketedPasteAndCursorKeys() {
      term.feed(CSI + "?25l" + CSI + "?2004h" + CSI + "?1h");
      assertThat(term.cursorVisible()).isFalse();
      assertThat(term.bracketedPaste()).isTrue();
      assertThat(term.applicationCursorKeys()).isTrue();
      assertThat(term.snapshot(0).cursorShown()).isFalse();
      term.feed(CSI + "?25h" + CSI + "?2004;1l");
      assertThat(term.cursorVisible()).isTrue();
      assertThat(term.bracketedPaste()).isFalse();
      assertThat(term.applicationCursorKeys()).isFalse();
    }

    @Test
    void newLineModeAddsCarriageReturn() {
      term.feed(CSI + "20hab\ncd");
      assertThat(row(1)).isEqualTo("cd");
    }

    @Test
    void fullResetClearsEverything() {
      term.feed(CSI + "31m" + CSI + "?1049h" + CSI + "?25lX" + ESC + "c");
      assertThat(term.alternateScreen()).isFalse();
      assertThat(term.cursorVisible()).isTrue();
      assertThat(term.screenText()).isEmpty();
      term.feed("Y");
      assertThat(term.styleAt(0, 0)).isEqualTo(CellStyle.PLAIN);
    }
  }

  @Nested
  class Strings {
    @Test
    void oscSetsTheTitleWithBelOrSt() {
      term.feed(ESC + "]0;first title\007");
      assertThat(term.title()).isEqualTo("first title");
      term.feed(ESC + "]2;zweiter Tïtel" + ESC + "\\");
      assertThat(term.title()).isEqualTo("zweiter Tïtel");
      assertThat(term.screenText()).isEmpty();
    }

    @Test
    void otherOscDcsAndApcStringsAreSwallowed() {
      term.feed(ESC + "]8;;http://x\007link" + ESC + "]8;;\007");
      term.feed(
          ESC + "]52;c;aGk=\007" + ESC + "Pq#0;2;0;0;0" + ESC + "\\" + ESC + "_apc" + ESC + "\\!");
      assertThat(row(0)).isEqualTo("link!");
      assertThat(term.title()).isEmpty();
    }

    @Test
    void unknownSequencesLeaveNoGarbage() {
      term.feed(CSI + "?1000h" + CSI + "?1006h" + CSI + "2 q" + CSI + "22;0;0t" + CSI + "=5u");
      term.feed(ESC + "=" + ESC + ">" + ESC + "%G" + ESC + "#3" + CSI + "12$p" + ESC + "N");
      term.feed(
          CSI
              + "1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31;32;33;34;35z");
      term.feed("ok");
      assertThat(term.screenText()).isEqualTo("ok");
    }

    @Test
    void escapeInsideACsiStartsAFreshSequence() {
      term.feed(CSI + "31" + CSI + "32mG");
      assertThat(CellStyle.foreground(term.styleAt(0, 0))).isEqualTo(CellStyle.indexed(2));
      assertThat(row(0)).isEqualTo("G");
    }

    @Test
    void controlsInsideACsiAreExecuted() {
      term.feed("abcd" + CSI + "\r1CX");
      assertThat(row(0)).isEqualTo("aXcd");
    }

    @Test
    void cancelAbortsASequence() {
      term.feed(CSI + "31\030m");
      assertThat(row(0)).isEqualTo("m");
      assertThat(term.styleAt(0, 0)).isEqualTo(CellStyle.PLAIN);
    }

    @Test
    void decLineDrawing() {
      term.feed(ESC + "(0lqk" + ESC + "(Bx" + "\016" + ESC + ")0" + "m" + "\017j");
      assertThat(row(0)).isEqualTo("┌─┐x└j");
    }
  }

  @Nested
  class Utf8 {
    @Test
    void multiByteCharactersSplitAcrossChunks() {
      byte[] bytes = "é€😀".getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        term.feed(new byte[] {b});
      }
      assertThat(row(0)).isEqualTo("é€😀");
      at(0, 4); // the emoji is two cells wide
    }

    @Test
    void splitInsideAnEscapeSequenceToo() {
      byte[] all = (CSI + "31mü" + CSI + "0m").getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < all.length; i += 3) {
        term.feed(all, i, Math.min(3, all.length - i));
      }
      assertThat(row(0)).isEqualTo("ü");
      assertThat(CellStyle.foreground(term.styleAt(0, 0))).isEqualTo(CellStyle.indexed(1));
    }

    @Test
    void malformedBytesBecomeReplacementCharacters() {
      term.feed(new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xE2, (byte) 0x82, 'c'});
      assertThat(row(0)).isEqualTo("a\uFFFDb\uFFFD\uFFFDc");
    }

    @Test
    void wideCharactersTakeTwoCellsAndWrapWhole() {
      term.feed("123456789漢");
      assertThat(row(0)).isEqualTo("123456789");
      assertThat(row(1)).isEqualTo("漢");
      at(1, 2);
      ScreenSnapshot s = term.snapshot(0);
      assertThat(s.isWide(1, 0)).isTrue();
      assertThat(s.isWideTail(1, 1)).isTrue();
      term.feed("\rX");
      assertThat(row(1)).isEqualTo("X"); // overwriting half a wide character clears the other half
    }

    @Test
    void combiningMarksDoNotMoveTheCursor() {
      term.feed("e\u0301x");
      at(0, 2);
    }
  }

  @Nested
  class Resize {
    @Test
    void shrinkingPushesRowsIntoScrollbackAndGrowingBringsThemBack() {
      term.feed("1\r\n2\r\n3\r\n4");
      term.resize(10, 2);
      assertThat(term.screenText()).isEqualTo("3\n4");
      assertThat(term.historySize()).isEqualTo(2);
      at(1, 1);
      term.resize(10, 4);
      assertThat(term.screenText()).isEqualTo("1\n2\n3\n4");
      assertThat(term.historySize()).isZero();
      at(3, 1);
    }

    @Test
    void shrinkingDropsBlankRowsBelowTheCursorFirst() {
      term.feed("prompt$ ");
      term.resize(10, 2);
      assertThat(term.screenText()).isEqualTo("prompt$ ");
      assertThat(term.historySize()).isZero();
      at(0, 8);
    }

    @Test
    void narrowingCutsLinesAndClampsTheCursor() {
      term.feed("0123456789");
      term.resize(5, 4);
      assertThat(row(0)).isEqualTo("01234");
      at(0, 4);
      term.feed(CSI + "99C");
      at(0, 4);
      term.resize(20, 4);
      term.feed(CSI + "99C");
      at(0, 19);
      assertThat(term.columns()).isEqualTo(20);
      assertThat(term.scrollRegion()).containsExactly(0, 3);
    }

    @Test
    void alternateScreenResizesToo() {
      term.feed(CSI + "?1049h" + CSI + "4;1Hlast");
      term.resize(8, 2);
      assertThat(term.alternateScreen()).isTrue();
      assertThat(term.snapshot(0).rows()).isEqualTo(2);
      assertThat(term.rowText(1)).isEqualTo("last");
      term.feed(CSI + "?1049l");
      assertThat(term.rows()).isEqualTo(2);
    }
  }
}
