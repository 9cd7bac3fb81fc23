package dev.glassbox.sandbox;

/** Which output stream of a sandboxed build a log line came from. */
public enum LogStream {
  STDOUT,
  STDERR
}
