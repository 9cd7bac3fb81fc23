package dev.glassbox.sandbox.runc;

import java.util.Objects;

/** How a container run by {@link RuncRuntime} ended. */
public sealed interface ContainerExit
    permits ContainerExit.Exited,
        ContainerExit.Signalled,
        ContainerExit.Killed,
        ContainerExit.RuntimeFailed {

  /** Highest signal number Linux knows (real-time signals included). */
  int MAX_SIGNAL = 64;

  /** The container's init process exited with this code; 0 is success. */
  record Exited(int code) implements ContainerExit {
    public Exited {
      if (code < 0 || code > 255) {
        throw new IllegalArgumentException("exit code must be in 0..255, got " + code);
      }
    }
  }

  /** The container's init process was killed by this signal, and not by Glassbox. */
  record Signalled(int signal) implements ContainerExit {
    public Signalled {
      if (signal < 1 || signal > MAX_SIGNAL) {
        throw new IllegalArgumentException("signal must be in 1.." + MAX_SIGNAL + ", got " + signal);
      }
    }
  }

  /** Glassbox killed the container, for this reason. */
  record Killed(KillReason reason) implements ContainerExit {
    public Killed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * runc itself failed, usually while setting the container up (bad config.json, missing
   * executable, mount error): a sandbox problem, not a build failure.
   *
   * @param message runc's own error message
   */
  record RuntimeFailed(String message) implements ContainerExit {
    public RuntimeFailed {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why Glassbox killed a container. */
  enum KillReason {
    /** {@link RunningContainer#cancel()} was called. */
    CANCELLED,
    /** The time limit given to {@link RuncRuntime#start} ran out. */
    TIMED_OUT
  }
}
