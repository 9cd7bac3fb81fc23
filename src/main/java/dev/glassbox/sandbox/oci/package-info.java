/**
 * The OCI side of a build (engine-spec §4.4–4.6): the runtime spec ({@code config.json}) for a
 * request, the bundle directory runc runs, and where outputs end up on the host.
 */
package dev.glassbox.sandbox.oci;
