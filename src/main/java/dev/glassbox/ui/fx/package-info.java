/**
 * The ways into the JavaFX thread: batching signals from engine threads to one task per pulse
 * ({@link dev.glassbox.ui.fx.PulseCoalescer}) and running or calling code on the FX thread ({@link
 * dev.glassbox.ui.fx.FxThreads}). The rest of the UI calls these rather than {@code Platform}
 * directly.
 */
package dev.glassbox.ui.fx;
