package dev.glassbox.cli;

import picocli.CommandLine;

/** {@code --version}: Glassbox's version and the runtime pieces it found. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = GlassboxCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "glassbox " + (v != null ? v : "(development build)"),
      "java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vm.name")
          + ", "
          + System.getProperty("java.home")
          + ")",
      "runc " + ToolVersions.runc(),
      "libfuse " + ToolVersions.libfuse2()
    };
  }
}
