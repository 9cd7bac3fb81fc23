/**
 * A terminal emulator model without a view: the screen, scrollback and cursor a stream of
 * xterm-style output produces ({@link dev.glassbox.terminal.emulator.TerminalModel}), copied out as
 * {@link dev.glassbox.terminal.emulator.ScreenSnapshot}s for drawing.
 */
package dev.glassbox.terminal.emulator;
