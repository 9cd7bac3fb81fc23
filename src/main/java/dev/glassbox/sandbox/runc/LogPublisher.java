package dev.glassbox.sandbox.runc;

import dev.glassbox.sandbox.LogLine;
import dev.glassbox.sandbox.LogSink;
import dev.glassbox.sandbox.LogStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Numbers the lines of both streams of one container and hands them to its sink, one at a time. */
final class LogPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(LogPublisher.class);

  private final String containerId;
  private final LogSink sink;
  private final Object lock = new Object();
  private long nextSeq; // guarded by lock
  private long sinkFailures; // guarded by lock

  LogPublisher(String containerId, LogSink sink) {
    this.containerId = Objects.requireNonNull(containerId, "containerId");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  void publish(LogStream stream, long epochMillis, String text, boolean partial) {
    // Numbering and delivery share one lock so the sink sees seq in order; the text is decoded
    // before, outside the lock, so the two pump threads only serialize on the cheap part.
    synchronized (lock) {
      LogLine line = new LogLine(nextSeq++, stream, epochMillis, text, partial);
      try {
        sink.accept(line);
      } catch (RuntimeException e) {
        // The pipes must keep draining whatever the sink does, or the build blocks on a full pipe.
        if (sinkFailures++ == 0) {
          LOG.warn("log sink of container {} failed; dropping lines it rejects", containerId, e);
        }
      }
    }
  }

  /** Number of lines published so far. */
  long published() {
    synchronized (lock) {
      return nextSeq;
    }
  }
}
