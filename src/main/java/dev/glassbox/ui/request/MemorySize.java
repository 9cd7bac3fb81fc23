package dev.glassbox.ui.request;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people type them ({@code 4 GiB}, {@code 512M}, {@code 1.5G}, {@code 2147483648}) and
 * as they read them back; values are unsigned 64-bit byte counts like {@code minMemory}.
 */
final class MemorySize {
  private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtKMGT]?)(i?)([bB]?)");

  private MemorySize() {}

  /**
   * The byte count of {@code text}, or empty when it is not a size. {@code K}, {@code M}, {@code
   * G}, {@code T} with or without {@code iB} are powers of 1024 (as memory is sold); {@code KB},
   * {@code MB}… are powers of 1000. Blank text is 0, the proto default. Fractions of a byte are
   * dropped.
   */
  static OptionalLong parse(String text) {
    String s = text.strip().replace("_", "").replace(",", "");
    if (s.isEmpty()) {
      return OptionalLong.of(0);
    }
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    boolean binary = !m.group(3).isEmpty() || m.group(4).isEmpty();
    if (unit.isEmpty() && !m.group(3).isEmpty()) {
      return OptionalLong.empty();
    }
    int power = unit.isEmpty() ? 0 : "KMGT".indexOf(unit) + 1;
    BigDecimal base = BigDecimal.valueOf(binary ? 1024 : 1000).pow(power);
    BigInteger bytes = new BigDecimal(m.group(1)).multiply(base).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    if (bytes.compareTo(U64_LIMIT) >= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(bytes.longValue());
  }

  /** A short reading of an unsigned byte count: {@code 4 GiB}, {@code 1.5 MiB}, {@code 512 bytes}. */
  static String format(long bytes) {
    BigDecimal b = new BigDecimal(new BigInteger(Long.toUnsignedString(bytes)));
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (b.compareTo(BigDecimal.valueOf(1024)) < 0) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    int u = -1;
    while (u + 1 < units.length && b.compareTo(BigDecimal.valueOf(1024)) >= 0) {
      b = b.divide(BigDecimal.valueOf(1024));
      u++;
    }
    BigDecimal shown = b.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return shown.toPlainString() + " " + units[u];
  }
}
