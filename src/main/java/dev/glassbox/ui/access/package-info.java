/**
 * The input access report of a build in the desktop app: which inputs it read and which it never
 * read, the names it looked for inside its inputs that were not there with the log lines around
 * that moment, and read / not-read marks a tree of the inputs can show.
 */
package dev.glassbox.ui.access;
