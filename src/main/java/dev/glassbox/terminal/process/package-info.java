/**
 * The processes behind terminals: programs on a real pseudo-terminal (pty4j) and the desktop's own
 * terminal emulator. Only the composition root uses this package; the UI sees {@link
 * dev.glassbox.terminal.TerminalSession} and {@link dev.glassbox.terminal.TerminalLauncher}.
 */
package dev.glassbox.terminal.process;
