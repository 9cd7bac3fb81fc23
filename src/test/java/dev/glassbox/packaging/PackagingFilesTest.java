package dev.glassbox.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The Debian package's own files (packaging/deb, packaging/build-deb, assets/icons) agree with
 * each other and with the rest of Glassbox. The package itself is built, installed and run by
 * .ci/deb-smoke.
 */
class PackagingFilesTest {
  private static final Path BUILD_DEB = Path.of("packaging/build-deb");
  private static final Path WRAPPER = Path.of("packaging/deb/root/usr/bin/glassbox");
  private static final Path DESKTOP = Path.of("packaging/deb/root/usr/share/applications/glassbox.desktop");
  private static final Path MIME = Path.of("packaging/deb/root/usr/share/mime/packages/glassbox.xml");

  @Test
  void theDebDependsOnWhatSetupDepsInstallsToRunGlassboxAndItsWindow() throws IOException {
    String setupDeps = Files.readString(Path.of("packaging/setup-deps"));
    List<String> needed = new ArrayList<>(words(group(setupDeps, "(?m)^pkgs=\\(([^)]*)\\)")));
    needed.addAll(words(group(setupDeps, "--gui\\) pkgs\\+=\\(([^)]*)\\)")));

    String depends = group(Files.readString(BUILD_DEB), "--linux-package-deps \"([^\"]*)\"");
    List<String> declared = Arrays.stream(depends.split(",")).map(String::strip).toList();

    assertThat(needed).isNotEmpty();
    assertThat(declared).containsAll(needed);
  }

  @Test
  void theWrapperSetsAUtf8LocaleOnlyWhenNoneIsSetAndPassesArgumentsThrough(@TempDir Path dir)
      throws Exception {
    Path stub = dir.resolve("launcher");
    Files.writeString(stub, "#!/bin/sh\nprintf '[%s]\\n' \"${LC_ALL:-}\" \"$@\"\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    String wrapper = Files.readString(WRAPPER);
    assertThat(wrapper).contains("exec /opt/glassbox/bin/glassbox \"$@\"");
    Path copy = dir.resolve("glassbox");
    Files.writeString(copy, wrapper.replace("/opt/glassbox/bin/glassbox", stub.toString()));

    assertThat(runWrapper(copy, Map.of(), "build", "a b.json", "")).isEqualTo("[C.UTF-8]\n[build]\n[a b.json]\n[]\n");
    assertThat(runWrapper(copy, Map.of("LANG", "C"))).isEqualTo("[C.UTF-8]\n");
    assertThat(runWrapper(copy, Map.of("LC_ALL", "POSIX", "LANG", "en_US.UTF-8"))).isEqualTo("[C.UTF-8]\n");
    assertThat(runWrapper(copy, Map.of("LANG", "de_DE.UTF-8"))).isEqualTo("[]\n");
    assertThat(runWrapper(copy, Map.of("LC_CTYPE", "en_GB.utf8"))).isEqualTo("[]\n");
    assertThat(runWrapper(copy, Map.of("LC_ALL", "en_US.UTF-8"))).isEqualTo("[en_US.UTF-8]\n");
  }

  @Test
  void theWrapperUsesTheSameLocaleRuleAsTheLauncherInTheCheckout() throws IOException {
    String rule = "case \"${LC_ALL:-${LC_CTYPE:-${LANG:-}}}\" in\n  *UTF-8*|*utf8*|*UTF8*|*utf-8*) ;;";
    assertThat(Files.readString(Path.of("packaging/glassbox"))).contains(rule);
    assertThat(Files.readString(WRAPPER)).contains(rule);
  }

  @Test
  void theDesktopEntryStartsTheCommandWithTheIconAndMatchesTheWindowClass() throws IOException {
    Map<String, String> entry = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DESKTOP)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        entry.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(Files.readAllLines(DESKTOP).get(0)).isEqualTo("[Desktop Entry]");
    assertThat(entry)
        .containsEntry("Type", "Application")
        .containsEntry("Name", "Glassbox")
        // %f: a file manager's "open with" passes one request file, which the window opens.
        .containsEntry("Exec", "glassbox %f")
        .containsEntry("MimeType", "application/x-glassbox-request;")
        .containsEntry("Icon", "glassbox")
        .containsEntry("Terminal", "false")
        // JavaFX names the window's WM_CLASS after the Application class.
        .containsEntry("StartupWMClass", dev.glassbox.ui.GlassboxApp.class.getName());
  }

  @Test
  void theIconsHaveTheSizesTheirNamesSay() throws IOException {
    assertThat(Files.readString(Path.of("assets/icons/glassbox.svg"))).contains("<svg");
    for (int size : new int[] {48, 128, 256}) {
      Path png = Path.of("assets/icons/glassbox-" + size + ".png");
      try (InputStream in = Files.newInputStream(png);
          DataInputStream data = new DataInputStream(in)) {
        byte[] signature = data.readNBytes(8);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        data.readInt(); // IHDR length
        assertThat(new String(data.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        assertThat(data.readInt()).as(png + " width").isEqualTo(size);
        assertThat(data.readInt()).as(png + " height").isEqualTo(size);
      }
    }
  }

  @Test
  void theMimeTypeMatchesRequestFiles() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    var doc = factory.newDocumentBuilder().parse(MIME.toFile());
    var types = doc.getElementsByTagName("mime-type");
    assertThat(types.getLength()).isEqualTo(1);
    Element type = (Element) types.item(0);
    assertThat(type.getAttribute("type")).isEqualTo("application/x-glassbox-request");
    Element glob = (Element) type.getElementsByTagName("glob").item(0);
    assertThat(glob.getAttribute("pattern")).isEqualTo("*.glassbox.json");
    Element parent = (Element) type.getElementsByTagName("sub-class-of").item(0);
    assertThat(parent.getAttribute("type")).isEqualTo("application/json");
  }

  @Test
  void theLauncherLooksForTheArchiveWherePostinstMakesIt() throws IOException {
    String buildDeb = Files.readString(BUILD_DEB);
    assertThat(buildDeb).contains("--java-options '-XX:SharedArchiveFile=$APPDIR/glassbox.jsa'");
    assertThat(buildDeb).contains("--install-dir /opt").contains("--name glassbox");
    // $APPDIR of an app-image named glassbox installed under /opt.
    String postinst = Files.readString(Path.of("packaging/deb/jpackage/postinst"));
    assertThat(postinst).contains("app=/opt/glassbox/lib/app").contains("-XX:SharedArchiveFile=$app/glassbox.jsa");
    assertThat(Files.readString(Path.of("packaging/deb/jpackage/prerm")))
        .contains("rm -f /opt/glassbox/lib/app/glassbox.jsa");
  }

  @Test
  void theTerminalsNativeLibrariesComeFromTheImage() throws IOException {
    String buildDeb = Files.readString(BUILD_DEB);
    // pty4j looks in <folder>/linux/x86-64/libpty.so; JNA in jna.boot.library.path.
    assertThat(buildDeb)
        .contains("resources/com/pty4j/native/linux/x86-64/libpty.so")
        .contains("\"$out/input/lib/pty4j/linux/x86-64\"")
        .contains("--java-options '-Dpty4j.preferred.native.folder=$APPDIR/lib/pty4j'")
        .contains("com/sun/jna/linux-x86-64/libjnidispatch.so")
        .contains("--java-options '-Djna.boot.library.path=$APPDIR/lib'");
  }

  private static String runWrapper(Path wrapper, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", wrapper.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("GLASSBOX_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("/" + regex + "/ in the file").isTrue();
    return m.group(1);
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.strip().split("\\s+")).toList();
  }
}
