package dev.glassbox.terminal;

/** Starts terminals: in the app (a pty the view draws) or in the desktop's own terminal. */
public interface TerminalLauncher {
  /**
   * Starts {@code spec.argv()} on a new pseudo-terminal; its output goes to {@code output} from the
   * first byte.
   *
   * @throws TerminalException when the program cannot be started (not found, no pty support)
   */
  TerminalSession start(TerminalSpec spec, TerminalOutput output) throws TerminalException;

  /**
   * Runs {@code spec.argv()} in the desktop's terminal emulator ({@code $TERMINAL}, {@code
   * x-terminal-emulator}, GNOME Terminal, Konsole, xfce4-terminal or xterm), and the teardown when
   * that terminal closes.
   *
   * @throws TerminalException when none is installed or there is no display, saying what to do
   */
  void openInSystemTerminal(TerminalSpec spec) throws TerminalException;
}
