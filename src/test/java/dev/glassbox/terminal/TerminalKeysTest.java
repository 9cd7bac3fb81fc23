package dev.glassbox.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glassbox.terminal.TerminalKeys.Key;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalKeysTest {
  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void cursorKeysFollowDecckmAndModifiers() {
    assertThat(s(TerminalKeys.encode(Key.UP, false, false, false, false))).isEqualTo("\033[A");
    assertThat(s(TerminalKeys.encode(Key.UP, false, false, false, true))).isEqualTo("\033OA");
    assertThat(s(TerminalKeys.encode(Key.LEFT, false, true, false, true))).isEqualTo("\033[1;5D");
    assertThat(s(TerminalKeys.encode(Key.HOME, false, false, false, false))).isEqualTo("\033[H");
    assertThat(s(TerminalKeys.encode(Key.END, true, false, false, false))).isEqualTo("\033[1;2F");
  }

  @Test
  void editingAndFunctionKeys() {
    assertThat(s(TerminalKeys.encode(Key.ENTER, false, false, false, false))).isEqualTo("\r");
    assertThat(s(TerminalKeys.encode(Key.BACKSPACE, false, false, false, false)))
        .isEqualTo("\u007f");
    assertThat(s(TerminalKeys.encode(Key.TAB, true, false, false, false))).isEqualTo("\033[Z");
    assertThat(s(TerminalKeys.encode(Key.ESCAPE, false, false, false, false))).isEqualTo("\033");
    assertThat(s(TerminalKeys.encode(Key.PAGE_UP, false, false, false, false)))
        .isEqualTo("\033[5~");
    assertThat(s(TerminalKeys.encode(Key.DELETE, false, true, false, false)))
        .isEqualTo("\033[3;5~");
    assertThat(s(TerminalKeys.encode(Key.F1, false, false, false, false))).isEqualTo("\033OP");
    assertThat(s(TerminalKeys.encode(Key.F12, false, false, false, false))).isEqualTo("\033[24~");
  }

  @Test
  void controlCharacters() {
    assertThat(TerminalKeys.control('c', false)).containsExactly(3);
    assertThat(TerminalKeys.control('D', false)).containsExactly(4);
    assertThat(TerminalKeys.control('[', false)).containsExactly(27);
    assertThat(TerminalKeys.control(' ', false)).containsExactly(0);
    assertThat(TerminalKeys.control('a', true)).containsExactly(27, 1);
    assertThat(TerminalKeys.control('é', false)).isNull();
  }

  @Test
  void pasteIsBracketedWhenAskedAndCannotEndItself() {
    assertThat(s(TerminalKeys.paste("a\nb\r\n", false))).isEqualTo("a\rb\r");
    assertThat(s(TerminalKeys.paste("x\033[201~rm -rf /\n", true)))
        .isEqualTo("\033[200~xrm -rf /\r\033[201~");
    assertThat(s(TerminalKeys.text("é", true))).isEqualTo("\033é");
  }

  @Test
  void specValidatesAndQuotes() {
    TerminalSpec spec = TerminalSpec.of("t", List.of("runc", "exec", "-t", "a b", "it's"));
    assertThat(spec.commandLine()).isEqualTo("runc exec -t 'a b' 'it'\\''s'");
    assertThatThrownBy(() -> TerminalSpec.of("t", List.of())).hasMessageContaining("argv is empty");
    assertThatThrownBy(() -> new TerminalSize(0, 5)).hasMessageContaining("0x5");
  }
}
