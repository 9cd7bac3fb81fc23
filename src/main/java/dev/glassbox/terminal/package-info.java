/**
 * Terminals for shells inside a sandbox: the {@link dev.glassbox.terminal.TerminalSession} a view
 * talks to, the {@link dev.glassbox.terminal.TerminalLauncher} the composition root supplies, and
 * the key encoding a terminal sends. No JavaFX here; the process side lives in {@code
 * dev.glassbox.terminal.process} and the screen model in {@code dev.glassbox.terminal.emulator}.
 */
package dev.glassbox.terminal;
