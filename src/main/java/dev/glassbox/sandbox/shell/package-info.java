/**
 * Stepping inside a sandbox: the static toolbox mounted at {@code /.glassbox} for builds that pause
 * on failure, and shells in a paused build's live container or in a kept sandbox. No JavaFX; the
 * CLI runs the returned argv in the current terminal, the app in a pseudo-terminal.
 */
package dev.glassbox.sandbox.shell;
