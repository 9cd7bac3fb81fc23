package dev.glassbox.sandbox.fuse;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes input filesystems left mounted by a Glassbox process that was killed.
 *
 * <p>When the FUSE server dies, its mount stays in the mount table and every access to it fails
 * with "Transport endpoint is not connected" (ENOTCONN). Such mounts block the removal of their
 * sandbox directory until they are lazily unmounted.
 */
public final class StaleMounts {
  private static final Logger LOG = LoggerFactory.getLogger(StaleMounts.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private StaleMounts() {}

  /**
   * Lazily unmounts every Glassbox input mount at or below {@code underDir} whose server is gone.
   * Mounts that still answer (another live Glassbox process serves them) are left alone.
   *
   * @return the mount points that were removed, in mount order
   * @throws MountException when the mount table cannot be read or a stale mount cannot be removed;
   *     the mounts that could be removed are removed all the same
   */
  public static List<Path> cleanup(Path underDir) throws MountException {
    Path under;
    try {
      under = underDir.toRealPath();
    } catch (NoSuchFileException e) {
      return List.of(); // nothing can be mounted below a directory that does not exist
    } catch (IOException e) {
      throw new MountException("cannot resolve " + underDir + ": " + e.getMessage(), e);
    }
    List<MountTable.Mount> mounts;
    try {
      mounts = MountTable.read();
    } catch (IOException e) {
      throw new MountException(
          "cannot read " + MountTable.MOUNTINFO + " (" + e.getMessage() + "); is /proc mounted?",
          e);
    }
    List<Path> cleaned = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    // Deepest first, so that a stale mount inside another one is removed before its parent.
    for (int i = mounts.size() - 1; i >= 0; i--) {
      MountTable.Mount m = mounts.get(i);
      if (!m.isGlassbox()
          || !m.mountPoint().startsWith(under)
          || cleaned.contains(m.mountPoint())) {
        continue;
      }
      if (!isStale(m.mountPoint())) {
        LOG.info("leaving {} mounted: its FUSE server still answers", m.mountPoint());
        continue;
      }
      List<String> complaints = Unmounter.detach(m.mountPoint());
      if (complaints.isEmpty()) {
        LOG.info("removed the stale input mount at {}", m.mountPoint());
        cleaned.add(m.mountPoint());
      } else {
        failures.add(m.mountPoint() + " (" + String.join("; ", complaints) + ")");
      }
    }
    if (!failures.isEmpty()) {
      throw new MountException(
          "cannot remove stale input mounts: "
              + String.join(", ", failures)
              + "; run 'umount -l <path>' as root for each");
    }
    java.util.Collections.reverse(cleaned);
    return cleaned;
  }

  /**
   * Whether the server behind {@code mountPoint} is gone. Opening the root directory always goes to
   * the server (attributes may be cached, directory opens are not): a dead server answers ENOTCONN
   * at once, a live one lists or refuses (EPERM). The probe runs on its own daemon thread so that a
   * server that hangs cannot hang the caller; such a mount counts as live.
   */
  static boolean isStale(Path mountPoint) {
    CompletableFuture<Boolean> probe = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Files.newDirectoryStream(mountPoint).close();
                probe.complete(false);
              } catch (FileSystemException e) {
                probe.complete(isNotConnected(e));
              } catch (Throwable e) {
                probe.complete(false);
              }
            },
            "glassbox-stale-probe " + mountPoint);
    t.setDaemon(true);
    t.start();
    try {
      return probe.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn(
          "{} does not answer within {} s; treating it as live",
          mountPoint,
          PROBE_TIMEOUT.toSeconds());
      return false;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // Java reports errno only as strerror text; this is glibc's text for ENOTCONN.
  private static boolean isNotConnected(FileSystemException e) {
    String reason = e.getReason();
    return reason != null && reason.contains("Transport endpoint is not connected");
  }
}
