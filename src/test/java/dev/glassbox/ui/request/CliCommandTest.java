package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Copy as CLI command": quoting, and the command run by a real shell against a stand-in glassbox. */
class CliCommandTest {
  @TempDir Path tmp;

  @Test
  void plainWordsStayAndEverythingElseIsSingleQuoted() {
    assertThat(CliCommand.quote("/tmp/a.json")).isEqualTo("/tmp/a.json");
    assertThat(CliCommand.quote("my requests/a b.json")).isEqualTo("'my requests/a b.json'");
    assertThat(CliCommand.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(CliCommand.quote("$HOME")).isEqualTo("'$HOME'");
    assertThat(CliCommand.quote("")).isEqualTo("''");
  }

  @Test
  void aSavedUnchangedRequestRunsFromItsFile() {
    String cmd = CliCommand.of(Path.of("/tmp/my requests/hello.json"), true, RequestForm.empty(), null, null);
    assertThat(cmd).isEqualTo("glassbox build '/tmp/my requests/hello.json'");
    String store = CliCommand.of(Path.of("/tmp/h.json"), true, RequestForm.empty(), null, Path.of("/srv/store 2"));
    assertThat(store).isEqualTo("glassbox build --store '/srv/store 2' /tmp/h.json");
  }

  @Test
  void anUnsavedRequestIsWrittenByTheCommandItselfWithAbsoluteHostPaths() throws Exception {
    Path base = Files.createDirectories(tmp.resolve("req dir"));
    RequestForm form = RequestForm.template("x86_64-linux", new Random(5))
        .withInputs(List.of(new InputEntry("src", new HostInput("hello src"))))
        .withCommandArgs(List.of("/bin/sh", "-c", "echo \"$out\" 'it''s' `date` $(id) \\ done"));
    String cmd = CliCommand.of(base.resolve("r.json"), false, form, base, tmp.resolve("the store"));

    // A stand-in glassbox that records its arguments and the request file it was given.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path fake = bin.resolve("glassbox");
    Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$RECORD.args\"\neval \"cat \\\"\\${$#}\\\"\" > \"$RECORD.json\"\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("RECORD", tmp.resolve("record").toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    List<String> args = Files.readAllLines(tmp.resolve("record.args"));
    assertThat(args.subList(0, 3)).containsExactly("build", "--store", tmp.resolve("the store").toString());
    String json = Files.readString(tmp.resolve("record.json"));
    RequestForm received = FormJson.parse(json).form();
    assertThat(received.inputs()).containsExactly(new InputEntry("src", new HostInput(base.resolve("hello src").toString())));
    assertThat(received.withInputs(form.inputs())).isEqualTo(form);
  }
}
