/**
 * Runs OCI bundles with runc and streams their output line by line (see {@link
 * dev.glassbox.sandbox.runc.RuncRuntime}).
 *
 * <p>This is an adapter: it starts processes and must stay out of the UI packages.
 */
package dev.glassbox.sandbox.runc;
