package dev.glassbox.request;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Objects;

/**
 * What this machine offers to builds: its Nix-style system name and its physical memory; the
 * validator compares {@code constraints.system} and {@code constraints.minMemory} with it.
 *
 * @param system {@code x86_64-linux}, {@code aarch64-linux}, or {@code <arch>-<os>} elsewhere
 * @param physicalMemory bytes of RAM
 */
public record HostFacts(String system, long physicalMemory) {
  public HostFacts {
    Objects.requireNonNull(system, "system");
    if (physicalMemory < 0) {
      throw new IllegalArgumentException("physical memory cannot be negative: " + physicalMemory);
    }
  }

  /** The facts of the machine this JVM runs on. */
  public static HostFacts detect() {
    return new HostFacts(thisSystem(), physicalMemoryOfThisMachine());
  }

  /**
   * This machine's system name alone: unlike {@link #detect()} it does not start the JVM's
   * management beans (for the memory), a tenth of a second the window's start need not wait for.
   */
  public static String thisSystem() {
    return systemOf(System.getProperty("os.arch", "unknown"), System.getProperty("os.name", "unknown"));
  }

  /** Nix's system name for a JVM {@code os.arch} / {@code os.name} pair. */
  static String systemOf(String osArch, String osName) {
    String arch = osArch.toLowerCase(Locale.ROOT);
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      arch = "x86_64";
    } else if (arch.equals("arm64")) {
      arch = "aarch64";
    }
    String os = osName.toLowerCase(Locale.ROOT).replace(' ', '_');
    return arch + "-" + os;
  }

  private static long physicalMemoryOfThisMachine() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    // A JVM without the extension cannot tell; 0 makes every minMemory above 0 a clear violation
    // rather than an unchecked promise.
    return 0;
  }
}
