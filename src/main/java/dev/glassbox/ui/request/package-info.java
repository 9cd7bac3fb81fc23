/**
 * The build request editor ({@link dev.glassbox.ui.request.RequestEditor}): a form and a JSON tab
 * over one {@link dev.glassbox.ui.request.RequestForm}, checked live by the engine's validator
 * with pre-flight warnings, and {@link dev.glassbox.ui.request.EditorServices}, the port through
 * which the app gives it imports, recent store nodes, the validator and a background executor.
 *
 * <p>The plain-Java parts (form model, JSON both ways, checks, warnings, CLI command) use no
 * JavaFX and are tested without it; the view classes only wire them to controls.
 */
package dev.glassbox.ui.request;
