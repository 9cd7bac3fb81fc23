/**
 * The build request: its validated model ({@link dev.glassbox.request.BuildRequest}), its JSON
 * file format ({@link dev.glassbox.request.RequestReader}, {@link
 * dev.glassbox.request.RequestWriter}) and its validation ({@link
 * dev.glassbox.request.RequestValidator}), which applies tvix's rules in tvix's order (engine-spec
 * §4.1) and then Glassbox's own, and reports every violation at once.
 */
package dev.glassbox.request;
