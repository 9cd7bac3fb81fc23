/**
 * The live build log view.
 *
 * <p>{@link dev.glassbox.ui.log.LogDocument} is the model: plain Java, no JavaFX, fed from any
 * thread (it is a {@link dev.glassbox.sandbox.LogSink}), text on disk, a small index in memory,
 * ANSI parsed once into style runs, partial pieces joined, progress lines collapsed. {@link
 * dev.glassbox.ui.log.LogView} shows a document: it catches up once per pulse and draws only the
 * rows on screen ({@code RowsView}), so its cost per frame does not grow with the log. Search runs
 * on its own thread ({@code LogSearch}); saving and copying large selections on another.
 */
package dev.glassbox.ui.log;
