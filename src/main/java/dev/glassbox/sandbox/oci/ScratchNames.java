package dev.glassbox.sandbox.oci;

import dev.glassbox.castore.blake3.Blake3;
import java.nio.charset.StandardCharsets;

/**
 * The host directory name of a scratch path (engine-spec §2 {@code scratch_name}): RFC 4648
 * base32, upper case, with {@code =} padding, of the BLAKE3 digest of the path's bytes.
 */
public final class ScratchNames {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private ScratchNames() {}

  /** {@code of("nix/store")} is {@code SN566XP5HOO2D322W42EA3DZYPDYBMPRUF3TGFIMLXV54WM4CSNQ====}. */
  public static String of(String scratchPath) {
    return base32(Blake3.hash(scratchPath.getBytes(StandardCharsets.UTF_8)));
  }

  /** RFC 4648 §6 base32 with padding to a multiple of 8 characters. */
  static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length + 4) / 5 * 8);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    while (sb.length() % 8 != 0) {
      sb.append('=');
    }
    return sb.toString();
  }
}
