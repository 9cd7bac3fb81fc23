package dev.glassbox.sandbox.oci;

/**
 * One range of a user-namespace id map: {@code size} ids starting at {@code containerId} inside
 * are {@code hostId…} outside (OCI {@code linux.uidMappings}/{@code gidMappings}).
 */
public record IdMapping(long hostId, long containerId, long size) {
  private static final long U32_MAX = 0xffff_ffffL;

  public IdMapping {
    if (hostId < 0 || hostId > U32_MAX || containerId < 0 || containerId > U32_MAX) {
      throw new IllegalArgumentException(
          "ids are 32-bit unsigned, got host " + hostId + " and container " + containerId);
    }
    if (size < 1 || size > U32_MAX) {
      throw new IllegalArgumentException("a mapping covers 1 to 2^32-1 ids, got " + size);
    }
  }
}
