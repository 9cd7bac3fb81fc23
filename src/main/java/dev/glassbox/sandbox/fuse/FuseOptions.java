package dev.glassbox.sandbox.fuse;

/**
 * What the input filesystem shows besides the inputs themselves (engine-spec §5.1).
 *
 * @param listRoot whether the mount root can be listed; when false, opendir of the root fails with
 *     EPERM and inputs are reachable only by their exact names
 * @param showXattr whether the {@code user.tvix.castore.*.digest} extended attributes are served;
 *     when false, the xattr calls answer ENOSYS
 */
public record FuseOptions(boolean listRoot, boolean showXattr) {
  /** What the OCI builder uses: no root listing, no xattrs (tvix's defaults). */
  public static final FuseOptions DEFAULT = new FuseOptions(false, false);
}
