package dev.glassbox.sandbox.fuse;

import dev.glassbox.castore.StoreException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import ru.serce.jnrfuse.ErrorCodes;

/**
 * The only way from an exception to an errno in the input filesystem: fuse-backend-rs's {@code
 * encode_io_error_kind} (engine-spec §5.3), with every store error mapped to EIO.
 */
final class ErrnoMapping {
  // Resolved once: ErrorCodes looks the platform values up through jnr-constants on every call.
  static final int ENOENT = ErrorCodes.ENOENT();
  static final int ENOTDIR = ErrorCodes.ENOTDIR();
  static final int EISDIR = ErrorCodes.EISDIR();
  static final int EIO = ErrorCodes.EIO();
  static final int EPERM = ErrorCodes.EPERM();
  static final int ENOSYS = ErrorCodes.ENOSYS();
  static final int ENODATA = ErrorCodes.ENODATA();
  static final int ERANGE = ErrorCodes.ERANGE();
  static final int EROFS = ErrorCodes.EROFS();
  static final int EINVAL = ErrorCodes.EINVAL();
  static final int EINTR = ErrorCodes.EINTR();
  static final int EEXIST = ErrorCodes.EEXIST();

  private ErrnoMapping() {}

  /** The positive errno for {@code t}; anything not recognised is EIO. */
  static int errnoOf(Throwable t) {
    if (t instanceof StoreException) {
      // Missing directories and blobs as well as broken stores: the build sees an I/O error.
      return EIO;
    }
    if (t instanceof NoSuchFileException) {
      return ENOENT;
    }
    if (t instanceof AccessDeniedException) {
      return EPERM;
    }
    if (t instanceof FileAlreadyExistsException) {
      return EEXIST;
    }
    if (t instanceof ClosedByInterruptException || t instanceof InterruptedIOException) {
      return EINTR;
    }
    return EIO;
  }
}
