/**
 * Input access tracing: which input paths a build looked up, opened, read and executed, and which
 * names it looked for inside its inputs that were not there. {@link
 * dev.glassbox.sandbox.access.AccessRecorder} collects it from the FUSE layer while the build runs;
 * {@link dev.glassbox.sandbox.access.InputAccess} is the immutable result the history stores, and
 * {@link dev.glassbox.sandbox.access.AccessReport} is what the CLI and the UI show.
 */
package dev.glassbox.sandbox.access;
